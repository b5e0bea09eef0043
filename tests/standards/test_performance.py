"""Public performance, live (#14): the last 12 months of each service, department and
the municipality, computed by the reports' indicators, with small numbers withheld
and a CSV that Excel set to Bulgarian opens.

Fixture in conftest.py: `quarter` (requests and survey answers in Q1 2026).
"""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from standards.selectors.performance import (
    PUBLIC_INDICATORS,
    performance_csv,
    performance_period,
    performance_table,
    scope_performance,
)
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_for
from tests.requests_app.factories import CitizenRequestFactory, ServiceFactory

from .factories import completed, survey_answers

SOFIA = ZoneInfo("Europe/Sofia")
TODAY = datetime.date(2026, 3, 31)


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


# --- The period -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (datetime.date(2026, 12, 1), datetime.date(2025, 12, 2)),
        (datetime.date(2026, 1, 1), datetime.date(2025, 1, 2)),
        (datetime.date(2028, 2, 29), datetime.date(2027, 3, 1)),
    ],
    ids=["mid-year", "new-year", "leap-day"],
)
def test_the_period_is_the_twelve_months_up_to_today(today, start):
    period = performance_period(today=today)
    assert (period.start, period.end) == (start, today)


# --- The same figures as the reports --------------------------------------------------


@pytest.mark.django_db
def test_figures_equal_the_report_indicators_for_the_same_period_and_scope(quarter):
    service_a, service_b = quarter
    now = datetime.datetime.combine(TODAY, datetime.time(12), SOFIA)
    period = performance_period(today=TODAY)
    scopes = [
        scope_for(),
        scope_for(department=service_a.department),
        scope_for(service=service_a),
        scope_for(service=service_b),
    ]
    for scope in scopes:
        public = scope_performance(scope=scope, today=TODAY)
        report = report_build(period=period, scope=scope, now=now)
        by_code = {row.indicator.code: row for row in report.rows}
        for row in public.rows:
            expected = by_code[row.indicator.code]
            assert row.measure == expected.measure, (scope.key, row.indicator.code)
            assert row.value_text == expected.value_text
            assert row.is_withheld is expected.is_withheld
    assert [row.indicator.code for row in public.rows] == list(PUBLIC_INDICATORS)


@pytest.mark.django_db
def test_municipality_figures_of_the_quarter_fixture(quarter):
    figures = scope_performance(scope=scope_for(), today=TODAY)
    # Five requests settled in the 12 months, four on time; six answers, all shown.
    assert figures.on_time.value_text == "80.0 %"
    assert figures.on_time.measure.sample == 5
    assert figures.cases.value_text == "5"
    assert figures.satisfaction.is_withheld is False
    assert figures.satisfaction.measure.sample == 6


# --- Small numbers withheld as in the reports -----------------------------------------


@pytest.mark.django_db
def test_satisfaction_from_fewer_than_five_answers_is_withheld(quarter):
    service_a, _ = quarter
    figures = scope_performance(scope=scope_for(service=service_a), today=TODAY)
    assert figures.satisfaction.measure.sample == 3
    assert figures.satisfaction.is_withheld is True
    assert figures.satisfaction.value_text == "fewer than 5"


