"""The suite's order: browser tests run apart from the others.

pytest-playwright moves every test that uses a fixture named `page` next to the browser
tests. The transactional browser tests empty the database after themselves, so a
database test pulled in among them loses the standards that the migrations seeded,
and unrelated tests fail far away. A module's own fixture or parameter must therefore
never be called `page` (#12 met this twice).
"""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
OWN_PAGE = re.compile(
    r"@pytest\.fixture[^\n]*\n(?:\s*@[^\n]*\n)*\s*def page\("  # a fixture named page
    r"|parametrize\(\s*[\"'](?:[^\"']*,\s*)?page\b"  # a parameter named page
)


def test_no_test_module_names_its_own_fixture_or_parameter_page():
    offenders = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if path != Path(__file__).resolve()
        and OWN_PAGE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_recognises_both_forms():
    assert OWN_PAGE.search("@pytest.fixture\ndef page(client):\n")
    assert OWN_PAGE.search('@pytest.mark.parametrize("kind, page", [])')
    assert not OWN_PAGE.search("def test_x(page):\n")  # the browser fixture itself
