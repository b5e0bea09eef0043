"""Every citation a citizen can see comes from one place, `requests_app.legal` (#11).

A legal basis shown to people is either data an administrator edits (a service's, an
extension reason's or a complaint kind's `legal_basis`) or an entry of
`requests_app.legal.LEGAL_SOURCES`. No template and no translated string of the code
names an act or an article itself: a wrong citation ("АПК art. 60" for the counting
rule) is then corrected in one place.
"""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.legal import LEGAL_SOURCES, NOT_EXAMINED
from tests.feedback.factories import ComplaintKindFactory

ROOT = Path(settings.BASE_DIR)
APPS = ("requests_app", "feedback", "standards", "open311", "servicedesk")
# A citation: an article, an act by its usual name or abbreviation.
CITATION = re.compile(
    r"\b[Aa]rts?\.\s*\d|чл\.\s*\d|\bАПК\b|\bЗДОИ\b|\bГПК\b|\bGDPR\b|\bОРЗД\b"
    r"|Procedure Code|процесуален кодекс"
)
TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
# Data, not code: seeds for the administrators' `legal_basis` fields, and history.
NOT_CODE = ("/migrations/", "/demo/", "/demo.py", "/management/commands/")


def _templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.*"))
    for app in APPS:
        found += sorted((ROOT / app / "templates").rglob("*.*"))
    return [path for path in found if path.suffix in {".html", ".txt", ".xml"}]


def _python_modules() -> list[Path]:
    modules = [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if not any(part in path.as_posix() for part in NOT_CODE)
    ]
    return [path for path in modules if path != ROOT / "requests_app" / "legal.py"]


def _is_models_module(path: Path) -> bool:
    return path.name == "models.py" or path.parent.name == "models"


def _strings(path: Path) -> list[tuple[int, str]]:
    """Return the string constants of a module that people may read.

    Docstrings are left out, and so are the help texts of model fields: the admin
    shows them to staff only, never to a citizen.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    staff_only = set()
    if _is_models_module(path):
        staff_only = {
            id(constant)
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "help_text"
            for constant in ast.walk(node.value)
        }
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        )
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and id(node) not in staff_only
    ]


def test_no_template_cites_an_act_or_article_itself():
    stray = []
    for path in _templates():
        text = TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        stray += [
            f"{path.relative_to(ROOT)}: {match.group(0)!r}"
            for match in CITATION.finditer(text)
        ]
    assert stray == []


def test_no_string_in_the_code_cites_an_act_or_article_itself():
    """Messages, labels and help texts take their citation from `requests_app.legal`."""
    stray = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for path in _python_modules()
        for line, text in _strings(path)
        if CITATION.search(text)
    ]
    assert stray == []


def test_the_deadline_module_no_longer_cites_the_wrong_article():
    """ "АПК art. 60" was wrong: that code's article 60 is not the counting rule."""
    text = (ROOT / "requests_app" / "deadlines.py").read_text(encoding="utf-8")
    assert "АПК art. 60" not in text


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("code", list(LEGAL_SOURCES))
def test_each_source_names_its_act_and_article_in_each_language(code, language):
    source = LEGAL_SOURCES[code]
    with translation.override(language):
        citation = source.citation()
        assert str(source.act) in citation
        assert str(source.article) in citation
        assert str(source.title)
    assert re.search(r"\d", citation)  # an article number, not only the act


@pytest.mark.parametrize("language", ["bg", "en"])
def test_template_tag_renders_the_table_s_citation(language):
    template = Template('{% load legal_sources %}{% legal_citation "apk-118" %}')
    with translation.override(language):
        assert template.render(Context()) == LEGAL_SOURCES["apk-118"].citation()


def test_unknown_citation_code_fails_loudly():
    template = Template('{% load legal_sources %}{% legal_citation "apk-60" %}')
    with pytest.raises(KeyError, match="apk-60"):
        template.render(Context())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
def test_filing_page_cites_the_anonymous_rule_from_the_table(client, language):
    ComplaintKindFactory(signal=True)
    with translation.override(language):
        page = client.get(reverse("feedback:complaint-create"))
        expected = NOT_EXAMINED.citation()
    assert expected in page.content.decode()
