"""Every URL name a template uses exists: a renamed view fails here, not on a page."""

import itertools
import re
from pathlib import Path

from django.conf import settings
from django.urls import NoReverseMatch, reverse

import pytest

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# {% url 'app:name' arg ... %} or {% url "name" ... %}
URL_TAG = re.compile(r"{%\s*url\s+['\"]([\w:-]+)['\"]([^%]*)%}")


def _url_tags() -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (URL name, template, the names of its arguments) for every url tag."""
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*"):
            if path.suffix not in {".html", ".txt", ".xml"}:
                continue
            for match in URL_TAG.finditer(path.read_text()):
                words = match.group(2).split()
                if "as" in words:  # {% url 'name' arg as variable %}
                    words = words[: words.index("as")]
                arguments = tuple(word.partition("=")[0] for word in words)
                found.append((match.group(1), str(path.relative_to(ROOT)), arguments))
    return found


URL_TAGS = _url_tags()
# Sample values for the path converters of the project's URLs: int, slug, str.
SAMPLES = ("1", "sample-code")


def test_templates_use_url_names():
    assert len(URL_TAGS) > 50  # the scan finds the project's templates


@pytest.mark.parametrize(
    ("name", "template", "arguments"),
    URL_TAGS,
    ids=[f"{template}:{name}" for name, template, _a in URL_TAGS],
)
def test_every_url_name_in_a_template_reverses(name, template, arguments):
    """Reverse the name with sample values in place of the template's arguments."""
    errors = []
    for values in itertools.product(SAMPLES, repeat=len(arguments)):
        # {% url 'name' pk=case.pk %} passes keywords, {% url 'name' case.pk %} not.
        kwargs = dict(zip(arguments, values, strict=True))
        for call in ({"kwargs": kwargs}, {"args": list(values)}):
            try:
                reverse(name, **call)
            except NoReverseMatch as error:
                errors.append(str(error))
            else:
                return
    pytest.fail(f"{template}: {{% url '{name}' ... %}} does not reverse: {errors[0]}")
