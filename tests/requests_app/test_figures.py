"""The per-day summary of the reports equals a recomputation from the raw rows (#12).

The reports read the stored figures of the days not marked and compute the marked days
from the raw rows; `*_raw` recompute everything from the raw rows (the reference). A
random history of casework must leave both equal at every step, with days still marked
and after a refresh.
"""

import datetime
import importlib
import os
import threading
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from requests_app.deadlines import DayState
from requests_app.models import (
    CalendarDay,
    CitizenRequest,
    DayFigures,
    DayHandling,
    EventKind,
    Extension,
    ExtensionReason,
    FiguresDirtyDay,
    RequestEvent,
)
from requests_app.models.figures import SUSPENSION_KIND
from requests_app.selectors import figures as summary
from requests_app.selectors import handling
from requests_app.selectors import statistics as figures
from requests_app.services.calendar import calendar_change_apply
from requests_app.services.figures import figures_rebuild, figures_refresh
from requests_app.tasks import refresh_figures
from requests_app.workflow import TERMINAL_STATUSES, Status
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    ServiceFactory,
    StaffFactory,
)
from tests.standards.factories import SOFIA

D = datetime.date
FIRST_DAY = D(2025, 12, 10)
PERIODS = [
    (D(2025, 12, 1), D(2025, 12, 31)),  # a month, with the Christmas holidays
    (D(2025, 10, 1), D(2025, 12, 31)),  # a quarter
    (D(2025, 7, 1), D(2026, 6, 30)),  # a year, across the year end
]
AUTUMN = [(D(2026, 9, 1), D(2026, 11, 30)), (D(2026, 11, 1), D(2026, 11, 30))]
# Local times of day: 00:30 in Sofia is the day before in UTC.
HOURS = [datetime.time(0, 30), datetime.time(12), datetime.time(23, 30)]


def at(day: datetime.date, hour: datetime.time = datetime.time(12)):
    return datetime.datetime.combine(day, hour, SOFIA)


def assert_summary_equals_raw(
    *,
    as_of: datetime.date,
    scopes: list[dict],
    periods: list = PERIODS,
    terms_only: bool = False,
) -> None:
    """Every figure of the reports read from the summary equals the raw one (only
    those judged as of a day when `terms_only`)."""
    for start, end in periods:
        for scope in scopes:
            args = {"start": start, "end": end, **scope}
            assert figures.completion_stats(
                **args, as_of=as_of
            ) == figures.completion_stats_raw(**args, as_of=as_of)
            assert figures.completion_by_month(
                **args, as_of=as_of
            ) == figures.completion_by_month_raw(**args, as_of=as_of)
            if "department_id" not in scope:
                assert figures.completion_by_department(
                    **args, as_of=as_of
                ) == figures.completion_by_department_raw(**args, as_of=as_of)
            if terms_only:
                continue
            assert figures.received_count(**args) == figures.received_count_raw(**args)
            assert figures.extension_stats(**args) == figures.extension_stats_raw(
                **args
            )
            assert figures.suspension_count(**args) == figures.suspension_count_raw(
                **args
            )
            assert handling.handling_times(**args) == handling.handling_times_raw(
                **args
            )


def test_the_models_and_the_selectors_agree_on_what_counts():
    assert SUSPENSION_KIND == EventKind.SUSPENSION
    assert set(summary.COMPLETED) == set(TERMINAL_STATUSES)


# --- A random history -----------------------------------------------------------------


