"""Request-side aggregates for the accountability reports.

Every number here is computed by the database (Count, conditional Count, percentiles);
Python never loops over requests. All functions are reads; `standards` calls them.

Definitions (the report's methodology repeats them):
- completed in a period: the request was closed (delivered) or rejected on a day of the
  period (its `closed_at`, in the municipality's time zone);
- on time, late or pending (`on_time_state`), as of a day (the day the report is made):
  on time when completed on or before its due date (`due_on`, which already includes
  any extension and suspension); late when completed after it, or not completed and the
  due date has passed; pending while not completed and still within its term. A pending
  case is left out of the on-time share until its term ends or it is completed;
- the period a request's timeliness counts in: the day it was completed when on time,
  else the day its term ended (its due date), so each request counts once, in the
  period its outcome was settled.
- handling time: working days after the received date up to and including the day it was
  completed, counted with the same work calendar as the due dates.

Each figure is read from the per-day summary (`requests_app.selectors.figures`), which
equals the recomputation from the raw rows kept here as `*_raw` (the reference, and
the path taken where the summary cannot answer exactly: a report as of a day before a
completion it would have to ignore, or another time zone).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.db.models import Case, Count, DateField, F, Q, QuerySet, When
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from requests_app.models import (
    CitizenRequest,
    Department,
    EventKind,
    Extension,
    RequestEvent,
)
from requests_app.selectors import figures as summary
from requests_app.selectors.figures import COMPLETED
from requests_app.workflow import Status


class OnTimeState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # still within its term: not yet counted either way


def on_time_state(*, due_on: date, done_on: date | None, as_of: date) -> OnTimeState:
    """Return whether a case kept its term, as known on `as_of`.

    `done_on` is the day it was completed (delivered, acknowledged, answered), None
    while it is not; a completion after `as_of` is not known yet on that day. The
    term runs to the end of `due_on`, so a case due on `as_of` is still pending.
    `timeliness_filters` says the same to the database.
    """
    if done_on is not None and done_on <= as_of:
        return OnTimeState.ON_TIME if done_on <= due_on else OnTimeState.LATE
    return OnTimeState.PENDING if due_on >= as_of else OnTimeState.LATE


def timeliness_filters(*, due: str, done: str, as_of: date) -> dict[OnTimeState, Q]:
    """Return, per state of `on_time_state`, the filter selecting the rows in it.

    `due` and `done` name date fields (or annotations); `done` is null while the
    case is not completed.
    """
    done_known = Q(**{f"{done}__lte": as_of})
    not_done = Q(**{f"{done}__isnull": True}) | Q(**{f"{done}__gt": as_of})
    return {
        OnTimeState.ON_TIME: done_known & Q(**{f"{done}__lte": F(due)}),
        OnTimeState.LATE: (done_known & Q(**{f"{done}__gt": F(due)}))
        | (not_done & Q(**{f"{due}__lt": as_of})),
        OnTimeState.PENDING: not_done & Q(**{f"{due}__gte": as_of}),
    }


@dataclass(frozen=True)
class CompletionStats:
    completed: int  # closed or rejected in the period
    delivered: int
    rejected: int
    # Timeliness of the requests settled in the period (see the module's definitions).
    on_time: int
    late: int
    pending: int  # due in the period, not completed, still within their term

    @property
    def settled(self) -> int:
        """Return the requests the on-time share rests on (on time or late)."""
        return self.on_time + self.late


@dataclass(frozen=True)
class GroupCompletion:
    key: int  # department or service id
    name: str
    settled: int  # on time or late
    on_time: int


@dataclass(frozen=True)
class ExtensionStats:
    extensions: int
    announced_in_time: int
    requests_extended: int


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Return aware datetimes [start 00:00, day after end 00:00) in the local zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def scoped_requests(
    qs: QuerySet, department_id: int | None, service_id: int | None, prefix: str = ""
) -> QuerySet:
    if department_id is not None:
        qs = qs.filter(**{f"{prefix}department_id": department_id})
    if service_id is not None:
        qs = qs.filter(**{f"{prefix}service_id": service_id})
    return qs


def completed_requests(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> QuerySet[CitizenRequest]:
    """Return the requests completed in the period, annotated with `closed_on`."""
    low, high = period_bounds(start, end)
    qs: QuerySet[CitizenRequest] = CitizenRequest.objects.filter(
        status__in=COMPLETED, closed_at__gte=low, closed_at__lt=high
    )
    qs = scoped_requests(qs, department_id, service_id)
    return qs.annotate(closed_on=TruncDate("closed_at", output_field=DateField()))


def timeliness_requests(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> tuple[QuerySet[CitizenRequest], dict[OnTimeState, Q]]:
    """Return the requests whose timeliness counts in the period, and the filters of
    their states as of `as_of` (today when not given).

    Annotated with `done_on` (the local day it was closed or rejected, null while
    open) and `settled_on` (`done_on` when on time, else `due_on`): the period a
    request counts in.
    """
    if as_of is None:
        as_of = timezone.localdate()
    low, high = period_bounds(start, end)
    qs: QuerySet[CitizenRequest] = CitizenRequest.objects.filter(
        Q(closed_at__gte=low, closed_at__lt=high)
        | Q(due_on__gte=start, due_on__lte=end)
    )
    qs = scoped_requests(qs, department_id, service_id)
    states = timeliness_filters(due="due_on", done="done_on", as_of=as_of)
    qs = qs.annotate(
        done_on=Case(
            When(
                status__in=COMPLETED,
                then=TruncDate("closed_at", output_field=DateField()),
            ),
            default=None,
            output_field=DateField(),
        )
    ).annotate(
        settled_on=Case(
            When(states[OnTimeState.ON_TIME], then=F("done_on")),
            default=F("due_on"),
            output_field=DateField(),
        )
    )
    return qs.filter(settled_on__gte=start, settled_on__lte=end), states


def _state_counts(states: dict[OnTimeState, Q]) -> dict[str, Count]:
    return {str(state): Count("pk", filter=where) for state, where in states.items()}


def completion_stats_raw(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> CompletionStats:
    """Return how many requests were completed in the period, and how many requests
    settled in the period were on time or late (and how many are still pending)."""
    scope = {"department_id": department_id, "service_id": service_id}
    done = completed_requests(start=start, end=end, **scope).aggregate(
        completed=Count("pk"),
        delivered=Count("pk", filter=Q(status=Status.CLOSED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
    )
    qs, states = timeliness_requests(start=start, end=end, as_of=as_of, **scope)
    return CompletionStats(**done, **qs.aggregate(**_state_counts(states)))


def completion_by_department_raw(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    service_id: int | None = None,
) -> list[GroupCompletion]:
    """Return settled (on time or late) and on-time counts per department."""
    qs, states = timeliness_requests(
        start=start, end=end, as_of=as_of, service_id=service_id
    )
    rows = qs.values("department_id").annotate(
        on_time=Count("pk", filter=states[OnTimeState.ON_TIME]),
        late=Count("pk", filter=states[OnTimeState.LATE]),
    )
    return _department_groups(
        {
            row["department_id"]: (row["on_time"] + row["late"], row["on_time"])
            for row in rows
        }
    )


def _department_groups(counts: dict[int, tuple[int, int]]) -> list[GroupCompletion]:
    """Return the groups of {department: (settled, on time)} with any settled, in the
    departments' order, named in the active language."""
    departments = Department.objects.filter(
        pk__in=[key for key, (settled, _) in counts.items() if settled]
    ).order_by("order", "name", "pk")
    return [
        GroupCompletion(
            key=department.pk,
            name=department.name,
            settled=counts[department.pk][0],
            on_time=counts[department.pk][1],
        )
        for department in departments
    ]


