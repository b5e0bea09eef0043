"""The clerks' queue: open requests by due date, tiers, filters and search."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from requests_app.deadlines import add_working_days
from requests_app.models import CitizenRequest, Service, User
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.reach import (
    Viewer,
    request_reach_for,
    viewer_handles_requests,
)
from requests_app.workflow import OPEN_STATUSES

SOON_WORKING_DAYS = 3  # "due within 3 working days"


QUEUE_PAGE_SIZE = 25


SEARCH_MAX_LENGTH = 100


class Tier:
    """How close a request is to its due date; shown in words and colour."""

    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"

    ORDER = (OVERDUE, TODAY, SOON, ON_TRACK)
    LABELS = {
        OVERDUE: _("Overdue"),
        TODAY: _("Due today"),
        SOON: _("Due within 3 working days"),
        ON_TRACK: _("On track"),
    }
    # Bootstrap badge classes with AA contrast; the label always carries the meaning.
    CSS = {
        OVERDUE: "text-bg-danger",
        TODAY: "text-bg-warning",
        SOON: "text-bg-info",
        ON_TRACK: "text-bg-success",
    }


def soon_until(*, today: date) -> date:
    """Return the last day of the "due within 3 working days" tier."""
    calendar = work_calendar_for(start=today, end=today + timedelta(days=40))
    return add_working_days(today, SOON_WORKING_DAYS, calendar)


def _tier_expression(*, today: date, soon: date) -> Case:
    return Case(
        When(due_on__lt=today, then=Value(Tier.OVERDUE)),
        When(due_on=today, then=Value(Tier.TODAY)),
        When(due_on__lte=soon, then=Value(Tier.SOON)),
        default=Value(Tier.ON_TRACK),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    service: int | None = None
    tier: str = ""
    assigned: str = ""  # "me", "none" or "" (anyone)
    channel: str = ""
    filed_from: date | None = None
    filed_to: date | None = None
    search: str = ""


@dataclass
class Queue:
    requests: QuerySet[CitizenRequest]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


def request_queue_for(
    *, viewer: Viewer, today: date, filters: QueueFilters | None = None
) -> Queue:
    """Return the viewer's open requests, by due date then filing time, and tier counts.

    Search looks at the registry number, the citizen's name and e-mail, ignoring case.
    SQLite folds only ASCII letters, so there a Cyrillic name must be searched with the
    right capitals; PostgreSQL folds Cyrillic as well.
    """
    filters = filters or QueueFilters()
    soon = soon_until(today=today)
    qs = request_reach_for(viewer=viewer).annotate(
        tier=_tier_expression(today=today, soon=soon)
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.service:
        qs = qs.filter(service_id=filters.service)
    if filters.assigned == "me":
        qs = qs.filter(assigned_to_id=viewer.pk)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.filed_from:
        qs = qs.filter(received_on__gte=filters.filed_from)
    if filters.filed_to:
        qs = qs.filter(received_on__lte=filters.filed_to)
    search = filters.search.strip()[:SEARCH_MAX_LENGTH]
    if search:
        qs = qs.filter(
            Q(registry_number__icontains=search)
            | Q(citizen_name__icontains=search)
            | Q(citizen_email__icontains=search)
        )
    # Counts per tier before the tier filter, so the summary shows the whole picture.
    counts_row = qs.aggregate(
        **{t: Count("pk", filter=Q(tier=t)) for t in Tier.ORDER}, total=Count("pk")
    )
    if filters.tier in Tier.ORDER:
        qs = qs.filter(tier=filters.tier)
    qs = qs.select_related("service", "assigned_to", "department").order_by(
        "due_on", "submitted_at", "pk"
    )
    return Queue(
        requests=qs,
        counts={t: counts_row[t] or 0 for t in Tier.ORDER},
        total=counts_row["total"] or 0,
    )


def tier_of(*, due_on: date, today: date, soon: date) -> str:
    if due_on < today:
        return Tier.OVERDUE
    if due_on == today:
        return Tier.TODAY
    if due_on <= soon:
        return Tier.SOON
    return Tier.ON_TRACK


def intake_services_for(*, viewer: Viewer) -> QuerySet[Service]:
    """Return the active services of the viewer's departments (for desk intake)."""
    if not (
        viewer_handles_requests(viewer)
        and viewer.has_perm("requests_app.register_request")
    ):
        return Service.objects.none()
    assert isinstance(viewer, User)
    return (
        Service.objects.filter(is_active=True, department__in=viewer.departments.all())
        .select_related("department")
        .order_by("name", "pk")
    )


def queue_services_for(*, viewer: Viewer) -> QuerySet[Service]:
    """Return the services of the viewer's departments (the queue's service filter)."""
    if not viewer_handles_requests(viewer):
        return Service.objects.none()
    assert isinstance(viewer, User)
    return Service.objects.filter(department__in=viewer.departments.all()).order_by(
        "name", "pk"
    )