class History(RuleBasedStateMachine):
    """Filings, closings, rejections, extensions, suspensions, referrals, due date
    moves, calendar changes and odd states, written every way the ORM allows."""

    @initialize()
    def start(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.today = FIRST_DAY
        first, second = DepartmentFactory(), DepartmentFactory()
        self.services = [
            ServiceFactory(department=first, term_days=7),
            ServiceFactory(department=first, term_days=14),
            ServiceFactory(department=second, term_days=3),
        ]
        self.departments = [first, second]
        self.clerk = StaffFactory()
        self.reason = ExtensionReason.objects.create(code="history", name="History")
        self.ids: list[int] = []
        self.refresh_each_step = True
        # A past to start from: filed over three weeks, some completed, extended or
        # suspended, all refreshed; the steps change it.
        for n in range(9):
            self.file(service=n % 3, back=3 + 2 * n, bulk=n % 2 == 0, count=1)
        for index, status in (
            (0, Status.CLOSED),
            (1, Status.REJECTED),
            (12, Status.CLOSED),
        ):
            self.complete(index=index, status=status, hour=HOURS[index % 3], way="save")
        self.today -= datetime.timedelta(days=4)
        self.extend(index=13, late=False, days=5)
        self.add_event(index=14, kind=EventKind.SUSPENSION)
        self.today += datetime.timedelta(days=4)
        figures_refresh(limit=10_000)

    def teardown(self) -> None:
        if hasattr(self, "atomic"):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    def _request(self, index: int) -> CitizenRequest:
        """Return one of the requests; most indexes pick one of the latest two, so
        that one request often meets several changes."""
        ids = self.ids if index >= 70 else self.ids[-2:]
        return CitizenRequest.objects.get(pk=ids[index % len(ids)])

    def _extension(self, index: int) -> Extension:
        extensions = list(Extension.objects.order_by("pk"))
        return extensions[index % len(extensions)]

    @rule(
        service=st.integers(0, 2),
        back=st.integers(0, 40),
        bulk=st.booleans(),
        count=st.integers(1, 3),
    )
    def file(self, service: int, back: int, bulk: bool, count: int) -> None:
        received = self.today - datetime.timedelta(days=back)
        chosen = self.services[service]
        values = {
            "service": chosen,
            "department": chosen.department,
            "received_on": received,
            "submitted_at": at(received),
        }
        if bulk:
            built = CitizenRequestFactory.build_batch(count, **values)
            self.ids += [r.pk for r in CitizenRequest.objects.bulk_create(built)]
        else:
            self.ids += [
                r.pk for r in CitizenRequestFactory.create_batch(count, **values)
            ]

    @precondition(lambda self: self.ids)
    @rule(
        index=st.integers(0, 99),
        status=st.sampled_from([Status.CLOSED, Status.REJECTED]),
        hour=st.sampled_from(HOURS),
        way=st.sampled_from(["save", "update", "bulk_update"]),
    )
    def complete(self, index: int, status: Status, hour: datetime.time, way: str):
        case = self._request(index)
        case.status, case.closed_at = status, at(self.today, hour)
        if way == "save":
            case.save(update_fields=["status", "closed_at", "updated_at"])
        elif way == "update":
            CitizenRequest.objects.filter(pk=case.pk).update(
                status=status, closed_at=case.closed_at
            )
        else:
            CitizenRequest.objects.bulk_update([case], ["status", "closed_at"])

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), late=st.booleans(), days=st.integers(1, 10))
    def extend(self, index: int, late: bool, days: int) -> None:
        case = self._request(index)
        new_due = case.due_on + datetime.timedelta(days=days)
        Extension.objects.create(
            request=case,
            old_due_on=case.due_on,
            new_due_on=new_due,
            reason=self.reason,
            is_late=late,
            by=self.clerk,
            created_at=at(self.today, datetime.time(9)),
        )
        case.due_on = new_due
        case.save(update_fields=["due_on", "updated_at"])

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), kind=st.sampled_from([*EventKind][:8]))
    def add_event(self, index: int, kind: EventKind) -> None:
        RequestEvent.objects.create(
            request=self._request(index),
            kind=kind,
            created_at=at(self.today, HOURS[index % 3]),
        )

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), way=st.sampled_from(["save", "bulk_update"]))
    def refer(self, index: int, way: str) -> None:
        """Referred to the other department, or filed under another service."""
        case = self._request(index)
        if way == "save":
            case.department = next(d for d in self.departments if d != case.department)
            case.save(update_fields=["department", "updated_at"])
        else:
            service = next(s for s in self.services if s != case.service)
            case.service = service
            CitizenRequest.objects.bulk_update([case], ["service"])

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), days=st.integers(-5, 5))
    def move_due_date(self, index: int, days: int) -> None:
        case = self._request(index)
        CitizenRequest.objects.filter(pk=case.pk).update(
            due_on=case.due_on + datetime.timedelta(days=days)
        )

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), odd=st.sampled_from(["reopened", "no_time"]))
    def odd_state(self, index: int, odd: str) -> None:
        """Terminal without a closing time, or open again with one (older data)."""
        case = self._request(index)
        if odd == "reopened":
            case.status = Status.WAITING_FOR_CITIZEN
            case.closed_at = case.closed_at or at(self.today)
        else:
            case.status, case.closed_at = Status.CLOSED, None
        case.save()

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 99), way=st.sampled_from(["instance", "queryset"]))
    def delete_request(self, index: int, way: str) -> None:
        case = self._request(index)
        self.ids.remove(case.pk)
        if way == "instance":
            case.delete()
        else:
            CitizenRequest.objects.filter(pk=case.pk).delete()

    @precondition(lambda self: Extension.objects.exists())
    @rule(index=st.integers(0, 99), change=st.sampled_from(["delete", "earlier"]))
    def change_extension(self, index: int, change: str) -> None:
        extension = self._extension(index)
        if change == "delete":
            extension.delete()
        else:
            extension.created_at -= datetime.timedelta(days=index % 9)
            extension.save()

    @rule(back=st.integers(1, 30))
    def change_calendar(self, back: int) -> None:
        """A past day becomes a day off (a working day, on a weekend), or plain."""
        day = self.today - datetime.timedelta(days=back)
        declared = CalendarDay.objects.filter(day=day).first()
        if declared is not None:
            before = DayState(declared.kind)
            declared.delete()
        else:
            before = DayState.PLAIN
            weekend = day.weekday() >= 5
            kind = CalendarDay.Kind.WORKING_DAY if weekend else CalendarDay.Kind.DAY_OFF
            CalendarDay.objects.create(day=day, kind=kind, reason="History")
        calendar_change_apply(day=day, before=before, by=None)

    @rule(days=st.integers(1, 9))
    def next_day(self, days: int) -> None:
        self.today += datetime.timedelta(days=days)

    @rule(limit=st.sampled_from([1, 3, 10_000]))
    def refresh(self, limit: int) -> None:
        """Refresh some days, or all: later changes then meet clean days."""
        written = figures_refresh(limit=limit)
        assert len(written.days) <= limit

    @invariant()
    def summary_equals_raw(self) -> None:
        if not hasattr(self, "atomic"):
            return
        scopes = [
            {},
            {"department_id": self.departments[0].pk},
            {"service_id": self.services[1].pk},
        ]
        assert summary.summary_answers(as_of=self.today) is True
        assert_summary_equals_raw(as_of=self.today, scopes=scopes)
        # As of a past day: from the raw rows when a completion came after it.
        assert_summary_equals_raw(
            as_of=self.today - datetime.timedelta(days=6), scopes=[{}], terms_only=True
        )
        # Refreshed, for good (the next change then meets clean days, where a day
        # it forgot to mark would show) or only for this check (the marks pile up).
        with transaction.atomic():
            figures_refresh(limit=10_000)
            assert not FiguresDirtyDay.objects.exists()
            assert_summary_equals_raw(as_of=self.today, scopes=scopes)
            transaction.set_rollback(not self.refresh_each_step)

    @rule(each_step=st.booleans())
    def refresh_each_step_or_not(self, each_step: bool) -> None:
        self.refresh_each_step = each_step


