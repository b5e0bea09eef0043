"""The home page and the public performance page in Chromium (#14): axe-core clean in
bg and en at 1280 and 320 px, no sideways scrolling of the page at 320 px, and the
search from the home page lands on the catalogue."""

import datetime
import re

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from tests.requests_app.factories import ServiceFactory

from .factories import completed, survey_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 320]


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def figures():
    """Two services of two departments with requests and survey answers this year:
    one with five answers (published), one with two (withheld)."""
    heirs = ServiceFactory(
        name_bg="Издаване на удостоверение за наследници",
        name_en="Certificate of heirs",
        keywords_en="heirs",
    )
    sketch = ServiceFactory(
        name_bg="Издаване на скица на поземлен имот",
        name_en="Sketch of a land plot",
    )
    for days in (60, 40, 20):
        completed(
            heirs,
            received=days_ago(days),
            closed=days_ago(days - 3),
            due=days_ago(days - 7),
        )
    completed(sketch, received=days_ago(50), closed=days_ago(10), due=days_ago(36))
    survey_answers(5, 5, 4, 4, 3, service=heirs, day=days_ago(15))
    survey_answers(2, 5, service=sketch, day=days_ago(9))
    return heirs, sketch


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide at {viewport} px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_home_and_performance_pass_axe(
    page: Page, live_server, figures, axe_check, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/{language}/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("#municipality-performance")).to_be_visible()
    axe_check(page)
    no_sideways_scroll(page)

    page.goto(f"{live_server.url}/{language}/performance/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("#services-table")).to_be_visible()
    axe_check(page)
    no_sideways_scroll(page)


def test_home_search_leads_to_the_service_and_its_figures(
    page: Page, live_server, figures
):
    heirs, _ = figures
    page.goto(f"{live_server.url}/en/")
    page.get_by_label("Search the services").fill("heirs")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/services/\?q=heirs"))
    page.get_by_role("link", name="Certificate of heirs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate of heirs")

    page.goto(f"{live_server.url}/en/performance/")
    row = page.locator(f'tr[data-scope="service:{heirs.pk}"]')
    expect(row.locator('[data-figure="on_time"]')).to_contain_text("100.0 %")
    expect(row.locator('[data-figure="satisfaction"]')).to_contain_text("4.20")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the figures (CSV for Excel)").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf"