@pytest.mark.django_db
def test_service_page_withholds_few_answers_and_shows_five(client):
    few, enough = ServiceFactory(), ServiceFactory()
    survey_answers(5, 4, service=few, day=days_ago(10))
    survey_answers(5, 5, 4, 4, 2, service=enough, day=days_ago(10))
    template = Template("{% load performance %}{% service_performance service %}")
    withheld = template.render(Context({"service": few}))
    shown = template.render(Context({"service": enough}))
    assert "not published" in withheld
    assert "4.50" not in withheld
    assert 'data-figure="satisfaction">4.00<' in shown
    assert "from 5 survey answers" in shown


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def recent():
    """Requests of the last months: one service with three completed (two on time),
    one without any; a citizen's name and e-mail that must never show."""
    service = ServiceFactory(name_bg="Скица на поземлен имот", name_en="Land sketch")
    idle = ServiceFactory(name_bg="Разрешение за строеж", name_en="Building permit")
    completed(service, received=days_ago(40), closed=days_ago(35), due=days_ago(30))
    completed(service, received=days_ago(30), closed=days_ago(25), due=days_ago(20))
    late = completed(
        service, received=days_ago(60), closed=days_ago(20), due=days_ago(50)
    )
    late.citizen_name = "Петя Иванова Георгиева"
    late.citizen_email = "petya.georgieva@example.org"
    late.save()
    return service, idle


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
def test_performance_page_lists_departments_and_services(client, recent, language):
    service, idle = recent
    response = client.get(url("standards:performance", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'data-scope="service:{service.pk}"' in html
    assert f'data-scope="service:{idle.pk}"' in html
    assert f'data-scope="department:{service.department_id}"' in html
    assert service.name in html
    if language == "en":
        assert "66.7 %" in html
        assert "Download the figures (CSV for Excel)" in html
    else:
        assert "66,7 %" in html


@pytest.mark.django_db
def test_no_personal_data_on_the_page_or_in_the_csv(client, recent):
    page_html = client.get(url("standards:performance")).content.decode()
    home_html = client.get(url("requests_app:home")).content.decode()
    csv_text = client.get(url("standards:performance-csv")).content.decode("utf-8")
    for text in (page_html, home_html, csv_text):
        assert "Петя" not in text
        assert "Георгиева" not in text
        assert "@example.org" not in text


@pytest.mark.django_db
def test_csv_opens_in_excel_set_to_bulgarian(client, recent):
    service, _ = recent
    response = client.get(url("standards:performance-csv", "bg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert "Отдел" in header
    assert "Услуга" in header
    assert "Постъпили заявления" in header
    assert all(len(row) == len(header) for row in rows)
    service_row = next(row for row in rows if "Скица на поземлен имот" in row)
    assert service.department.name_bg in service_row
    assert "66,7" in service_row  # the Bulgarian decimal mark: Excel reads a number
    assert service.code not in body.decode("utf-8-sig")
    assert "service:" not in body.decode("utf-8-sig")


@pytest.mark.django_db
def test_csv_headers_follow_the_readers_language(client, recent):
    body = client.get(url("standards:performance-csv", "en")).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Level", "Department", "Service"]
    assert any("Land sketch" in row for row in rows)
    assert any("66.7" in row for row in rows)


@pytest.mark.django_db
def test_csv_withholds_satisfaction_from_few_answers(quarter):
    service_a, _ = quarter
    table = performance_table(today=TODAY)
    rows = list(
        csv.reader(
            io.StringIO(performance_csv(table).decode("utf-8-sig")), delimiter=";"
        )
    )
    satisfaction = rows[0].index("Overall satisfaction (1–5)")
    row = next(row for row in rows if service_a.name in row)
    assert row[satisfaction] == "fewer than 5"
    assert row[satisfaction + 1] == "fewer than 5"


@pytest.mark.django_db
def test_service_page_shows_its_figures_through_the_tag(recent):
    service, idle = recent
    template = Template("{% load performance %}{% service_performance service %}")
    html = template.render(Context({"service": service}))
    assert 'data-figure="on_time">66.7 %<' in html
    assert "of 3 requests completed or past their due date" in html
    assert 'data-figure="cases">3<' in html
    assert reverse("standards:performance") in html
    empty = template.render(Context({"service": idle}))
    assert "no data" in empty


@pytest.mark.django_db
def test_open_requests_within_their_term_are_not_counted_late(recent):
    service, _ = recent
    CitizenRequestFactory(service=service)  # received today, due in 14 days
    figures = scope_performance(scope=scope_for(service=service))
    assert figures.on_time.measure.sample == 3
    assert figures.on_time.value_text == "66.7 %"
    assert figures.cases.measure.value == 4