# Three histories of fifteen steps take about a minute on SQLite; FIGURES_EXAMPLES=30
# runs a longer search.
History.TestCase.settings = settings(
    max_examples=int(os.environ.get("FIGURES_EXAMPLES", "3")),
    stateful_step_count=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.django_db
def test_the_summary_equals_a_recomputation_from_the_raw_rows_at_every_step():
    History.TestCase().runTest()


# --- Every way of writing marks the days it changes -----------------------------------


@pytest.fixture
def history():
    """Two requests with an extension and a suspension each, all days refreshed."""
    first, second = DepartmentFactory(), DepartmentFactory()
    service = ServiceFactory(department=first, term_days=14)
    cases = []
    for received in (D(2026, 9, 7), D(2026, 9, 8)):
        case = CitizenRequestFactory(service=service, received_on=received)
        Extension.objects.create(
            request=case,
            old_due_on=case.due_on,
            new_due_on=case.due_on + datetime.timedelta(days=10),
            reason=ExtensionReason.objects.get_or_create(code="x", name="X")[0],
            by=StaffFactory(),
            created_at=at(received + datetime.timedelta(days=3)),
        )
        RequestEvent.objects.create(
            request=case,
            kind=EventKind.SUSPENSION,
            created_at=at(received + datetime.timedelta(days=5)),
        )
        cases.append(case)
    figures_rebuild()
    return SimpleNamespace(cases=cases, departments=(first, second), service=service)


def _marked() -> set:
    return set(FiguresDirtyDay.objects.values_list("day", flat=True))


def _equal_in_every_scope(history) -> None:
    scopes = [{}, *({"department_id": d.pk} for d in history.departments)]
    assert_summary_equals_raw(as_of=D(2026, 12, 1), scopes=scopes, periods=AUTUMN)


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["save", "update", "bulk_update"])
def test_a_referral_marks_the_days_of_the_extensions_and_suspensions(history, way):
    """They count in the department of their request."""
    case, other = history.cases[0], history.departments[1]
    if way == "save":
        case.department = other
        case.save(update_fields=["department", "updated_at"])
    elif way == "update":
        CitizenRequest.objects.filter(pk=case.pk).update(department=other)
    else:
        case.department = other
        CitizenRequest.objects.bulk_update([case], ["department"])
    assert {D(2026, 9, 10), D(2026, 9, 12)} <= _marked()
    _equal_in_every_scope(history)


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["instance", "queryset"])
def test_deleting_a_request_marks_the_days_of_what_goes_with_it(history, way):
    case = history.cases[0]
    if way == "instance":
        case.delete()
    else:
        CitizenRequest.objects.filter(pk=case.pk).delete()
    assert {D(2026, 9, 7), D(2026, 9, 10), D(2026, 9, 12)} <= _marked()
    _equal_in_every_scope(history)


