"""The accessibility statement that EU public-sector sites must publish."""

import re

from django.urls import reverse
from django.utils import translation

import pytest


def visible_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_statement_is_public_and_lists_what_the_law_asks_for(client, settings):
    """Standard met, limitations, how to report, enforcement, review date."""
    settings.ACCESSIBILITY_CONTACT_EMAIL = "dostapnost@primerno.bg"
    settings.ACCESSIBILITY_ENFORCEMENT_URL = "https://enforcement.example/complaints"
    settings.ACCESSIBILITY_REVIEWED_ON = "2026-03-02"

    response = client.get("/en/accessibility/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "WCAG" in text
    assert "2.1" in text
    assert "EN 301 549" in text
    assert "Known limitations" in text
    assert 'href="mailto:dostapnost@primerno.bg"' in response.content.decode()
    assert 'href="https://enforcement.example/complaints"' in response.content.decode()
    assert "enforcement procedure" in text
    assert '<time datetime="2026-03-02">' in response.content.decode()
    assert "2 March 2026" in text


@pytest.mark.django_db
def test_statement_is_in_bulgarian_under_bg(client, settings):
    """The Bulgarian page is really Bulgarian, with a Bulgarian date."""
    settings.ACCESSIBILITY_REVIEWED_ON = "2026-03-02"

    response = client.get("/bg/accessibility/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="bg">' in html
    text = visible_text(response)
    assert "Декларация за достъпност" in text
    assert "Известни ограничения" in text
    assert "Accessibility statement" not in text
    assert "2026" in text
    assert "март" in text.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_page_footer_links_to_the_statement(client, language):
    """The statement is reachable from every page through the footer."""
    with translation.override(language):
        statement_url = reverse("accessibility")

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'href="{statement_url}"' in response.content.decode()
    assert statement_url == f"/{language}/accessibility/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_statement_itself_passes_axe_in_chromium(
    live_server, page, axe_check, language
):
    """The statement meets the WCAG 2.1 AA rules it claims (axe-core)."""
    page.goto(f"{live_server.url}/{language}/accessibility/")

    axe_check(page)
    assert page.locator("h1").count() == 1
