"""Keep the per-day figures of the reports up to date (`requests_app.models.figures`).

Writes mark the days they change (`FiguresDirtyDay`); `figures_refresh` recomputes the
marked days from the raw tables and replaces their stored rows, so a finished period
is never recomputed unless something in it changed. `figures_rebuild` recomputes
everything, after a bulk load or an upgrade of the holidays package.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from requests_app.models import (
    CitizenRequest,
    DayFigures,
    DayHandling,
    DayRepeatExtension,
    FiguresDirtyDay,
    MonthHandling,
)
from requests_app.models.figures import figures_mark, local_day
from requests_app.selectors.figures import (
    COMPLETED,
    day_bounds,
    figures_compute,
    handling_ctes,
    on_days,
    repeats_compute,
)

# Key of the PostgreSQL advisory lock that lets one refresh or rebuild run at a time.
LOCK_KEY = 0x5D_F16E  # "sd figures"
BATCH = 5000


@dataclass(frozen=True)
class FiguresWritten:
    days: list[date]  # the days recomputed (empty for a rebuild: all of them)
    rows: int  # the stored rows written


def _lock(*, wait: bool) -> bool:
    """Take the lock of the figures until the transaction ends; False when another
    refresh holds it and `wait` is False. SQLite runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _handling_store(days: Collection[date] | None) -> int:
    """Store the handling times of `days` (all when None) from the raw tables, by one
    INSERT ... SELECT: a year holds a hundred thousand rows of them."""
    rows = CitizenRequest.objects.filter(on_days("closed_at", days, moment=True))
    ctes = handling_ctes(
        rows,
        group=("day", "department_id", "service_id"),
        tzname=timezone.get_default_timezone_name(),
    )
    if ctes is None:
        return 0
    sql, params = ctes
    table = connection.ops.quote_name(DayHandling._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")  # see `handling_compute`
        cursor.execute(
            sql
            + f"""
            INSERT INTO {table} (day, department_id, service_id, days, count)
            SELECT day, department_id, service_id, days, n FROM histogram
            """,
            params,
        )
        return cursor.rowcount


def _months_store(days: Collection[date] | None) -> int:
    """Add up the stored handling times of the months of `days` (all when None)."""
    months = None
    if days is not None:
        months = sorted({day.replace(day=1) for day in days})
        MonthHandling.objects.filter(month__in=months).delete()
    else:
        MonthHandling.objects.all().delete()
    where, params = "", []
    if months is not None:
        ranges = [(m, (m + timedelta(days=31)).replace(day=1)) for m in months]
        where = "WHERE " + " OR ".join(["(day >= %s AND day < %s)"] * len(ranges))
        params = [value for pair in ranges for value in pair]
    if connection.vendor == "postgresql":
        month = "CAST(date_trunc('month', day) AS date)"
    else:
        month = "date(day, 'start of month')"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {quote(MonthHandling._meta.db_table)}
                (month, department_id, service_id, days, count)
            SELECT {month}, department_id, service_id, days, SUM(count)
            FROM {quote(DayHandling._meta.db_table)} {where}
            GROUP BY 1, 2, 3, 4
            """,
            params,
        )
        return cursor.rowcount


def _replace(days: Collection[date] | None) -> int:
    """Replace the stored rows of `days` (all when None) by rows computed from the raw
    tables; return how many rows were written."""
    figures = figures_compute(days=days)
    repeats = repeats_compute(days=days)
    for model in (DayFigures, DayHandling, DayRepeatExtension):
        model.objects.filter(on_days("day", days)).delete()
    handled = _handling_store(days) + _months_store(days)
    DayFigures.objects.bulk_create(
        (
            DayFigures(day=day, department_id=department, service_id=service, **counts)
            for (day, department, service), counts in figures.items()
        ),
        batch_size=BATCH,
    )
    DayRepeatExtension.objects.bulk_create(
        (
            DayRepeatExtension(
                day=day,
                previous_day=previous,
                department_id=department,
                service_id=service,
                count=count,
            )
            for (day, previous, department, service), count in repeats.items()
        ),
        batch_size=BATCH,
    )
    return len(figures) + handled + len(repeats)


@transaction.atomic
def figures_refresh(*, limit: int = 100) -> FiguresWritten:
    """Recompute the stored figures of the earliest `limit` marked days.

    Nothing is lost to a change committing meanwhile. The marks are deleted first, by
    one statement, before any raw row is read: a mark that statement deleted was
    committed, so the change that made it is seen by the reads that follow. A change
    committing later added its own marks (they are not unique per day, so a mark
    is never merged into one already there), which that statement did not see and
    which stay for the next refresh. Refreshes take turns (an advisory lock), so an
    older computation never overwrites a newer one.
    """
    if not _lock(wait=False):
        return FiguresWritten(days=[], rows=0)
    marked = FiguresDirtyDay.objects.order_by("day").values_list("day", flat=True)
    days = list(marked.distinct()[:limit])
    if not days:
        return FiguresWritten(days=[], rows=0)
    FiguresDirtyDay.objects.filter(on_days("day", days)).delete()
    return FiguresWritten(days=days, rows=_replace(days))


@transaction.atomic
def figures_rebuild() -> FiguresWritten:
    """Recompute every stored figure from the raw tables (a few statements)."""
    _lock(wait=True)
    FiguresDirtyDay.objects.all().delete()
    return FiguresWritten(days=[], rows=_replace(None))


def figures_mark_calendar_change(*, day: date) -> None:
    """Mark the closing days from `day` on: a day that becomes working or not changes
    the handling time of the requests received before it and completed from it on.

    Call in the transaction that changes the work calendar.
    """
    low, _ = day_bounds(day, day)
    latest = CitizenRequest.objects.filter(
        status__in=COMPLETED, closed_at__gte=low
    ).aggregate(last=Max("closed_at"))["last"]
    last = local_day(latest)
    if last is None:
        return
    figures_mark(day + timedelta(days=n) for n in range((last - day).days + 1))
