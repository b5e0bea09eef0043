"""Indicators against targets and the previous period, from request, survey, complaint
and suggestion figures (#5); the indicator table itself.

Fixtures in conftest.py: `quarter` (requests and answers) and `feedback` (complaints,
invitations, suggestions), both in Q1 2026.
"""

import pytest

from feedback.dimensions import DIMENSIONS
from standards.exports import report_csv
from standards.indicators.definitions import INDICATORS, INDICATORS_BY_CODE
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_for
from tests.requests_app.factories import DepartmentFactory, ServiceFactory

from .factories import Q1, Q2, completed, extension
from .test_csv_excel import csv_table

# Stored in `Target.indicator`: a code is never renamed.
INDICATOR_CODES = [
    "on_time_share",
    "extensions_in_time_share",
    "extensions_count",
    "handling_median",
    "handling_p90",
    "suspensions_count",
    "requests_received",
    "complaints_received",
    "signals_received",
    "complaints_acknowledged_share",
    "complaints_decided_share",
    "survey_response_rate",
    "satisfaction_courtesy",
    "satisfaction_clarity",
    "satisfaction_timeliness",
    "satisfaction_simplicity",
    "satisfaction_overall",
    "resolved_share",
    "suggestions_received",
    "suggestions_answered",
    "suggestions_done",
]


def rows_of(data):
    return {row.indicator.code: row for row in data.rows}


# --- The table ------------------------------------------------------------------------


def test_indicator_codes_and_their_order_are_unchanged():
    assert [indicator.code for indicator in INDICATORS] == INDICATOR_CODES


@pytest.mark.parametrize("dimension", DIMENSIONS, ids=lambda d: d.code)
def test_satisfaction_indicator_comes_from_its_dimension(dimension):
    indicator = INDICATORS_BY_CODE[f"satisfaction_{dimension.code}"]
    assert indicator.section == dimension.section
    assert indicator.is_private is True
    assert str(indicator.name) == f"Satisfaction: {dimension.name}"
    assert str(indicator.formula) == (
        f"Mean of the 1–5 ratings of “{dimension.name}” given in the period."
    )


# --- Values from requests and answers -------------------------------------------------


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
    table = csv_table(report_csv(data))
    withheld = [r for r in table if r["Indicator"].startswith("Satisfaction: ")]
    assert {(r["Value"], r["Sample size"], r["Note"]) for r in withheld} == {
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
    # Due in Q2 and not met there: late in Q2, although completed only in Q3.
    assert rows["on_time_share"].value_text == "0.0 %"
    assert rows["handling_median"].value_text == "—"


# --- Values from feedback -------------------------------------------------------------


@pytest.mark.django_db
def test_complaint_survey_and_suggestion_indicators(feedback):
    rows = {
        r.indicator.code: r for r in report_build(period=Q1, scope=scope_for()).rows
    }
    assert rows["complaints_received"].value_text == "5"
    assert rows["signals_received"].value_text == "fewer than 5"
    # 4 of the 6 cases acknowledged by the due date; 4 of the 5 answered in time,
    # and the signal, never answered, past its due date: 4 of 6.
    assert rows["complaints_acknowledged_share"].value_text == "66.7 %"
    assert rows["complaints_decided_share"].value_text == "66.7 %"
    assert rows["complaints_decided_share"].pending_text == "0 pending, not yet due"
    assert rows["survey_response_rate"].value_text == "25.0 %"
    assert rows["satisfaction_overall"].value_text == "fewer than 5"
    assert rows["suggestions_received"].value_text == "3"
    assert rows["suggestions_answered"].value_text == "2"
    assert rows["suggestions_done"].value_text == "1"


@pytest.mark.django_db
def test_suggestions_are_not_split_by_department(feedback):
    data = report_build(period=Q1, scope=scope_for(department=DepartmentFactory()))
    rows = {r.indicator.code: r for r in data.rows}
    assert rows["suggestions_received"].status_text == "no data"


@pytest.mark.django_db
def test_complaints_are_not_split_by_service(feedback):
    data = report_build(period=Q1, scope=scope_for(service=ServiceFactory()))
    rows = {r.indicator.code: r for r in data.rows}
    assert rows["complaints_received"].status_text == "no data"
    assert rows["complaints_received"].sample_text == "—"
