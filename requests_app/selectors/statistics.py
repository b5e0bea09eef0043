"""Request-side aggregates for the accountability reports.

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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from requests_app.models import (
    CitizenRequest,
    EventKind,
    Extension,
    RequestEvent,
)
from requests_app.workflow import Status

COMPLETED = (Status.CLOSED, Status.REJECTED)


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
    qs = CitizenRequest.objects.filter(
        status__in=COMPLETED, closed_at__gte=low, closed_at__lt=high
    )
    qs = scoped_requests(qs, department_id, service_id)
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
    return scoped_requests(qs, department_id, service_id).count()


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
    low, high = period_bounds(start, end)
    qs = Extension.objects.filter(created_at__gte=low, created_at__lt=high)
    qs = scoped_requests(qs, department_id, service_id, prefix="request__")
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
    low, high = period_bounds(start, end)
    qs = RequestEvent.objects.filter(
        kind=EventKind.SUSPENSION, created_at__gte=low, created_at__lt=high
    )
    return scoped_requests(qs, department_id, service_id, prefix="request__").count()