@pytest.mark.django_db
def test_moving_or_deleting_an_extension_marks_the_days_of_its_request_s_others(
    history,
):
    case = history.cases[0]
    later = Extension.objects.create(
        request=case,
        old_due_on=case.due_on,
        new_due_on=case.due_on + datetime.timedelta(days=30),
        reason=ExtensionReason.objects.get(code="x"),
        by=StaffFactory(),
        created_at=at(D(2026, 10, 20)),
    )
    figures_refresh()
    first = case.extensions.order_by("created_at").first()
    first.created_at = at(D(2026, 10, 25))  # now after the other one
    first.save()
    assert {D(2026, 9, 10), D(2026, 10, 20), D(2026, 10, 25)} <= _marked()
    _equal_in_every_scope(history)
    figures_refresh()
    Extension.objects.filter(pk=later.pk).delete()
    assert {D(2026, 10, 20), D(2026, 10, 25)} <= _marked()
    _equal_in_every_scope(history)


@pytest.mark.django_db
def test_an_entry_that_stops_being_a_suspension_marks_its_day(history):
    RequestEvent.objects.filter(kind=EventKind.SUSPENSION).update(kind=EventKind.NOTE)
    assert {D(2026, 9, 12), D(2026, 9, 13)} <= _marked()
    _equal_in_every_scope(history)


@pytest.mark.django_db
def test_a_request_saved_whole_after_loading_only_some_fields_marks_its_old_days(
    history,
):
    """Deferred fields: the days before the change are read from the database."""
    case = CitizenRequest.objects.only("pk", "citizen_name").get(pk=history.cases[0].pk)
    case.closed_at, case.status = at(D(2026, 9, 30)), Status.CLOSED
    case.save(update_fields=["closed_at", "status", "updated_at"])
    assert D(2026, 9, 30) in _marked()
    _equal_in_every_scope(history)


