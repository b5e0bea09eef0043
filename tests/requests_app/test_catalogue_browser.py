"""The catalogue in Chromium: search, open a service, axe in bg and en (#2)."""

import re

import pytest
from playwright.sync_api import Page, expect

from requests_app.demo.loader import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue():
    demo_load(with_accounts=False)


def test_find_a_service_by_search_and_open_it(page: Page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/bg/services/")

    page.locator("#id_q").fill("ДАНЪЧНА")
    page.locator("#id_q").press("Enter")

    expect(page).to_have_url(re.compile(r"/bg/services/\?q=.+"))
    # Ranked results (#15), each with its department: only tax services match.
    results = page.locator("#search-results > li")
    expect(results.first).to_contain_text("Местни данъци и такси")
    for text in results.all_inner_texts():
        assert "Местни данъци и такси" in text
    heirs = page.get_by_role("link", name="Издаване на удостоверение за наследници")
    expect(heirs).to_have_count(0)
    page.get_by_role("link", name="Издаване на удостоверение за данъчна оценка").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Издаване на удостоверение за данъчна оценка"
    )
    page.locator("#id_filed_on").fill("2026-12-10")
    page.locator("#due-date-calculator button[type=submit]").click()
    expect(page.locator("#calculated-due-date")).to_contain_text("Бъдни вечер")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_catalogue_and_service_pages_pass_axe(
    page: Page, live_server, demo_catalogue, axe_check, language
):
    for path in [
        "services/",
        "services/?q=xyzzy",
        "services/tax-valuation-certificate/?filed_on=2026-12-10",
        "services/tax-valuation-certificate/?filed_on=2026-13-45",
    ]:
        page.goto(f"{live_server.url}/{language}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        axe_check(page)
