"""Request-side aggregates for the accountability reports (#5).

Every number here is computed by the database (Count, conditional Count, percentiles);
Python never loops over requests. All functions are reads; `standards` calls them.

Definitions (the report's methodology repeats them):
- completed in a period: the request was closed (delivered) or rejected on a day of the
  period (its `closed_at`, in the municipality's time zone);
- on time: completed on or before its due date (`due_on`, which already includes any
  extension and suspension);
- handling time: working days after the received date up to and including the day it was
  completed, counted with the same work calendar as the due dates.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from .calendar import work_calendar_for
from .models import CitizenRequest, EventKind, Extension, RequestEvent, Service
from .workflow import Status

COMPLETED = (Status.CLOSED, Status.REJECTED)
# A Monday: day numbers count from it, so that weekday arithmetic stays simple.
EPOCH = date(2000, 1, 3)


@dataclass(frozen=True)
class CompletionStats:
    completed: int
    on_time: int
    delivered: int
    rejected: int


@dataclass(frozen=True)
class GroupCompletion:
    key: int  # department or service id
    name: str
    completed: int
    on_time: int


@dataclass(frozen=True)
class ExtensionStats:
    extensions: int
    announced_in_time: int
    requests_extended: int


@dataclass(frozen=True)
class HandlingTime:
    service_id: int | None  # None: the whole scope
    service_name: str
    count: int
    median: float | None
    p90: float | None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Return aware datetimes [start 00:00, day after end 00:00) in the local zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _scoped(
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
    low, high = _bounds(start, end)
    qs = CitizenRequest.objects.filter(
        status__in=COMPLETED, closed_at__gte=low, closed_at__lt=high
    )
    qs = _scoped(qs, department_id, service_id)
    return qs.annotate(closed_on=TruncDate("closed_at", output_field=DateField()))


ON_TIME = Q(closed_on__lte=F("due_on"))


def completion_stats(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> CompletionStats:
    """Return how many requests were completed in the period, and how many on time."""
    qs = completed_requests(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    row = qs.aggregate(
        completed=Count("pk"),
        on_time=Count("pk", filter=ON_TIME),
        delivered=Count("pk", filter=Q(status=Status.CLOSED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
    )
    return CompletionStats(**row)


def completion_by_department(
    *, start: date, end: date, service_id: int | None = None
) -> list[GroupCompletion]:
    """Return completed and on-time counts per department (departments with any)."""
    qs = completed_requests(start=start, end=end, service_id=service_id)
    rows = (
        qs.values("department_id", "department__name")
        .annotate(completed=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by("department__order", "department__name")
    )
    return [
        GroupCompletion(
            key=row["department_id"],
            name=row["department__name"],
            completed=row["completed"],
            on_time=row["on_time"],
        )
        for row in rows
    ]


def completion_by_month(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[date, tuple[int, int]]:
    """Return {first day of month: (completed, on time)} for the months with any."""
    qs = completed_requests(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    rows = (
        qs.annotate(month=TruncMonth("closed_at", output_field=DateField()))
        .values("month")
        .annotate(completed=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by("month")
    )
    result = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        result[month] = (row["completed"], row["on_time"])
    return result


def received_count(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many requests were received in the period."""
    qs = CitizenRequest.objects.filter(received_on__gte=start, received_on__lte=end)
    return _scoped(qs, department_id, service_id).count()


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
    low, high = _bounds(start, end)
    qs = Extension.objects.filter(created_at__gte=low, created_at__lt=high)
    qs = _scoped(qs, department_id, service_id, prefix="request__")
    row = qs.aggregate(
        extensions=Count("pk"),
        announced_in_time=Count("pk", filter=Q(is_late=False)),
        requests_extended=Count("request_id", distinct=True),
    )
    return ExtensionStats(**row)


