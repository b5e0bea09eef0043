"""Request-side aggregates for the reports, on hand-computed fixtures.

Q1 2026 (1 January – 31 March), work calendar: 1 and 2 January and 3 March are off.
Service A (department 1): handling 4, 3 and 10 working days, one of them late.
Service B (department 2): one rejection after 5 working days, on time.
"""

import datetime

from django.utils import translation

import pytest

from requests_app.models import EventKind
from requests_app.selectors import handling as handling_times
from requests_app.selectors import statistics as figures
from requests_app.services.figures import figures_refresh
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    RequestEventFactory,
    ServiceFactory,
)
from tests.standards.factories import SOFIA, completed, extension

# Made after both quarters ended: no request of the fixtures is within its term.
AS_OF = datetime.date(2026, 7, 15)
Q1 = {
    "start": datetime.date(2026, 1, 1),
    "end": datetime.date(2026, 3, 31),
    "as_of": AS_OF,
}
Q2 = {
    "start": datetime.date(2026, 4, 1),
    "end": datetime.date(2026, 6, 30),
    "as_of": AS_OF,
}
HANDLING_Q1 = {k: v for k, v in Q1.items() if k != "as_of"}
HANDLING_Q2 = {k: v for k, v in Q2.items() if k != "as_of"}


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
    assert (stats.completed, stats.on_time, stats.late, stats.pending) == (4, 3, 1, 0)
    assert (stats.delivered, stats.rejected) == (3, 1)


@pytest.mark.django_db
def test_completion_in_scope_of_a_department_and_a_service(services):
    service_a, service_b = services
    by_department = figures.completion_stats(
        **Q1, department_id=service_a.department_id
    )
    by_service = figures.completion_stats(**Q1, service_id=service_b.pk)
    assert (by_department.settled, by_department.on_time) == (3, 2)
    assert (by_service.settled, by_service.on_time) == (1, 1)


@pytest.mark.django_db
def test_handling_time_median_and_90th_percentile_in_working_days(services):
    overall = handling_times.handling_time_stats(**HANDLING_Q1)
    assert overall.count == 4
    # Sorted 3, 4, 5, 10: median (4 + 5) / 2; p90 at 2.7 -> 5 + 0.7 * 5.
    assert overall.median == pytest.approx(4.5)
    assert overall.p90 == pytest.approx(8.5)


@pytest.mark.django_db
def test_handling_time_per_service(services):
    service_a, service_b = services
    per_service = {
        item.service_id: item
        for item in handling_times.handling_time_by_service(**HANDLING_Q1)
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
        g.key: (g.settled, g.on_time) for g in figures.completion_by_department(**Q1)
    }
    assert departments == {
        service_a.department_id: (3, 2),
        service_b.department_id: (1, 1),
    }


@pytest.mark.django_db
def test_empty_period_has_no_completions_and_no_handling_time():
    stats = figures.completion_stats(**Q2)
    handling = handling_times.handling_time_stats(**HANDLING_Q2)
    assert stats.completed == 0
    assert (handling.count, handling.median, handling.p90) == (0, None, None)
    assert figures.suspension_count(**HANDLING_Q2) == 0
    assert figures.extension_stats(**HANDLING_Q2).extensions == 0


@pytest.mark.django_db
def test_received_and_suspensions_in_period(services):
    request = CitizenRequestFactory(received_on=datetime.date(2026, 2, 10))
    for day in (datetime.date(2026, 2, 11), datetime.date(2026, 5, 4)):
        RequestEventFactory(
            request=request,
            kind=EventKind.SUSPENSION,
            created_at=datetime.datetime.combine(day, datetime.time(9), SOFIA),
        )
    assert figures.received_count(**HANDLING_Q1) == 7
    assert figures.suspension_count(**HANDLING_Q1) == 1
    assert figures.suspension_count(**HANDLING_Q2) == 1


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


# --- On time, late or pending (#11) ---------------------------------------------------

D = datetime.date
DUE = D(2026, 12, 8)

ON_TIME_STATES = [
    pytest.param(DUE, D(2026, 12, 3), D(2026, 12, 10), "on_time", id="done-early"),
    pytest.param(DUE, DUE, D(2026, 12, 10), "on_time", id="done-on-due-day"),
    pytest.param(DUE, D(2026, 12, 9), D(2026, 12, 10), "late", id="done-day-after"),
    pytest.param(DUE, D(2026, 12, 1), D(2026, 12, 1), "on_time", id="done-on-as-of"),
    pytest.param(DUE, None, D(2026, 12, 1), "pending", id="open-before-due"),
    pytest.param(DUE, None, DUE, "pending", id="open-on-due-day"),
    pytest.param(DUE, None, D(2026, 12, 9), "late", id="open-day-after-due"),
    pytest.param(DUE, None, D(2027, 3, 1), "late", id="open-long-after-due"),
    # A completion after the as-of day was not known then: judged as still open.
    pytest.param(DUE, D(2026, 12, 5), D(2026, 12, 1), "pending", id="done-after-as-of"),
    pytest.param(DUE, D(2026, 12, 20), D(2026, 12, 10), "late", id="late-after-as-of"),
]


@pytest.mark.parametrize(("due_on", "done_on", "as_of", "state"), ON_TIME_STATES)
def test_on_time_state(due_on, done_on, as_of, state):
    assert figures.on_time_state(due_on=due_on, done_on=done_on, as_of=as_of) == state


