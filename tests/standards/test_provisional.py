"""A report over a period that had not ended when it was made is provisional: marked
on the page, on every PDF page and in the CSV, and it cannot be published; pending
cases are shown beside the on-time shares (#11)."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from pypdf import PdfReader

from requests_app.roles import Role
from standards import services
from standards.exports import report_csv
from standards.models import Report
from standards.periods import (
    Period,
    PeriodKind,
    period_is_provisional,
    period_last_complete,
)
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_for
from tests.feedback.factories import ComplaintFactory
from tests.requests_app.factories import StaffFactory

from .factories import SOFIA, ReportFactory
from .test_csv_excel import csv_table

DECEMBER = Period("month", datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
ON_1_DECEMBER = datetime.datetime(2026, 12, 1, 10, tzinfo=SOFIA)
ON_2_JANUARY = datetime.datetime(2027, 1, 2, 10, tzinfo=SOFIA)


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("end", "as_of", "is_provisional"),
    [
        pytest.param("2026-12-31", "2026-12-01", True, id="made-within-the-period"),
        pytest.param("2026-12-31", "2026-12-31", True, id="made-on-the-last-day"),
        pytest.param("2026-12-31", "2027-01-01", False, id="made-the-day-after"),
        pytest.param("2026-09-30", "2026-12-01", False, id="made-months-after"),
    ],
)
def test_period_is_provisional(end, as_of, is_provisional):
    period = Period(
        "custom", datetime.date(2026, 7, 1), datetime.date.fromisoformat(end)
    )
    as_of_day = datetime.date.fromisoformat(as_of)
    assert period_is_provisional(period, as_of=as_of_day) is is_provisional


@pytest.mark.parametrize("kind", [PeriodKind.QUARTER, PeriodKind.YEAR])
@pytest.mark.parametrize(
    "today",
    [
        pytest.param(datetime.date(2026, 1, 1), id="new-year"),
        pytest.param(datetime.date(2026, 3, 31), id="last-day-of-q1"),
        pytest.param(datetime.date(2026, 4, 1), id="first-day-of-q2"),
        pytest.param(datetime.date(2026, 12, 31), id="new-year-eve"),
    ],
)
def test_a_scheduled_report_covers_only_an_ended_period(kind, today):
    period = period_last_complete(kind=kind, today=today)
    assert period_is_provisional(period, as_of=today) is False


@pytest.mark.django_db
def test_scheduled_reports_are_not_provisional(django_capture_on_commit_callbacks):
    reports = services.report_schedule(kind="quarter", today=datetime.date(2026, 12, 1))
    assert {(r.start_on, r.end_on) for r in reports} == {
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    }
    assert {r.is_provisional for r in reports} == {False}


@pytest.mark.django_db
def test_page_and_csv_of_an_unfinished_period_are_provisional_with_pending_cases():
    """Made on 1 December: complaints due on 8 December are pending, not missed."""
    ComplaintFactory.create_batch(
        5,
        received_on=datetime.date(2026, 12, 1),
        acknowledge_due_on=datetime.date(2026, 12, 8),
        decide_due_on=datetime.date(2026, 12, 31),
    )
    data = report_build(period=DECEMBER, scope=scope_for(), now=ON_1_DECEMBER)
    assert data.is_provisional is True
    rows = {row.indicator.code: row for row in data.rows}
    acknowledged = rows["complaints_acknowledged_share"]
    assert acknowledged.value_text == "—"  # not "0.0 %": nothing is due yet
    assert acknowledged.pending_text == "5 pending, not yet due"
    table = csv_table(report_csv(data))
    assert {r["Provisional"] for r in table} == {"yes"}
    by_name = {r["Indicator"]: r for r in table if r["Scope"] == "Whole municipality"}
    acknowledged_name = "Complaints and signals acknowledged within 7 days"
    assert by_name[acknowledged_name]["Pending, not yet due"] == "5"
    assert by_name["Requests received"]["Pending, not yet due"] == ""
    final = report_build(period=DECEMBER, scope=scope_for(), now=ON_2_JANUARY)
    assert final.is_provisional is False
    final_rows = {row.indicator.code: row for row in final.rows}
    assert final_rows["complaints_acknowledged_share"].value_text == "0.0 %"
    assert final_rows["complaints_acknowledged_share"].pending_text == (
        "0 pending, not yet due"
    )
    final_table = csv_table(report_csv(final))
    assert {r["Provisional"] for r in final_table} == {"no"}


@pytest.mark.django_db
def test_dashboard_marks_a_period_that_has_not_ended(client):
    client.force_login(StaffFactory(role=Role.MANAGER))
    today = timezone.localdate()
    response = client.get(
        url("standards:dashboard"),
        {
            "period_kind": "custom",
            "year": str(today.year),
            "start": today.replace(day=1).isoformat(),
            "end": (today + datetime.timedelta(days=20)).isoformat(),
        },
    )
    assert 'id="report-provisional"' in response.content.decode()


@pytest.mark.django_db
def test_every_pdf_page_of_a_provisional_report_says_so():
    report = ReportFactory(
        period_kind="month",
        start_on=DECEMBER.start,
        end_on=DECEMBER.end,
        started_at=ON_1_DECEMBER,
    )
    pdf, _csv = services.report_documents(report)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1
    assert all("PROVISIONAL" in page for page in pages)


def done_report(started_at: datetime.datetime) -> Report:
    return ReportFactory(
        period_kind="month",
        start_on=DECEMBER.start,
        end_on=DECEMBER.end,
        status=Report.Status.DONE,
        started_at=started_at,
    )


@pytest.mark.django_db
def test_a_provisional_report_cannot_be_published(manager):
    report = done_report(ON_1_DECEMBER)
    with pytest.raises(services.ReportProvisional, match="provisional"):
        services.report_publish(report=report, by=manager)
    report.refresh_from_db()
    assert report.is_published is False
    final = done_report(ON_2_JANUARY)
    assert services.report_publish(report=final, by=manager).is_published is True


@pytest.mark.django_db
def test_the_publish_button_is_not_offered_and_a_forged_post_is_refused(
    client, manager
):
    report = done_report(ON_1_DECEMBER)
    client.force_login(manager)
    page = client.get(url("standards:report-status", pk=report.pk)).content.decode()
    publish = url("standards:report-publish", pk=report.pk)
    assert publish not in page
    assert 'id="report-provisional"' in page
    response = client.post(publish, follow=True)
    assert "This report is provisional" in response.content.decode()
    report.refresh_from_db()
    assert report.is_published is False


@pytest.mark.django_db
def test_a_pending_count_under_5_about_complaints_is_withheld():
    ComplaintFactory(
        received_on=datetime.date(2026, 12, 1),
        acknowledge_due_on=datetime.date(2026, 12, 8),
    )
    data = report_build(period=DECEMBER, scope=scope_for(), now=ON_1_DECEMBER)
    row = {r.indicator.code: r for r in data.rows}["complaints_acknowledged_share"]
    assert row.pending_text == "fewer than 5 pending, not yet due"
    table = csv_table(report_csv(data))
    pending = {r["Indicator"]: r["Pending, not yet due"] for r in table}
    assert pending["Complaints and signals acknowledged within 7 days"] == ""
