"""The figures of the reports from the per-day summary, exact at every moment.

The summary (`requests_app.models.figures`) holds, per local day × department ×
service, the counts the reports add up. A period's figures are the stored rows of its
days not marked dirty plus the rows of its dirty days computed here from the raw tables,
so they equal a recomputation from the raw rows at every moment, before and after a
refresh. `requests_app.selectors.statistics` and `.handling` keep that recomputation as
the reference and use it where the summary cannot answer exactly (`summary_answers`).

The rows of any set of days come from a handful of GROUP BY statements, whatever the
number of days; `requests_app.services.figures` stores what they return. Read only.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, transaction
from django.db.models import (
    Count,
    DateField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from requests_app.models import (
    CitizenRequest,
    DayFigures,
    DayRepeatExtension,
    EventKind,
    Extension,
    FiguresDirtyDay,
    RequestEvent,
)
from requests_app.models.figures import local_day_of
from requests_app.selectors.calendar import work_calendar_for
from requests_app.workflow import Status

COMPLETED = (Status.CLOSED, Status.REJECTED)
# What `figures_compute` can compute; a reader asks only for what it adds up.
PARTS = ("received", "completed", "due", "extensions", "suspensions")
Key = tuple[date, int, int]  # day, department, service


# --- Which rows fall on which days ----------------------------------------------------


def day_bounds(first: date, last: date, zone: Any = None) -> tuple[datetime, datetime]:
    """Return aware datetimes [first 00:00, day after last 00:00) in `zone` (the
    municipality's by default)."""
    zone = zone or timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def day_runs(days: Collection[date]) -> list[tuple[date, date]]:
    """Return the runs of consecutive days, as (first, last) pairs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def on_days(field: str, days: Collection[date] | None, *, moment: bool = False) -> Q:
    """Return the filter of the rows whose `field` falls on one of `days` (a local day
    when `moment`); every row when `days` is None."""
    if days is None:
        return Q()
    where = Q(pk__in=[])
    for first, last in day_runs(days):
        if moment:
            low, high = day_bounds(first, last)
            where |= Q(**{f"{field}__gte": low, f"{field}__lt": high})
        else:
            where |= Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return where


def scope_filter(prefix: str, department_id: int | None, service_id: int | None) -> Q:
    where = Q()
    if department_id is not None:
        where &= Q(**{f"{prefix}department_id": department_id})
    if service_id is not None:
        where &= Q(**{f"{prefix}service_id": service_id})
    return where


# --- The rows of some days, from the raw tables ---------------------------------------


def _add(rows: dict, key: Any, counts: dict[str, int]) -> None:
    for name, count in counts.items():
        if count:
            row = rows.setdefault(key, {})
            row[name] = row.get(name, 0) + count


def figures_compute(
    *,
    days: Collection[date] | None,
    department_id: int | None = None,
    service_id: int | None = None,
    parts: Collection[str] = PARTS,
) -> dict[Key, dict[str, int]]:
    """Return the counts of `DayFigures` of `days` (all days when None), per day,
    department and service, from the raw tables: one statement per part."""
    rows: dict[Key, dict[str, int]] = {}
    requests = CitizenRequest.objects.filter(
        scope_filter("", department_id, service_id)
    )
    requests = requests.order_by()
    group = ("department_id", "service_id")
    if "received" in parts:
        received = requests.filter(on_days("received_on", days)).values(
            "received_on", *group
        )
        for row in received.annotate(n=Count("pk")):
            key = (row["received_on"], row["department_id"], row["service_id"])
            _add(rows, key, {"received": row["n"]})
    if "completed" in parts:
        done = requests.filter(
            on_days("closed_at", days, moment=True), status__in=COMPLETED
        ).annotate(done_on=local_day_of("closed_at"))
        for row in done.values("done_on", *group).annotate(
            n=Count("pk"),
            n_delivered=Count("pk", filter=Q(status=Status.CLOSED)),
            n_rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            n_on_time=Count("pk", filter=Q(due_on__gte=F("done_on"))),
        ):
            key = (row["done_on"], row["department_id"], row["service_id"])
            counts = {
                "completed": row["n"],
                "delivered": row["n_delivered"],
                "rejected": row["n_rejected"],
                "on_time": row["n_on_time"],
            }
            _add(rows, key, counts)
    if "due" in parts:
        # Completed: closed or rejected, with the day it happened (the raw path's
        # `done_on` is null otherwise).
        is_done = Q(status__in=COMPLETED, closed_at__isnull=False)
        due = requests.filter(on_days("due_on", days)).annotate(
            done_on=local_day_of("closed_at")
        )
        for row in due.values("due_on", *group).annotate(
            n_late=Count("pk", filter=is_done & Q(done_on__gt=F("due_on"))),
            n_open=Count("pk", filter=~is_done),
        ):
            key = (row["due_on"], row["department_id"], row["service_id"])
            _add(rows, key, {"late_done": row["n_late"], "open_due": row["n_open"]})
    request_group = ("request__department_id", "request__service_id")
    if "extensions" in parts:
        extensions = Extension.objects.filter(
            on_days("created_at", days, moment=True),
            scope_filter("request__", department_id, service_id),
        ).annotate(made_on=local_day_of("created_at"))
        for row in (
            extensions.order_by()
            .values("made_on", *request_group)
            .annotate(n=Count("pk"), n_in_time=Count("pk", filter=Q(is_late=False)))
        ):
            key = (row["made_on"], *(row[name] for name in request_group))
            _add(
                rows,
                key,
                {"extensions": row["n"], "extensions_in_time": row["n_in_time"]},
            )
    if "suspensions" in parts:
        suspensions = RequestEvent.objects.filter(
            on_days("created_at", days, moment=True),
            scope_filter("request__", department_id, service_id),
            kind=EventKind.SUSPENSION,
        ).annotate(made_on=local_day_of("created_at"))
        for row in (
            suspensions.order_by()
            .values("made_on", *request_group)
            .annotate(n=Count("pk"))
        ):
            key = (row["made_on"], *(row[name] for name in request_group))
            _add(rows, key, {"suspensions": row["n"]})
    return rows


def repeats_compute(
    *,
    days: Collection[date] | None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[tuple[date, date, int, int], int]:
    """Return the counts of `DayRepeatExtension` of `days` (all when None): the
    extensions made on a day that follow an earlier one of the same request, per
    day of that earlier one (one statement)."""
    earlier = (
        Extension.objects.filter(request_id=OuterRef("request_id"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    extensions = (
        Extension.objects.filter(
            on_days("created_at", days, moment=True),
            scope_filter("request__", department_id, service_id),
        )
        .annotate(previous_at=Subquery(earlier))
        .filter(previous_at__isnull=False)
        .annotate(
            made_on=local_day_of("created_at"),
            previous_on=local_day_of("previous_at"),
        )
        .order_by()
        .values(
            "made_on", "previous_on", "request__department_id", "request__service_id"
        )
        .annotate(n=Count("pk"))
    )
    return {
        (
            row["made_on"],
            row["previous_on"],
            row["request__department_id"],
            row["request__service_id"],
        ): row["n"]
        for row in extensions
    }


def _ordinal_sql(first: date, last: date, vendor: str) -> str:
    """Return a table of (day, working days from `first` up to it) as SQL.

    The work calendar turned into data; literals rather than parameters, since a long
    span would pass SQLite's limit on parameters (dates from Python, no input).
    """
    calendar = work_calendar_for(start=first, end=last)
    cast = "::date" if vendor == "postgresql" else ""
    values, count, day = [], 0, first
    while day <= last:
        if calendar.is_working_day(day):
            count += 1
        values.append(f"('{day.isoformat()}'{cast}, {count})")
        day += timedelta(days=1)
    rows = ", ".join(values)
    return f"SELECT column1 AS day, column2 AS ord FROM (VALUES {rows}) AS v"


def handling_ctes(
    rows: QuerySet[CitizenRequest], *, group: Sequence[str], tzname: str
) -> tuple[str, list] | None:
    """Return `WITH ordinal AS (...), histogram AS (...)` and its parameters, or None
    when no completed request is among `rows` (filtered on their own columns).

    `histogram` has the columns of `group` ("day": the local closing day in `tzname`,
    "department_id", "service_id"), then `days` (working days after the received day
    up to the closing day, counted with the work calendar) and `n`. The calendar runs
    from the earliest received or closing day to the latest, so no request is left out.
    """
    rows = rows.filter(status__in=COMPLETED, closed_at__isnull=False).order_by()
    # The FILTER (always true) keeps PostgreSQL from taking a MIN or MAX off an index
    # on the column, in whose order it would read the whole table to find the rows.
    done = Q(closed_at__isnull=False)
    span = rows.aggregate(
        first=Min("received_on", filter=done),
        last=Max("received_on", filter=done),
        first_closed=Min("closed_at", filter=done),
        last_closed=Max("closed_at", filter=done),
    )
    if span["first"] is None:
        return None
    zone = ZoneInfo(tzname)
    first = min(span["first"], timezone.localtime(span["first_closed"], zone).date())
    last = max(span["last"], timezone.localtime(span["last_closed"], zone).date())
    connection = connections[rows.db]
    query = rows.query
    try:
        where, where_params = query.get_compiler(connection=connection).compile(
            query.where
        )
    except FullResultSet:
        where, where_params = "", []
    except EmptyResultSet:
        return None
    quote = connection.ops.quote_name
    table = quote(CitizenRequest._meta.db_table)
    closed_sql, closed_params = connection.ops.datetime_cast_date_sql(
        f"{table}.{quote('closed_at')}", [], tzname
    )
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    select = "".join(f"p.{name}, " for name in group)
    positions = ", ".join(str(i) for i in range(1, len(group) + 2))
    # The requests are counted per pair of days first, then the pairs are joined to
    # the calendar: the join stays small, whatever the plan for the requests.
    sql = f"""
        WITH ordinal AS ({_ordinal_sql(first, last, connection.vendor)}),
        pairs AS (
            SELECT {closed_sql} AS day, {table}.{quote("received_on")} AS received_on,
                {table}.{quote("department_id")} AS department_id,
                {table}.{quote("service_id")} AS service_id, COUNT(*) AS n
            FROM {table}
            {"WHERE " + where if where else ""}
            GROUP BY 1, 2, 3, 4
        ),
        histogram AS (
            SELECT {select}{greatest}(c.ord - o.ord, 0) AS days,
                CAST(SUM(p.n) AS BIGINT) AS n
            FROM pairs p
            JOIN ordinal o ON o.day = p.received_on
            JOIN ordinal c ON c.day = p.day
            GROUP BY {positions}
        )
    """
    return sql, [*closed_params, *where_params]


def handling_compute(
    *,
    days: Collection[date] | None,
    department_id: int | None = None,
    service_id: int | None = None,
) -> dict[tuple[date, int, int, int], int]:
    """Return the counts of `DayHandling` of `days` (all when None): requests
    completed per day, department, service and working days taken (one statement)."""
    rows = CitizenRequest.objects.filter(
        on_days("closed_at", days, moment=True),
        scope_filter("", department_id, service_id),
    )
    ctes = handling_ctes(
        rows,
        group=("day", "department_id", "service_id"),
        tzname=timezone.get_default_timezone_name(),
    )
    if ctes is None:
        return {}
    sql, params = ctes
    connection = connections[rows.db]
    with transaction.atomic(using=rows.db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner cannot estimate the ordinal table; compiling for the rows
            # it imagines would cost more than the query.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            sql + "SELECT day, department_id, service_id, days, n FROM histogram",
            params,
        )
        return {
            (_as_date(day), department, service, taken): count
            for day, department, service, taken, count in cursor.fetchall()
        }


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- Reading a period -----------------------------------------------------------------


def summary_answers(*, as_of: date | None = None) -> bool:
    """Return whether the stored figures answer exactly, else the raw path must.

    They are kept by local day in the municipality's zone; and they judge terms as
    they stand now, which is also how they stood on `as_of` unless a request was
    completed after it (a report "as of" a past day).
    """
    if timezone.get_current_timezone_name() != timezone.get_default_timezone_name():
        return False
    if as_of is None or as_of >= date.max - timedelta(days=1):
        return True
    after, _ = day_bounds(as_of + timedelta(days=1), as_of + timedelta(days=1))
    later = CitizenRequest.objects.filter(status__in=COMPLETED, closed_at__gte=after)
    return not later.exists()


def dirty_days(start: date, end: date) -> list[date]:
    marked = FiguresDirtyDay.objects.filter(day__gte=start, day__lte=end)
    return sorted(set(marked.values_list("day", flat=True)))


def stored_rows(
    rows: QuerySet,
    start: date,
    end: date,
    department_id: int | None,
    service_id: int | None,
    dirty: list[date],
) -> QuerySet:
    rows = rows.filter(
        scope_filter("", department_id, service_id), day__gte=start, day__lte=end
    )
    return rows.exclude(on_days("day", dirty)) if dirty else rows


# The stored counts each part of `figures_compute` gives.
PART_COUNTS = {
    "received": ("received",),
    "completed": ("completed", "delivered", "rejected", "on_time"),
    "due": ("late_done",),  # and open_due, split at `as_of`
    "extensions": ("extensions", "extensions_in_time"),
    "suspensions": ("suspensions",),
}


def figure_sums(
    *,
    start: date,
    end: date,
    as_of: date,
    department_id: int | None = None,
    service_id: int | None = None,
    parts: Collection[str] = PARTS,
    by: str | None = None,
) -> dict[Any, dict[str, int]]:
    """Return the sums of the counts of `parts` over the days of the period, per `by`
    ("department", "month") or in total (key None). With the part "due", `late_open`
    counts the requests not completed whose due date is before `as_of`, and `pending`
    those due from `as_of` on.

    Two queries, and one per part when the period has days marked dirty.
    """
    dirty = dirty_days(start, end)
    stored = stored_rows(
        DayFigures.objects.all(), start, end, department_id, service_id, dirty
    )
    names = [name for part in parts for name in PART_COUNTS[part]]
    sums = {f"sum_{name}": Sum(name, default=0) for name in names}
    if "due" in parts:
        names += ["late_open", "pending"]
        sums["sum_late_open"] = Sum("open_due", filter=Q(day__lt=as_of), default=0)
        sums["sum_pending"] = Sum("open_due", filter=Q(day__gte=as_of), default=0)
    result: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    if by is None:
        found = [{"key": None, **stored.aggregate(**sums)}]
    else:
        key = (
            F("department_id")
            if by == "department"
            else TruncMonth("day", output_field=DateField())
        )
        found = list(stored.annotate(key=key).values("key").annotate(**sums).order_by())
    for row in found:
        group = row.pop("key")
        if isinstance(group, datetime):
            group = group.date()
        result[group] = {name.removeprefix("sum_"): n for name, n in row.items()}
    if dirty:
        computed = figures_compute(
            days=dirty, department_id=department_id, service_id=service_id, parts=parts
        )
        for (day, department, _service), counts in computed.items():
            group = {None: None, "department": department}.get(by, day.replace(day=1))
            total = result[group]
            for name, count in counts.items():
                if name in total:
                    total[name] += count
            if "due" in parts:
                open_due = counts.get("open_due", 0)
                total["late_open" if day < as_of else "pending"] += open_due
    return dict(result)


def repeat_sum(
    *,
    start: date,
    end: date,
    department_id: int | None = None,
    service_id: int | None = None,
) -> int:
    """Return how many extensions made in the period follow another of their request
    made in the period: the extensions less these are the requests extended."""
    dirty = dirty_days(start, end)
    stored = stored_rows(
        DayRepeatExtension.objects.all(), start, end, department_id, service_id, dirty
    )
    total = stored.filter(previous_day__gte=start).aggregate(n=Sum("count", default=0))
    count = total["n"]
    if dirty:
        computed = repeats_compute(
            days=dirty, department_id=department_id, service_id=service_id
        )
        count += sum(
            n for (_, previous, _, _), n in computed.items() if previous >= start
        )
    return count