# --- Only what changed is recomputed --------------------------------------------------


def _history(service, *, count: int) -> None:
    """Requests received over the autumn of 2026, most of them completed."""
    for n in range(count):
        received = D(2026, 9, 1) + datetime.timedelta(days=n % 60)
        case = CitizenRequestFactory(service=service, received_on=received)
        if n % 4:
            case.status = Status.REJECTED if n % 7 == 0 else Status.CLOSED
            case.closed_at = at(received + datetime.timedelta(days=n % 11))
            case.save()
        if n % 5 == 0:
            Extension.objects.create(
                request=case,
                old_due_on=case.due_on,
                new_due_on=case.due_on + datetime.timedelta(days=5),
                reason=ExtensionReason.objects.get_or_create(code="x", name="X")[0],
                by=StaffFactory(),
                is_late=n % 3 == 0,
                created_at=at(received + datetime.timedelta(days=2)),
            )
        if n % 6 == 0:
            RequestEvent.objects.create(
                request=case,
                kind=EventKind.SUSPENSION,
                created_at=at(received + datetime.timedelta(days=1)),
            )


@pytest.mark.django_db
def test_a_filing_today_marks_only_its_own_days_and_the_refresh_recomputes_only_them():
    service = ServiceFactory(term_days=14)
    _history(service, count=40)
    figures_rebuild()
    stored = dict(DayFigures.objects.values_list("pk", "day"))
    handling_rows = set(DayHandling.objects.values_list("pk", flat=True))
    assert not FiguresDirtyDay.objects.exists()

    today = D(2026, 12, 1)
    CitizenRequestFactory(service=service, received_on=today)
    marked = set(FiguresDirtyDay.objects.values_list("day", flat=True))
    assert marked == {today, today + datetime.timedelta(days=14)}

    written = figures_refresh()
    assert written.days == sorted(marked)
    # The rows of the finished autumn are the same rows, not rewritten.
    kept = dict(DayFigures.objects.filter(day__lt=today).values_list("pk", "day"))
    assert kept == stored
    assert set(DayHandling.objects.values_list("pk", flat=True)) == handling_rows
    assert DayFigures.objects.get(day=today).received == 1
    assert figures_refresh().days == []


@pytest.mark.django_db
def test_changes_that_do_not_touch_the_figures_mark_nothing():
    case = CitizenRequestFactory()
    FiguresDirtyDay.objects.all().delete()
    case.citizen_name = "Мария Иванова"
    case.save(update_fields=["citizen_name", "updated_at"])
    CitizenRequest.objects.filter(pk=case.pk).update(details="Друго.")
    RequestEvent.objects.create(request=case, kind=EventKind.NOTE, text="Бележка.")
    assert not FiguresDirtyDay.objects.exists()


@pytest.mark.django_db
def test_the_periodic_task_refreshes_the_marked_days():
    service = ServiceFactory(term_days=14)
    CitizenRequestFactory(service=service, received_on=D(2026, 11, 30))
    assert refresh_figures() == 2  # the received day and the due day
    assert refresh_figures() == 0  # run twice: nothing left
    assert DayFigures.objects.get(day=D(2026, 11, 30)).received == 1


@pytest.mark.django_db
def test_a_change_of_the_work_calendar_marks_the_closing_days_from_that_day_on():
    service = ServiceFactory()
    CitizenRequestFactory(
        service=service,
        received_on=D(2026, 10, 5),
        status=Status.CLOSED,
        closed_at=at(D(2026, 10, 16)),
    )
    figures_rebuild()
    q4 = {"start": D(2026, 10, 1), "end": D(2026, 12, 31)}
    assert handling.handling_time_stats(**q4).median == 9.0

    CalendarDay.objects.create(day=D(2026, 10, 14), kind=CalendarDay.Kind.DAY_OFF)
    calendar_change_apply(day=D(2026, 10, 14), before=DayState.PLAIN, by=None)
    assert D(2026, 10, 16) in set(FiguresDirtyDay.objects.values_list("day", flat=True))
    assert handling.handling_time_stats(**q4).median == 8.0  # exact before a refresh
    figures_refresh()
    assert handling.handling_time_stats(**q4).median == 8.0


