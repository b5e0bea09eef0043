"""Request-side aggregates for the reports, on hand-computed fixtures.

Q1 2026 (1 January – 31 March), work calendar: 1 and 2 January and 3 March are off.
Service A (department 1): handling 4, 3 and 10 working days, one of them late.
Service B (department 2): one rejection after 5 working days, on time.
"""

import datetime

import pytest

from requests_app.models import EventKind
from requests_app.selectors import handling as handling_times
from requests_app.selectors import statistics as figures
from tests.requests_app.factories import (
    CitizenRequestFactory,
    RequestEventFactory,
    ServiceFactory,
)
from tests.standards.factories import SOFIA, completed

Q1 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 3, 31)}
Q2 = {"start": datetime.date(2026, 4, 1), "end": datetime.date(2026, 6, 30)}


@pytest.fixture
def services():
    service_a = ServiceFactory()
    service_b = ServiceFactory()
    # Mon 2 Feb -> Fri 6 Feb: Tue-Fri, 4 working days, on time.
    completed(service_a, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    # Fri 27 Feb -> Thu 5 Mar: Mon 2, Wed 4, Thu 5 (3 March is a holiday): 3, late.
    completed(service_a, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    # Mon 5 Jan -> Mon 19 Jan: 10 working days, on the due date itself.
    completed(service_a, received="2026-01-05", closed="2026-01-19", due="2026-01-19")
    # Mon 2 Mar -> Tue 10 Mar, rejected: 4, 5, 6, 9, 10 March: 5 working days.
    completed(
        service_b,
        received="2026-03-02",
        closed="2026-03-10",
        due="2026-03-16",
        rejected=True,
    )
    # Still open: not completed, but received in Q1.
    CitizenRequestFactory(service=service_b, received_on=datetime.date(2026, 3, 20))
    # Completed in Q2: not in Q1.
    completed(service_a, received="2026-03-25", closed="2026-04-02", due="2026-04-08")
    return service_a, service_b


@pytest.mark.django_db
def test_on_time_share_counts_closed_and_rejected_by_due_date(services):
    stats = figures.completion_stats(**Q1)
    assert (stats.completed, stats.on_time) == (4, 3)
    assert (stats.delivered, stats.rejected) == (3, 1)


@pytest.mark.django_db
def test_completion_in_scope_of_a_department_and_a_service(services):
    service_a, service_b = services
    by_department = figures.completion_stats(
        **Q1, department_id=service_a.department_id
    )
    by_service = figures.completion_stats(**Q1, service_id=service_b.pk)
    assert (by_department.completed, by_department.on_time) == (3, 2)
    assert (by_service.completed, by_service.on_time) == (1, 1)


@pytest.mark.django_db
def test_handling_time_median_and_90th_percentile_in_working_days(services):
    overall = handling_times.handling_time_stats(**Q1)
    assert overall.count == 4
    # Sorted 3, 4, 5, 10: median (4 + 5) / 2; p90 at 2.7 -> 5 + 0.7 * 5.
    assert overall.median == pytest.approx(4.5)
    assert overall.p90 == pytest.approx(8.5)


@pytest.mark.django_db
def test_handling_time_per_service(services):
    service_a, service_b = services
    per_service = {
        item.service_id: item for item in handling_times.handling_time_by_service(**Q1)
    }
    # Service A: 3, 4, 10 -> median 4; p90 at 1.8 -> 4 + 0.8 * 6.
    assert per_service[service_a.pk].median == pytest.approx(4.0)
    assert per_service[service_a.pk].p90 == pytest.approx(8.8)
    assert per_service[service_b.pk].median == pytest.approx(5.0)
    assert per_service[service_b.pk].count == 1


@pytest.mark.django_db
def test_on_time_by_month_and_by_department(services):
    service_a, service_b = services
    months = figures.completion_by_month(**Q1)
    assert months == {
        datetime.date(2026, 1, 1): (1, 1),
        datetime.date(2026, 2, 1): (1, 1),
        datetime.date(2026, 3, 1): (2, 1),
    }
    departments = {
        g.key: (g.completed, g.on_time) for g in figures.completion_by_department(**Q1)
    }
    assert departments == {
        service_a.department_id: (3, 2),
        service_b.department_id: (1, 1),
    }


@pytest.mark.django_db
def test_empty_period_has_no_completions_and_no_handling_time():
    stats = figures.completion_stats(**Q2)
    handling = handling_times.handling_time_stats(**Q2)
    assert stats.completed == 0
    assert (handling.count, handling.median, handling.p90) == (0, None, None)
    assert figures.suspension_count(**Q2) == 0
    assert figures.extension_stats(**Q2).extensions == 0


@pytest.mark.django_db
def test_received_and_suspensions_in_period(services):
    request = CitizenRequestFactory(received_on=datetime.date(2026, 2, 10))
    for day in (datetime.date(2026, 2, 11), datetime.date(2026, 5, 4)):
        RequestEventFactory(
            request=request,
            kind=EventKind.SUSPENSION,
            created_at=datetime.datetime.combine(day, datetime.time(9), SOFIA),
        )
    assert figures.received_count(**Q1) == 7
    assert figures.suspension_count(**Q1) == 1
    assert figures.suspension_count(**Q2) == 1


@pytest.mark.django_db
def test_a_late_closing_counts_in_the_local_day_not_utc():
    """Closed at 00:30 Sofia time on 1 April is in Q2, although it is 31 March UTC."""
    service = ServiceFactory()
    request = completed(
        service, received="2026-03-30", closed="2026-03-31", due="2026-04-10"
    )
    request.closed_at = datetime.datetime(2026, 4, 1, 0, 30, tzinfo=SOFIA)
    request.save()
    assert figures.completion_stats(**Q1).completed == 0
    assert figures.completion_stats(**Q2).completed == 1


def test_percentile_from_counts_matches_percentile_cont():
    counts = [(3, 1), (4, 1), (5, 1), (10, 1)]
    assert handling_times.percentile_from_counts(counts, 0.5) == pytest.approx(4.5)
    assert handling_times.percentile_from_counts(counts, 0.9) == pytest.approx(8.5)
    assert handling_times.percentile_from_counts([(7, 3)], 0.9) == pytest.approx(7)
    # 1, 2, 2, 2, 9: p90 at 3.6 -> 2 + 0.6 * 7.
    assert handling_times.percentile_from_counts([(1, 1), (2, 3), (9, 1)], 0.9) == (
        pytest.approx(6.2)
    )
