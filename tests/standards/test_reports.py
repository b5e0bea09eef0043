"""Indicators against targets, the CSV and the PDF of a report (#5).

Fixtures (Q1 2026): service A of department A completes 3 requests (2 on time), service
B of department B rejects 1 on time; Q4 2025: 1 request, on time. Survey: 3 answers for
service A (fewer than 5) and 3 for service B, every standard rated alike.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from standards.exports import CSV_COLUMNS, report_charts, report_csv
from standards.models import Report
from standards.periods import Period
from standards.selectors import report_build, scope_for
from standards.services import report_documents
from tests.requests_app.factories import ServiceFactory

from .factories import (
    ManagementCommentFactory,
    TargetFactory,
    completed,
    extension,
    survey_answers,
)

Q1 = Period("quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2 = Period("quarter", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def quarter():
    service_a = ServiceFactory()
    service_b = ServiceFactory()
    completed(service_a, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service_a, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    completed(service_a, received="2026-01-05", closed="2026-01-19", due="2026-01-19")
    completed(
        service_b,
        received="2026-03-02",
        closed="2026-03-10",
        due="2026-03-16",
        rejected=True,
    )
    completed(service_a, received="2025-12-01", closed="2025-12-05", due="2025-12-15")
    survey_answers(5, 4, 3, service=service_a, day="2026-02-10")
    survey_answers(5, 5, 2, service=service_b, day="2026-03-12")
    TargetFactory(indicator="on_time_share", value=Decimal("95"))
    TargetFactory(
        indicator="on_time_share",
        scope_kind="department",
        department=service_a.department,
        value=Decimal("60"),
    )
    TargetFactory(indicator="handling_median", value=Decimal("5"))
    TargetFactory(indicator="satisfaction_overall", value=Decimal("4"))
    return service_a, service_b


def rows_of(data):
    return {row.indicator.code: row for row in data.rows}


@pytest.mark.django_db
def test_municipality_indicators_against_targets_and_previous_quarter(quarter):
    rows = rows_of(report_build(period=Q1, scope=scope_for()))
    on_time = rows["on_time_share"]
    assert on_time.value_text == "75.0 %"
    assert on_time.target_text == "95.0 %"
    assert on_time.previous_text == "100.0 %"
    assert on_time.change_text == "−25.0 pp"
    assert on_time.status_text == "not met"
    assert rows["handling_median"].value_text == "4.5"
    assert rows["handling_median"].status_text == "met"
    assert rows["handling_p90"].value_text == "8.5"
    assert rows["requests_received"].value_text == "4"


@pytest.mark.django_db
def test_satisfaction_mean_over_six_answers_is_published(quarter):
    rows = rows_of(report_build(period=Q1, scope=scope_for()))
    overall = rows["satisfaction_overall"]
    # (5 + 4 + 3 + 5 + 5 + 2) / 6 = 4.0
    assert (overall.value_text, overall.sample_text) == ("4.00", "6")
    assert overall.status_text == "met"
    # Yes for scores 4 and 5: 4 of 6.
    assert rows["resolved_share"].value_text == "66.7 %"


@pytest.mark.django_db
def test_department_with_fewer_than_5_answers_shows_fewer_than_5(quarter):
    service_a, _ = quarter
    data = report_build(period=Q1, scope=scope_for(department=service_a.department))
    rows = rows_of(data)
    assert rows["satisfaction_courtesy"].value_text == "fewer than 5"
    assert rows["satisfaction_courtesy"].status == "withheld"
    assert {point.text for point in data.satisfaction} == {"fewer than 5"}
    table = csv.DictReader(io.StringIO(report_csv(data).decode()))
    withheld = [r for r in table if r["indicator"].startswith("satisfaction_")]
    assert {(r["value"], r["sample_size"], r["note"]) for r in withheld} == {
        ("", "", "fewer than 5")
    }
    # Its own target applies to the department: 2 of 3 on time = 66.7 % >= 60 %.
    assert rows["on_time_share"].value_text == "66.7 %"
    assert rows["on_time_share"].target_text == "60.0 %"
    assert rows["on_time_share"].status_text == "met"


@pytest.mark.django_db
def test_empty_period_reports_no_data_without_errors():
    rows = rows_of(report_build(period=Q2, scope=scope_for()))
    assert rows["on_time_share"].value_text == "—"
    assert rows["on_time_share"].status_text == "no data"
    assert rows["extensions_count"].value_text == "0"
    assert rows["satisfaction_overall"].status_text == "no data"


@pytest.mark.django_db
def test_period_with_only_extensions(quarter):
    service_a, _ = quarter
    open_request = completed(
        service_a, received="2026-04-01", closed="2026-07-20", due="2026-04-15"
    )
    extension(open_request, made="2026-04-10", is_late=False)
    extension(open_request, made="2026-04-16", is_late=True)
    rows = rows_of(report_build(period=Q2, scope=scope_for()))
    assert rows["extensions_count"].value_text == "2"
    assert rows["extensions_in_time_share"].value_text == "50.0 %"
    assert rows["on_time_share"].status_text == "no data"
    assert rows["handling_median"].value_text == "—"


@pytest.mark.django_db
def test_csv_has_one_row_per_indicator_per_scope_in_long_format(quarter):
    service_a, service_b = quarter
    data = report_build(period=Q1, scope=scope_for())
    table = list(csv.DictReader(io.StringIO(report_csv(data).decode())))
    assert list(table[0]) == CSV_COLUMNS
    keys = [(r["scope_kind"], r["scope_id"], r["indicator"]) for r in table]
    assert len(keys) == len(set(keys))
    on_time = next(r for r in table if r["indicator"] == "on_time_share")
    assert on_time["value"] == "75.0"
    assert on_time["target"] == "95.0"
    assert on_time["previous_value"] == "100.0"
    assert on_time["change"] == "-25.0"
    assert on_time["status"] == "not_met"
    assert on_time["period_start"] == "2026-01-01"
    by_department = {
        r["scope_id"]: r["value"]
        for r in table
        if r["scope_kind"] == "department" and r["indicator"] == "on_time_share"
    }
    assert by_department == {
        str(service_a.department_id): "66.7",
        str(service_b.department_id): "100.0",
    }
    medians = {
        r["scope_id"]: r["value"]
        for r in table
        if r["scope_kind"] == "service" and r["indicator"] == "handling_median"
    }
    assert medians == {str(service_a.pk): "4.0", str(service_b.pk): "5.0"}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_pdf_numbers_match_the_page_and_the_csv(quarter):
    ManagementCommentFactory(text="Quarter dominated by the census.")
    report = Report.objects.create(
        period_kind="quarter",
        start_on=Q1.start,
        end_on=Q1.end,
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    pdf, csv_bytes = report_documents(report)
    text = pdf_text(pdf)
    table = list(csv.DictReader(io.StringIO(csv_bytes.decode())))
    assert "Contents" in text and "Methodology and sample sizes" in text
    assert "Page 1 / " in text
    assert "Quarter dominated by the census." in text
    data = report_build(period=Q1, scope=scope_for())
    for row in data.rows:
        line = next(r for r in table if r["indicator"] == row.indicator.code)
        if line["value"]:
            assert row.value_text.startswith(line["value"]) or (
                row.value_text == line["value"]
            )
            assert row.value_text in text, row.indicator.code
    assert "75.0 %" in text and "95.0 %" in text and "−25.0 pp" in text
    assert "Requests completed on time, by month" in text
    # The same numbers on the dashboard page.
    charts = report_charts(data)
    assert "<title" in charts["trend_chart"] and "style=" not in charts["trend_chart"]


@pytest.mark.django_db
def test_pdf_and_csv_hold_no_personal_data(quarter):
    from requests_app.models import CitizenRequest

    people = list(CitizenRequest.objects.values_list("citizen_name", "citizen_email"))
    report = Report.objects.create(
        period_kind="quarter",
        start_on=Q1.start,
        end_on=Q1.end,
        scope_kind="municipality",
        scope_key="municipality",
        language="bg",
    )
    pdf, csv_bytes = report_documents(report)
    published = pdf_text(pdf) + csv_bytes.decode()
    assert people
    for name, email in people:
        assert name not in published
        assert email not in published
