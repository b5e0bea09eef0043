"""The CSV and the PDF of a report: the page's numbers, no personal data (#5).

Fixtures in conftest.py: `quarter` (requests and answers) and `feedback` (complaints,
invitations, suggestions), both in Q1 2026.
"""

import io

import pytest
from pypdf import PdfReader

from standards.exports import csv_columns, report_charts, report_csv
from standards.models import Report
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_for
from standards.services import report_documents

from .factories import Q1, ManagementCommentFactory
from .test_csv_excel import csv_table


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_csv_has_one_row_per_indicator_per_scope_in_long_format(quarter):
    service_a, service_b = quarter
    data = report_build(period=Q1, scope=scope_for())
    table = csv_table(report_csv(data))
    assert list(table[0]) == csv_columns()
    keys = [(r["Scope"], r["Name"], r["Indicator"]) for r in table]
    assert len(keys) == len(set(keys))
    on_time = next(
        r
        for r in table
        if r["Indicator"] == "Requests completed on time"
        and r["Scope"] == "Whole municipality"
    )
    assert on_time["Value"] == "75.0"
    assert on_time["Target"] == "95.0"
    assert on_time["Previous period"] == "100.0"
    assert on_time["Change"] == "-25.0"
    assert on_time["Result"] == "not met"
    assert on_time["First day"] == "2026-01-01"
    by_department = {
        r["Name"]: r["Value"]
        for r in table
        if r["Scope"] == "Department" and r["Indicator"] == "Requests completed on time"
    }
    assert by_department == {
        service_a.department.name: "66.7",
        service_b.department.name: "100.0",
    }
    medians = {
        r["Name"]: r["Value"]
        for r in table
        if r["Scope"] == "Service" and r["Indicator"] == "Handling time, median"
    }
    assert medians == {service_a.name: "4.0", service_b.name: "5.0"}


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
    table = csv_table(csv_bytes)
    assert "Contents" in text and "Methodology and sample sizes" in text
    assert "Page 1 / " in text
    assert "Quarter dominated by the census." in text
    data = report_build(period=Q1, scope=scope_for())
    for row in data.rows:
        line = next(
            r
            for r in table
            if r["Indicator"] == str(row.indicator.name)
            and r["Scope"] == "Whole municipality"
        )
        if line["Value"]:
            assert row.value_text.startswith(line["Value"]) or (
                row.value_text == line["Value"]
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
    published = pdf_text(pdf) + csv_bytes.decode("utf-8-sig")
    assert people
    for name, email in people:
        assert name not in published
        assert email not in published


@pytest.mark.django_db
def test_report_holds_no_name_or_address_of_complainants(feedback):
    from feedback.models import Complaint, Suggestion

    people = [(c.contact_name, c.contact_email) for c in Complaint.objects.all()]
    people += [(s.contact_name, s.contact_email) for s in Suggestion.objects.all()]
    report = Report.objects.create(
        period_kind="quarter",
        start_on=Q1.start,
        end_on=Q1.end,
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    pdf, csv_bytes = report_documents(report)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    published = text + csv_bytes.decode("utf-8-sig")
    assert "66.7 %" in text
    for name, email in people:
        assert name not in published
        assert email not in published