def completion_by_month_raw(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[date, tuple[int, int]]:
    """Return {first day of month: (settled, on time)} for the months with any."""
    qs, states = timeliness_requests(
        start=start,
        end=end,
        as_of=as_of,
        department_id=department_id,
        service_id=service_id,
    )
    rows = (
        qs.annotate(month=TruncMonth("settled_on", output_field=DateField()))
        .values("month")
        .annotate(
            on_time=Count("pk", filter=states[OnTimeState.ON_TIME]),
            late=Count("pk", filter=states[OnTimeState.LATE]),
        )
        .order_by("month")
    )
    result = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        settled = row["on_time"] + row["late"]
        if settled:
            result[month] = (settled, row["on_time"])
    return result


def received_count_raw(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many requests were received in the period."""
    qs = CitizenRequest.objects.filter(received_on__gte=start, received_on__lte=end)
    return scoped_requests(qs, department_id, service_id).count()


def extension_stats_raw(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> ExtensionStats:
    """Return the extensions made in the period and how many were made in time.

    In time: before the due date it extends (`Extension.is_late` is False; the casework
    service sets it when the extension is made on or after that date).
    """
    low, high = period_bounds(start, end)
    qs: QuerySet[Extension] = Extension.objects.filter(
        created_at__gte=low, created_at__lt=high
    )
    qs = scoped_requests(qs, department_id, service_id, prefix="request__")
    row = qs.aggregate(
        extensions=Count("pk"),
        announced_in_time=Count("pk", filter=Q(is_late=False)),
        requests_extended=Count("request_id", distinct=True),
    )
    return ExtensionStats(**row)


def suspension_count_raw(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many times a term was suspended in the period."""
    low, high = period_bounds(start, end)
    qs = RequestEvent.objects.filter(
        kind=EventKind.SUSPENSION, created_at__gte=low, created_at__lt=high
    )
    return scoped_requests(qs, department_id, service_id, prefix="request__").count()


# --- The figures as the reports read them: from the per-day summary ------------------


def completion_stats(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> CompletionStats:
    """Return how many requests were completed in the period, and how many requests
    settled in the period were on time or late (and how many are still pending)."""
    as_of = timezone.localdate() if as_of is None else as_of
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers(as_of=as_of):
        return completion_stats_raw(start=start, end=end, as_of=as_of, **scope)
    total = summary.figure_sums(
        start=start,
        end=end,
        as_of=as_of,
        department_id=department_id,
        service_id=service_id,
        parts=("completed", "due"),
    )[None]
    return CompletionStats(
        completed=total["completed"],
        delivered=total["delivered"],
        rejected=total["rejected"],
        on_time=total["on_time"],
        late=total["late_done"] + total["late_open"],
        pending=total["pending"],
    )


def completion_by_department(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    service_id: int | None = None,
) -> list[GroupCompletion]:
    """Return settled (on time or late) and on-time counts per department."""
    as_of = timezone.localdate() if as_of is None else as_of
    if not summary.summary_answers(as_of=as_of):
        return completion_by_department_raw(
            start=start, end=end, as_of=as_of, service_id=service_id
        )
    groups = summary.figure_sums(
        start=start,
        end=end,
        as_of=as_of,
        service_id=service_id,
        parts=("completed", "due"),
        by="department",
    )
    return _department_groups(
        {
            key: (
                total["on_time"] + total["late_done"] + total["late_open"],
                total["on_time"],
            )
            for key, total in groups.items()
        }
    )


def completion_by_month(
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[date, tuple[int, int]]:
    """Return {first day of month: (settled, on time)} for the months with any."""
    as_of = timezone.localdate() if as_of is None else as_of
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers(as_of=as_of):
        return completion_by_month_raw(start=start, end=end, as_of=as_of, **scope)
    months = summary.figure_sums(
        start=start,
        end=end,
        as_of=as_of,
        department_id=department_id,
        service_id=service_id,
        parts=("completed", "due"),
        by="month",
    )
    result = {}
    for month in sorted(months):
        total = months[month]
        settled = total["on_time"] + total["late_done"] + total["late_open"]
        if settled:
            result[month] = (settled, total["on_time"])
    return result


def _period_sums(
    *,
    start: date,
    end: date,
    part: str,
    department_id: int | None,
    service_id: int | None,
) -> dict[str, int]:
    """Return the stored sums of one part of the daily figures over the period, for
    the whole scope (counts that do not depend on the day the report is made)."""
    return summary.figure_sums(
        start=start,
        end=end,
        as_of=end,
        department_id=department_id,
        service_id=service_id,
        parts=(part,),
    )[None]


def received_count(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many requests were received in the period."""
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers():
        return received_count_raw(start=start, end=end, **scope)
    return _period_sums(start=start, end=end, part="received", **scope)["received"]


def extension_stats(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> ExtensionStats:
    """Return the extensions made in the period and how many were made in time.

    In time: before the due date it extends (`Extension.is_late` is False; the casework
    service sets it when the extension is made on or after that date).
    """
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers():
        return extension_stats_raw(start=start, end=end, **scope)
    total = _period_sums(start=start, end=end, part="extensions", **scope)
    repeats = summary.repeat_sum(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    return ExtensionStats(
        extensions=total["extensions"],
        announced_in_time=total["extensions_in_time"],
        requests_extended=total["extensions"] - repeats,
    )


def suspension_count(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many times a term was suspended in the period."""
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers():
        return suspension_count_raw(start=start, end=end, **scope)
    return _period_sums(start=start, end=end, part="suspensions", **scope)[
        "suspensions"
    ]