@pytest.mark.django_db
def test_the_migration_marks_every_day_with_data_for_existing_installations():
    service = ServiceFactory()
    _history(service, count=30)
    for model in (DayFigures, DayHandling, FiguresDirtyDay):
        model.objects.all().delete()
    migration = importlib.import_module("requests_app.migrations.0008_day_figures")
    migration.mark_every_day(django_apps, SimpleNamespace(connection=connection))
    marked = set(FiguresDirtyDay.objects.values_list("day", flat=True))
    assert D(2026, 9, 1) in marked
    assert D(2026, 12, 1) not in marked  # no data reaches it
    check = {"as_of": D(2026, 12, 1), "scopes": [{}], "periods": AUTUMN}
    assert_summary_equals_raw(**check)
    figures_refresh(limit=1000)
    assert DayFigures.objects.exists()
    assert_summary_equals_raw(**check)


# --- The cost does not grow with the data ---------------------------------------------


def _dashboard_queries(service) -> int:
    args = {"start": D(2026, 1, 1), "end": D(2026, 12, 31)}
    with CaptureQueriesContext(connection) as queries:
        figures.completion_stats(**args, as_of=D(2026, 12, 1))
        figures.completion_by_department(**args, as_of=D(2026, 12, 1))
        figures.completion_by_month(**args, as_of=D(2026, 12, 1))
        figures.received_count(**args)
        figures.extension_stats(**args)
        figures.suspension_count(**args)
        handling.handling_times(**args)
        handling.handling_times(**args, service_id=service.pk)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("refreshed", [True, False], ids=["refreshed", "days-marked"])
def test_the_queries_of_the_dashboard_do_not_depend_on_the_size_of_the_data(
    refreshed,
):
    service = ServiceFactory(term_days=14)
    counts = []
    for size in (10, 100):
        _history(service, count=size)
        if refreshed:
            figures_rebuild()
        counts.append(_dashboard_queries(service))
    assert counts[0] == counts[1]


# --- Concurrency (PostgreSQL) ---------------------------------------------------------


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run the concurrency test on PostgreSQL.")
        pytest.skip("The concurrency test needs PostgreSQL (set DATABASE_URL).")


@pytest.mark.django_db(transaction=True)
def test_a_change_committing_during_a_refresh_keeps_its_day_marked(postgresql):
    """The day was already marked when the change marked it again: the refresh takes
    the older mark, cannot see the change, and the change's own mark remains."""
    service = ServiceFactory()
    case = CitizenRequestFactory(
        service=service, received_on=D(2026, 11, 2), due_on=D(2026, 11, 20)
    )
    figures_refresh(limit=1000)
    CitizenRequestFactory(
        service=service, received_on=D(2026, 11, 4), due_on=D(2026, 11, 23)
    )
    assert FiguresDirtyDay.objects.filter(day=D(2026, 11, 23)).exists()
    marked, refreshed = threading.Event(), threading.Event()

    def change() -> None:
        try:
            with transaction.atomic():
                moved = CitizenRequest.objects.get(pk=case.pk)
                moved.due_on = D(2026, 11, 23)
                moved.save(update_fields=["due_on", "updated_at"])
                marked.set()
                refreshed.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=change)
    writer.start()
    assert marked.wait(timeout=30)
    written = figures_refresh(limit=1000)
    refreshed.set()
    writer.join()
    assert D(2026, 11, 23) in written.days
    assert FiguresDirtyDay.objects.filter(day=D(2026, 11, 23)).exists()
    assert_summary_equals_raw(as_of=D(2026, 12, 1), scopes=[{}], periods=AUTUMN)
    figures_refresh(limit=1000)
    due = DayFigures.objects.get(day=D(2026, 11, 23))
    assert due.open_due == 2