def suspension_count(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many times a term was suspended in the period."""
    low, high = _bounds(start, end)
    qs = RequestEvent.objects.filter(
        kind=EventKind.SUSPENSION, created_at__gte=low, created_at__lt=high
    )
    return _scoped(qs, department_id, service_id, prefix="request__").count()


# --- Handling time: working days in SQL, percentiles --------------------------------
#
# One SQL statement per call, the same on PostgreSQL and SQLite up to the last step:
#   done     completed requests grouped by (service, received day, completed day);
#   ordinal  for each distinct day met (a few hundred), the working days from EPOCH up
#            to it: Mondays to Fridays counted arithmetically, minus the holidays and
#            declared days off on weekdays, plus weekend days declared working (two
#            tiny lists of days);
#   handled  working days of each group = ordinal(completed) - ordinal(received);
# then PostgreSQL expands the pairs back to one row per request and takes
# percentile_cont(0.5) and percentile_cont(0.9) per service and overall (GROUPING
# SETS); SQLite, which has no percentile aggregate, returns the histogram (service,
# working days, how many) and the same interpolation is read off it here.


def percentile_from_counts(counts: list[tuple[int, int]], fraction: float) -> float:
    """Return percentile_cont of values given as sorted (value, how many) pairs."""
    total = sum(n for _, n in counts)
    position = fraction * (total - 1)
    below = int(position)
    seen = 0
    low = high = None
    for value, n in counts:
        if low is None and below < seen + n:
            low = value
        if below + 1 < seen + n:
            high = value
            break
        seen += n
    assert low is not None
    if high is None:
        high = low
    return low + (high - low) * (position - below)


def _day_number(column: str) -> str:
    """SQL for whole days from EPOCH (a Monday) to a date column."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '{EPOCH.isoformat()}')"
    return (
        f"CAST(ROUND(julianday({column}) - julianday('{EPOCH.isoformat()}')) "
        "AS INTEGER)"
    )


def _weekdays_through(column: str) -> str:
    """SQL for the Mondays to Fridays from EPOCH up to and including the day."""
    number = _day_number(column)
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    return f"(5 * ({number} / 7) + {least}(({number} %% 7) + 1, 5))"


def _days_table(days: list[date]) -> tuple[str, list[date]]:
    """SQL for a one-column table of days (empty when there are none)."""
    if not days:
        return "SELECT %s AS day WHERE 1 = 0", [EPOCH]
    return " UNION ALL ".join(["SELECT %s AS day"] * len(days)), list(days)


def _handling_sql(
    *,
    start: date,
    end: date,
    department_id: int | None,
    service_id: int | None,
) -> tuple[str, list]:
    """Return the common part (CTEs `done` and `handled`) and its parameters."""
    calendar = work_calendar_for(start=start - timedelta(days=731), end=end)
    off = sorted(
        day
        for day in {*calendar.holidays, *calendar.days_off}
        if day.weekday() < 5 and day not in calendar.working_days
    )
    on = sorted(day for day in calendar.working_days if day.weekday() >= 5)
    off_sql, off_params = _days_table(off)
    on_sql, on_params = _days_table(on)
    low, high = _bounds(start, end)
    closed_sql, closed_params = connection.ops.datetime_cast_date_sql(
        "closed_at", [], timezone.get_current_timezone_name()
    )
    where = ["status IN (%s, %s)", "closed_at >= %s", "closed_at < %s"]
    where_params: list = [Status.CLOSED, Status.REJECTED, low, high]
    if department_id is not None:
        where.append("department_id = %s")
        where_params.append(department_id)
    if service_id is not None:
        where.append("service_id = %s")
        where_params.append(service_id)
    table = connection.ops.quote_name(CitizenRequest._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = f"""
        WITH off_days AS ({off_sql}),
        on_days AS ({on_sql}),
        done AS (
            SELECT service_id, received_on, {closed_sql} AS closed_on, COUNT(*) AS n
            FROM {table}
            WHERE {" AND ".join(where)}
            GROUP BY 1, 2, 3
        ),
        days AS (
            SELECT received_on AS day FROM done UNION SELECT closed_on FROM done
        ),
        ordinal AS (
            SELECT day, {_weekdays_through("day")}
                - (SELECT COUNT(*) FROM off_days o WHERE o.day <= days.day)
                + (SELECT COUNT(*) FROM on_days w WHERE w.day <= days.day) AS ord
            FROM days
        ),
        handled AS (
            SELECT done.service_id, done.n,
                {greatest}(closed.ord - received.ord, 0) AS days
            FROM done
            JOIN ordinal received ON received.day = done.received_on
            JOIN ordinal closed ON closed.day = done.closed_on
        )
    """
    params = [
        *off_params,
        *on_params,
        *closed_params,
        *where_params,
    ]
    return sql, params


def _handling(
    *,
    start: date,
    end: date,
    department_id: int | None,
    service_id: int | None,
) -> dict[int | None, tuple[int, float, float]]:
    """Return {service id, or None for all: (count, median, 90th percentile)}."""
    common, params = _handling_sql(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    result: dict[int | None, tuple[int, float, float]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner cannot estimate the CTEs and expects billions of rows; JIT
            # compiling for that would cost more than the query itself.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                common
                + """
                SELECT service_id, COUNT(*),
                    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days)
                FROM handled CROSS JOIN LATERAL generate_series(1, handled.n)
                GROUP BY GROUPING SETS ((service_id), ())
                """,
                params,
            )
            for key, count, percentiles in cursor.fetchall():
                if count:  # the grand total row exists even with no requests
                    result[key] = (count, *percentiles)
            return result
        cursor.execute(
            common
            + """
            SELECT service_id, days, SUM(n) FROM handled
            GROUP BY service_id, days ORDER BY service_id, days
            """,
            params,
        )
        histograms: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
        overall: dict[int, int] = defaultdict(int)
        for key, days, count in cursor.fetchall():
            histograms[key].append((days, count))
            overall[days] += count
    if overall:
        histograms[None] = sorted(overall.items())
    for key, counts in histograms.items():
        result[key] = (
            sum(n for _, n in counts),
            percentile_from_counts(counts, 0.5),
            percentile_from_counts(counts, 0.9),
        )
    return result


def handling_times(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> tuple[HandlingTime, list[HandlingTime]]:
    """Return the handling time in scope, and per service (one query for both)."""
    stats = _handling(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    count, median, p90 = stats.get(None, (0, None, None))
    names = dict(
        Service.objects.filter(
            pk__in=[key for key in stats if key is not None]
        ).values_list("pk", "name")
    )
    per_service = [
        HandlingTime(key, names.get(key, ""), *values)
        for key, values in stats.items()
        if key is not None
    ]
    per_service.sort(key=lambda item: item.service_name)
    return HandlingTime(None, "", count, median, p90), per_service


def handling_time_stats(**kwargs) -> HandlingTime:
    """Return the median and 90th percentile handling time (working days) in scope."""
    return handling_times(**kwargs)[0]


def handling_time_by_service(**kwargs) -> list[HandlingTime]:
    """Return the median and 90th percentile handling time per service."""
    return handling_times(**kwargs)[1]
