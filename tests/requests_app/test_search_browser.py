"""The catalogue search in Chromium (#15): a misspelt Bulgarian query, "did you mean",
the empty page's most used services and phone; axe and no sideways scroll at 1280 and
320 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from requests_app.demo.loader import demo_load
from requests_app.models import Service

from .factories import CitizenRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 320]
HEIRS = "Издаване на удостоверение за наследници"
GRAO = "Гражданска регистрация и административно обслужване (ГРАО)"
# "наследници" (heirs) as heard: too far off to match, close enough to suggest.
MISSPELT = "наслетнитси"


@pytest.fixture
def demo_catalogue():
    demo_load(with_accounts=False)
    # Most asked for this year: the heirs' certificate, then the plot sketch.
    for code, count in [("heirs-certificate", 3), ("land-plot-sketch", 1)]:
        service = Service.objects.get(code=code)
        for _ in range(count):
            CitizenRequestFactory(service=service)


def check_layout(page: Page, axe_check) -> None:
    """axe-core clean and nothing wider than the window, at each width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        axe_check(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px: {scroll}"
    page.set_viewport_size({"width": 1280, "height": 900})


def search(page: Page, query: str) -> None:
    page.locator("#id_q").fill(query)
    page.locator("#id_q").press("Enter")
    page.wait_for_url(re.compile(r"/services/\?q=.+"))


def test_misspelt_query_finds_the_service_first(
    page: Page, live_server, demo_catalogue, axe_check
):
    page.goto(f"{live_server.url}/bg/services/")

    search(page, "удостовериние за наследнци")

    first = (
        page.get_by_role("list", name=re.compile("Резултати от търсенето"))
        .get_by_role("listitem")
        .first
    )
    expect(first.get_by_role("link")).to_have_text(HEIRS)
    expect(first).to_contain_text(GRAO)
    check_layout(page, axe_check)
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEIRS)


def test_did_you_mean_leads_to_the_results(
    page: Page, live_server, demo_catalogue, axe_check
):
    page.goto(f"{live_server.url}/bg/services/")

    search(page, MISSPELT)

    expect(page.locator("#no-results")).to_contain_text("Може би търсите:")
    popular = page.get_by_role("region", name="Най-търсени услуги")
    expect(popular.get_by_role("link").first).to_have_text(HEIRS)
    expect(page.locator("#information-desk a[href^='tel:']")).to_be_visible()
    check_layout(page, axe_check)

    page.locator("#did-you-mean").get_by_role("link", name="наследници").click()

    expect(page.locator("#id_q")).to_have_value("наследници")
    first = page.locator("#search-results > li").first
    expect(first.get_by_role("link")).to_have_text(HEIRS)
    check_layout(page, axe_check)
