"""Handling time of completed requests: working days, medians and 90th percentiles.

Handling time is the working days after the received date up to and including the day
the request was completed, counted with the same work calendar as the due dates.

`handling_times` reads the per-day histograms of the summary
(`requests_app.selectors.figures`) and interpolates the percentiles as
percentile_cont does. `handling_times_raw` is the recomputation from the raw rows (the
reference, and the path taken in a time zone other than the municipality's), one SQL
statement, the same on PostgreSQL and SQLite up to the last step:
  ordinal    a table of calendar days, from the earliest received or completion day
             of the requests in question to the latest, with the number of working
             days from the first of them: the work calendar (holidays, declared days
             off, Saturdays declared working) turned into data;
  histogram  completed requests joined to it on the received and completed days:
             working days = ordinal(completed) - ordinal(received), counted per
             service and number of days by the database (GROUP BY);
then PostgreSQL expands the histogram back to one row per request and takes
percentile_cont(0.5) and percentile_cont(0.9) per service and overall (GROUPING
SETS); SQLite, which has no percentile aggregate, returns the histogram (a few rows
per service) and the same interpolation is read off it here.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from requests_app.models import DayHandling, MonthHandling, Service
from requests_app.selectors import figures as summary
from requests_app.selectors.statistics import completed_requests

__all__ = [
    "HandlingTime",
    "handling_time_by_service",
    "handling_time_stats",
    "handling_times",
    "handling_times_raw",
    "percentile_from_counts",
]


Histograms = dict[int | None, dict[int, int]]  # service (None: all) → days → count


@dataclass(frozen=True)
class HandlingTime:
    service_id: int | None  # None: the whole scope
    service_name: str
    count: int
    median: float | None
    p90: float | None


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


def histogram_stats(
    histograms: Histograms,
) -> dict[int | None, tuple[int, float, float]]:
    """Return {service, None for all: (count, median, 90th percentile)}."""
    overall: dict[int, int] = defaultdict(int)
    for key, counts in histograms.items():
        if key is not None:
            for days, n in counts.items():
                overall[days] += n
    combined = {key: dict(counts) for key, counts in histograms.items() if counts}
    if overall:
        combined[None] = dict(overall)
    result = {}
    for key, counts in combined.items():
        pairs = sorted(counts.items())
        result[key] = (
            sum(n for _, n in pairs),
            percentile_from_counts(pairs, 0.5),
            percentile_from_counts(pairs, 0.9),
        )
    return result


def clean_months(start: date, end: date, dirty: Collection[date]) -> list[date]:
    """Return the first days of the months wholly within [start, end] with no day
    marked (their `MonthHandling` rows are exact)."""
    months = []
    month = date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        last = following - timedelta(days=1)
        inside = start <= month and last <= end
        if inside and not any(month <= day <= last for day in dirty):
            months.append(month)
        month = following
    return months


def handling_sums(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[int | None, tuple[int, float, float]]:
    """Return {service, None for all: (count, median, 90th percentile)} of the
    handling times of the requests completed in the period.

    Whole months with no day marked are read from `MonthHandling`, the other days
    from `DayHandling`, the days marked from the raw tables (at most five queries).
    """
    dirty = summary.dirty_days(start, end)
    months = clean_months(start, end, dirty)
    in_months = {
        month + timedelta(days=n)
        for month in months
        for n in range(31)
        if (month + timedelta(days=n)).month == month.month
    }
    stored = summary.stored_rows(
        DayHandling.objects.all(),
        start,
        end,
        department_id,
        service_id,
        sorted(in_months.union(dirty)),
    )
    histograms: Histograms = defaultdict(lambda: defaultdict(int))
    found = list(
        stored.values_list("service_id", "days").annotate(n=Sum("count")).order_by()
    )
    if months:
        by_month = MonthHandling.objects.filter(
            summary.scope_filter("", department_id, service_id), month__in=months
        )
        found += by_month.values_list("service_id", "days").annotate(n=Sum("count"))
    for service, days, n in found:
        histograms[service][days] += n
    if dirty:
        computed = summary.handling_compute(
            days=dirty, department_id=department_id, service_id=service_id
        )
        for (_, _, service, days), n in computed.items():
            histograms[service][days] += n
    return histogram_stats(histograms)


def _handling_raw(
    *,
    start: date,
    end: date,
    department_id: int | None,
    service_id: int | None,
) -> dict[int | None, tuple[int, float, float]]:
    """Return {service id, or None for all: (count, median, 90th percentile)}."""
    rows = completed_requests(
        start=start, end=end, department_id=department_id, service_id=service_id
    )
    ctes = summary.handling_ctes(
        rows, group=("service_id",), tzname=timezone.get_current_timezone_name()
    )
    if ctes is None:
        return {}
    common, params = ctes
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
        cursor.execute(common + "SELECT service_id, days, n FROM histogram", params)
        histograms: Histograms = defaultdict(dict)
        for key, days, count in cursor.fetchall():
            histograms[key][days] = count
    return histogram_stats(histograms)


def _handling_times(
    stats: dict[int | None, tuple[int, float, float]],
) -> tuple[HandlingTime, list[HandlingTime]]:
    count, median, p90 = stats.get(None, (0, None, None))
    # Instances, so that the names follow the active language (modeltranslation).
    services = Service.objects.filter(pk__in=[key for key in stats if key is not None])
    names = {service.pk: service.name for service in services}
    per_service = [
        HandlingTime(key, names.get(key, ""), *values)
        for key, values in stats.items()
        if key is not None
    ]
    per_service.sort(key=lambda item: (item.service_name, item.service_id))
    return HandlingTime(None, "", count, median, p90), per_service


def handling_times_raw(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> tuple[HandlingTime, list[HandlingTime]]:
    """Return `handling_times` recomputed from the raw rows."""
    return _handling_times(
        _handling_raw(
            start=start, end=end, department_id=department_id, service_id=service_id
        )
    )


def handling_times(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> tuple[HandlingTime, list[HandlingTime]]:
    """Return the handling time in scope, and per service."""
    scope = {"department_id": department_id, "service_id": service_id}
    if not summary.summary_answers():
        return handling_times_raw(start=start, end=end, **scope)
    return _handling_times(handling_sums(start=start, end=end, **scope))


def handling_time_stats(**kwargs) -> HandlingTime:
    """Return the median and 90th percentile handling time (working days) in scope."""
    return handling_times(**kwargs)[0]


def handling_time_by_service(**kwargs) -> list[HandlingTime]:
    """Return the median and 90th percentile handling time per service."""
    return handling_times(**kwargs)[1]
