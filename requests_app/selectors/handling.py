"""Handling time of completed requests: working days, medians and 90th percentiles.

Handling time is the working days after the received date up to and including the day
the request was completed, counted with the same work calendar as the due dates.

One SQL statement per call, the same on PostgreSQL and SQLite up to the last step:
  ordinal    a small table of calendar days (three years up to the period's end)
             with the number of working days from the first of them: the work
             calendar (holidays, declared days off, Saturdays declared working)
             turned into data, a few hundred rows computed from the calendar;
  histogram  completed requests joined to it on the received and completed days:
             working days = ordinal(completed) - ordinal(received), counted per
             service and number of days by the database (GROUP BY);
then PostgreSQL expands the histogram back to one row per request and takes
percentile_cont(0.5) and percentile_cont(0.9) per service and overall (GROUPING
SETS); SQLite, which has no percentile aggregate, returns the histogram (a few rows
per service) and the same interpolation is read off it here.
Requests received more than three years before the period ends are left out of
the handling time (they are still counted as completed, on time or not).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from requests_app.models import (
    CitizenRequest,
    Service,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.statistics import period_bounds
from requests_app.workflow import Status


@dataclass(frozen=True)
class HandlingTime:
    service_id: int | None  # None: the whole scope
    service_name: str
    count: int
    median: float | None
    p90: float | None


CALENDAR_YEARS = 3


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


def _ordinal_days(*, end: date) -> list[tuple[date, int]]:
    """Return (day, working days from the first day up to it) for the calendar."""
    first = date(end.year - CALENDAR_YEARS, end.month, 1)
    calendar = work_calendar_for(start=first, end=end)
    result, count, day = [], 0, first
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        result.append((day, count))
        day += timedelta(days=1)
    return result


def _handling_sql(
    *,
    start: date,
    end: date,
    department_id: int | None,
    service_id: int | None,
) -> tuple[str, list]:
    """Return the common part (CTEs `ordinal` and `histogram`) and its parameters."""
    ordinal = _ordinal_days(end=end)
    ordinal_sql = "SELECT column1 AS day, column2 AS ord FROM (VALUES {}) AS v".format(
        ", ".join(["(%s, %s)"] * len(ordinal))
    )
    ordinal_params = [value for pair in ordinal for value in pair]
    low, high = period_bounds(start, end)
    closed_sql, closed_params = connection.ops.datetime_cast_date_sql(
        "r.closed_at", [], timezone.get_current_timezone_name()
    )
    where = ["r.status IN (%s, %s)", "r.closed_at >= %s", "r.closed_at < %s"]
    where_params: list = [Status.CLOSED, Status.REJECTED, low, high]
    if department_id is not None:
        where.append("r.department_id = %s")
        where_params.append(department_id)
    if service_id is not None:
        where.append("r.service_id = %s")
        where_params.append(service_id)
    table = connection.ops.quote_name(CitizenRequest._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = f"""
        WITH ordinal AS ({ordinal_sql}),
        histogram AS (
            SELECT r.service_id, {greatest}(c.ord - o.ord, 0) AS days, COUNT(*) AS n
            FROM {table} r
            JOIN ordinal o ON o.day = r.received_on
            JOIN ordinal c ON c.day = {closed_sql}
            WHERE {" AND ".join(where)}
            GROUP BY 1, 2
        )
    """
    return sql, [*ordinal_params, *closed_params, *where_params]


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
            # Sorting a year of requests fits in memory instead of spilling to disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(
                common
                + """
                SELECT service_id, COUNT(*),
                    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days)
                FROM histogram CROSS JOIN LATERAL generate_series(1, histogram.n)
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
            SELECT service_id, days, n FROM histogram ORDER BY service_id, days
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