@pytest.mark.django_db
@pytest.mark.parametrize(("due_on", "done_on", "as_of", "state"), ON_TIME_STATES)
def test_completion_stats_counts_a_request_as_the_pure_rule_says(
    due_on, done_on, as_of, state
):
    """The database filters say what `on_time_state` says (one request each)."""
    service = ServiceFactory()
    if done_on is None:
        CitizenRequestFactory(
            service=service, received_on=D(2026, 11, 24), due_on=due_on
        )
    else:
        completed(
            service,
            received="2026-11-24",
            closed=done_on.isoformat(),
            due=due_on.isoformat(),
        )
    stats = figures.completion_stats(
        start=D(2026, 12, 1), end=D(2026, 12, 31), as_of=as_of
    )
    counts = {"on_time": stats.on_time, "late": stats.late, "pending": stats.pending}
    assert counts == {key: int(key == state) for key in counts}


@pytest.mark.django_db
def test_a_request_open_past_its_due_date_counts_as_late_in_the_period_it_was_due():
    """Before, a request never completed was left out of the share for ever."""
    service = ServiceFactory()
    CitizenRequestFactory(
        service=service, received_on=D(2026, 2, 2), due_on=D(2026, 2, 16)
    )
    q1 = figures.completion_stats(**Q1)
    assert (q1.on_time, q1.late, q1.pending, q1.completed) == (0, 1, 0, 0)
    # Made on 10 February, while its term ran: pending, not late.
    early = figures.completion_stats(**{**Q1, "as_of": D(2026, 2, 10)})
    assert (early.on_time, early.late, early.pending) == (0, 0, 1)


@pytest.mark.django_db
def test_a_late_request_counts_once_in_the_period_its_term_ended():
    """Due in Q1, completed in Q2: late in Q1, and not counted again in Q2."""
    service = ServiceFactory()
    completed(service, received="2026-03-02", closed="2026-04-20", due="2026-03-16")
    q1, q2 = figures.completion_stats(**Q1), figures.completion_stats(**Q2)
    assert (q1.on_time, q1.late, q1.completed) == (0, 1, 0)
    assert (q2.on_time, q2.late, q2.completed) == (0, 0, 1)


# --- From the per-day summary (#12) ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("read", ["summary", "raw"])
def test_handling_time_counts_a_request_received_more_than_three_years_before(read):
    """Before, the work calendar of the query began three years before the period's
    end, and older requests were left out of the handling time (#12)."""
    service = ServiceFactory()
    completed(service, received="2022-06-01", closed="2026-02-02", due="2022-07-01")
    handling = getattr(
        handling_times, "handling_times_raw" if read == "raw" else "handling_times"
    )
    overall, _ = handling(**HANDLING_Q1)
    assert overall.count == 1
    assert overall.median > 900  # working days in more than three and a half years


@pytest.mark.django_db
@pytest.mark.parametrize("read", ["summary", "raw"])
def test_a_completion_just_after_local_midnight_counts_in_the_new_period(read):
    """Closed at 00:30 Sofia time on 1 April (31 March in UTC): its handling time is in
    Q2, on SQLite as on PostgreSQL."""
    service = ServiceFactory()
    request = completed(
        service, received="2026-03-30", closed="2026-03-31", due="2026-04-10"
    )
    request.closed_at = datetime.datetime(2026, 4, 1, 0, 30, tzinfo=SOFIA)
    request.save()
    handling = getattr(
        handling_times, "handling_times_raw" if read == "raw" else "handling_times"
    )
    assert handling(**HANDLING_Q1)[0].count == 0
    assert handling(**HANDLING_Q2)[0].count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
def test_departments_and_services_are_named_in_the_language_of_the_report(language):
    department = DepartmentFactory(name_bg="Местни данъци", name_en="Local taxes")
    service = ServiceFactory(
        department=department, name_bg="Данъчна оценка", name_en="Tax valuation"
    )
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    with translation.override(language):
        summary = figures.completion_by_department(**Q1)
        raw = figures.completion_by_department_raw(**Q1)
        names = handling_times.handling_time_by_service(**HANDLING_Q1)
    expected = {"bg": "Местни данъци", "en": "Local taxes"}[language]
    assert [group.name for group in summary] == [expected]
    assert raw == summary
    assert (
        names[0].service_name
        == {"bg": "Данъчна оценка", "en": "Tax valuation"}[language]
    )


@pytest.mark.django_db
def test_a_request_extended_twice_counts_once_among_the_requests_extended():
    service = ServiceFactory()
    request = CitizenRequestFactory(service=service, received_on=D(2026, 3, 2))
    extension(request, made="2026-03-20", is_late=False)
    extension(request, made="2026-04-03", is_late=True)
    extension(request, made="2026-04-20", is_late=False)
    both = {"start": D(2026, 3, 1), "end": D(2026, 4, 30)}
    for period, expected in ((both, (3, 2, 1)), (HANDLING_Q2, (2, 1, 1))):
        stats = figures.extension_stats(**period)
        assert stats == figures.extension_stats_raw(**period)
        assert (
            stats.extensions,
            stats.announced_in_time,
            stats.requests_extended,
        ) == expected
    figures_refresh(limit=1000)
    assert figures.extension_stats(**both).requests_extended == 1
