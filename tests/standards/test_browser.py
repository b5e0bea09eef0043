"""A manager builds, downloads and publishes a quarterly report in Chromium (#5).

Celery runs eagerly in tests, so the report is ready when the status page first shows;
axe-core checks the dashboard, standards, charter and archive in both languages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from requests_app.roles import Role
from standards.models import Report
from tests.requests_app.factories import ServiceFactory, StaffFactory

from .factories import TargetFactory, completed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def department():
    service = ServiceFactory(
        department__name_bg="Устройство на територията",
        department__name_en="Urban Planning",
    )
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    return service.department


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/en/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo12345")
    page.get_by_role("button", name="Sign in").click()


def test_manager_generates_downloads_and_publishes_a_quarterly_report(
    page: Page, live_server, department, axe_check
):
    manager = StaffFactory(role=Role.MANAGER)
    sign_in(page, live_server.url, manager.username)
    page.goto(f"{live_server.url}/en/staff/dashboard/")
    axe_check(page)
    # By id: the charts' descriptions also mention the period and departments.
    page.locator("#id_period_kind").select_option("quarter")
    page.locator("#id_year").fill("2026")
    page.locator("#id_number").fill("1")
    page.locator("#id_department").select_option(label="Urban Planning")
    page.get_by_role("button", name="Show the results").click()
    on_time = page.locator('tr[data-indicator="on_time_share"] td.value')
    expect(on_time).to_have_text("50.0 %")
    axe_check(page)

    page.get_by_role("button", name="Generate the PDF and CSV report").click()
    expect(page.locator("#report-status")).to_have_text("Ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF report").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.get_by_role("button", name="Publish in the public archive").click()
    expect(page.get_by_role("status").first).to_contain_text("public archive")
    report = Report.objects.get()
    assert report.is_published is True

    page.goto(f"{live_server.url}/en/reports/")
    expect(page.get_by_text(report.pdf_sha256)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("PDF report"))).to_be_visible()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_public_pages_and_dashboard_pass_axe(
    page: Page, live_server, language, axe_check
):
    for path in ("standards/", "charter/", "reports/"):
        page.goto(f"{live_server.url}/{language}/{path}")
        expect(page.locator("h1")).to_have_count(1)
        axe_check(page)
    manager = StaffFactory(role=Role.MANAGER)
    sign_in(page, live_server.url, manager.username)
    page.goto(f"{live_server.url}/{language}/staff/dashboard/")
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)


def test_status_page_follows_progress_until_the_report_is_ready(
    page: Page, live_server, department
):
    """The page polls (htmx) while the worker runs; no reload needed (#5)."""
    import datetime

    from standards.services import report_generate

    manager = StaffFactory(role=Role.MANAGER)
    report = Report.objects.create(
        period_kind="quarter",
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="department",
        department=department,
        scope_key=f"department:{department.pk}",
        language="en",
    )
    sign_in(page, live_server.url, manager.username)
    page.goto(f"{live_server.url}/en/staff/dashboard/reports/{report.pk}/")
    expect(page.locator("#report-status")).to_have_text("Waiting to start")
    report_generate(report_id=report.pk)  # what the Celery worker does
    expect(page.locator("#report-status")).to_have_text("Ready", timeout=10_000)
    expect(page.get_by_role("link", name="Download the PDF report")).to_be_visible()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_target_pages_pass_axe_and_fit_320_pixels(
    page: Page, live_server, language, axe_check
):
    """The managers' targets: list, the form with an error, the confirmation (#10)."""
    target = TargetFactory(note="Прието от кмета / Agreed with the mayor")
    manager = StaffFactory(role=Role.MANAGER, is_staff=False)
    sign_in(page, live_server.url, manager.username)
    base = f"{live_server.url}/{language}/staff/targets"

    def check() -> None:
        expect(page.locator("h1")).to_have_count(1)
        axe_check(page)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 321, f"{page.url} is {width}px wide at 320px"
        page.set_viewport_size({"width": 1280, "height": 720})

    page.goto(f"{base}/")
    check()
    page.goto(f"{base}/add/")
    page.locator("#id_indicator").select_option("on_time_share")
    page.locator("#id_value").fill("150")
    page.locator("#id_valid_from").fill("2026-04-01")
    page.locator("#submit-id-save").click()
    expect(page.locator("#id_value_error")).to_be_visible()
    expect(page.locator("#id_value")).to_have_value("150")
    check()
    page.goto(f"{base}/{target.pk}/delete/")
    check()
