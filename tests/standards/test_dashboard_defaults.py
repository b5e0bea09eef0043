"""The dashboard opens on figures, says "no data" in words and numbers its sections
without gaps (#14)."""

import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from pypdf import PdfReader

from standards.exports import report_charts
from standards.periods import PeriodKind, period_for, period_last_complete
from standards.selectors.dashboard import dashboard_default_period
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_for
from tests.requests_app.factories import ServiceFactory

from .factories import Q1, Q2, ReportFactory, completed

DECEMBER_1 = datetime.date(2026, 12, 1)


def dashboard_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("standards:dashboard")


def headings(content: str) -> list[str]:
    return re.findall(r'<h3 id="section-\d+">([^<]*)</h3>', content)


@pytest.mark.django_db
def test_default_is_the_last_complete_quarter_with_requests(requests_q1):
    """Q3 and Q2 2026 are empty; Q1 2026 has two requests."""
    assert dashboard_default_period(today=DECEMBER_1) == Q1


@pytest.mark.django_db
def test_default_is_the_quarter_just_ended_when_it_has_requests():
    completed(
        ServiceFactory(),
        received="2026-09-30",
        closed="2026-10-02",
        due="2026-10-14",
    )
    expected = period_for(kind=PeriodKind.QUARTER, year=2026, number=3)
    assert dashboard_default_period(today=DECEMBER_1) == expected


@pytest.mark.django_db
def test_default_is_the_year_to_date_when_no_quarter_has_requests():
    period = dashboard_default_period(today=DECEMBER_1)
    assert (period.kind, period.start, period.end) == (
        PeriodKind.CUSTOM,
        datetime.date(2026, 1, 1),
        DECEMBER_1,
    )


@pytest.mark.django_db
def test_dashboard_opens_on_the_last_quarter_with_figures(client, manager):
    today = timezone.localdate()
    quarter = period_last_complete(kind=PeriodKind.QUARTER, today=today)
    earlier = quarter.previous().previous()
    completed(
        ServiceFactory(),
        received=str(earlier.start + datetime.timedelta(days=1)),
        closed=str(earlier.start + datetime.timedelta(days=3)),
        due=str(earlier.start + datetime.timedelta(days=10)),
    )
    client.force_login(manager)
    with translation.override("en"):
        label = earlier.label
    response = client.get(dashboard_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert f"Results: {label}, Whole municipality" in content
    assert "100.0 %" in content  # the one request was on time


@pytest.mark.django_db
def test_dashboard_opens_on_the_year_to_date_without_any_figures(client, manager):
    client.force_login(manager)
    response = client.get(dashboard_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="custom" selected' in content
    start = datetime.date(timezone.localdate().year, 1, 1)
    assert f'value="{start.isoformat()}"' in content


@pytest.mark.django_db
def test_an_empty_period_says_no_data_in_words_not_an_empty_chart(client, manager):
    client.force_login(manager)
    response = client.get(
        dashboard_url(), {"period_kind": "quarter", "year": "2026", "number": "2"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" not in content  # no chart frame without a bar in it
    assert "no request was settled in this period" in content
    assert "there were no survey answers in this period" in content
    assert 'class="report-figure"' not in content


@pytest.mark.django_db
def test_charts_are_drawn_when_there_is_something_to_draw(quarter):
    charts = report_charts(report_build(period=Q1, scope=scope_for()))
    assert "<svg" in charts["trend_chart"]
    assert "<svg" in charts["departments_chart"]
    empty = report_charts(report_build(period=Q2, scope=scope_for()))
    assert empty["trend_chart"] == ""
    assert empty["satisfaction_chart"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "bg"])
def test_sections_are_numbered_without_a_gap(client, manager, requests_q1, language):
    """Section III has no indicator yet: it is listed and says so, so the numbers
    run I to VI instead of jumping from II to IV."""
    client.force_login(manager)
    response = client.get(
        dashboard_url(language),
        {"period_kind": "quarter", "year": "2026", "number": "1"},
    )
    numbers = [title.split(".")[0] for title in headings(response.content.decode())]
    assert numbers == ["I", "II", "III", "IV", "V", "VI"]
    if language == "en":
        assert "No indicator measures this section of the standards yet." in (
            response.content.decode()
        )


@pytest.mark.django_db
def test_report_pdf_lists_every_section_and_no_indicator_code(requests_q1):
    from standards.services import report_documents

    pdf, _csv = report_documents(ReportFactory())  # Q1 2026, the municipality, en
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "III. Communication with clients" in text
    assert "No indicator measures this section of the standards yet." in text
    assert "on_time_share" not in text
    assert "handling_median" not in text
