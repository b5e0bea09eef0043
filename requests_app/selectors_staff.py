"""Reads of the clerks' back office (#3): queue, case, timeline and who may see what.

Reach: a member of staff with the permission to see requests sees the requests of their
departments and the cases assigned to them; everybody else sees none (views answer 404).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .calendar import due_date_for, work_calendar_for
from .deadlines import DueDate, Term, add_working_days
from .models import (
    Attachment,
    CitizenRequest,
    Department,
    EventKind,
    Notice,
    RequestEvent,
    Service,
    User,
)
from .roles import Role
from .workflow import OPEN_STATUSES, Action, Status, action_allowed

SOON_WORKING_DAYS = 3  # "due within 3 working days" (issue #3)
QUEUE_PAGE_SIZE = 25
SEARCH_MAX_LENGTH = 100

Viewer = User | AnonymousUser


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


# --- Reach ------------------------------------------------------------------------


def viewer_handles_requests(viewer: Viewer) -> bool:
    """Return whether the viewer may open the staff queue at all."""
    return bool(
        viewer.is_authenticated
        and viewer.is_active
        and viewer.has_perm("requests_app.view_citizenrequest")
        and viewer.has_perm("requests_app.handle_request")
    )


def request_reach_for(*, viewer: Viewer) -> QuerySet[CitizenRequest]:
    """Return every request the viewer may see: own departments and own cases."""
    if not viewer_handles_requests(viewer):
        return CitizenRequest.objects.none()
    assert isinstance(viewer, User)
    departments = viewer.departments.values("pk")
    return CitizenRequest.objects.filter(
        Q(department__in=departments) | Q(assigned_to=viewer)
    )


def request_get_for(*, viewer: Viewer, pk: int) -> CitizenRequest | None:
    """Return the request with all the case page shows, or None if out of reach."""
    return (
        request_reach_for(viewer=viewer)
        .select_related("service", "variant", "department", "assigned_to", "linked_to")
        .prefetch_related(
            "answers__question",
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at")),
        )
        .filter(pk=pk)
        .first()
    )


def attachment_get_for(*, viewer: Viewer, token: str) -> Attachment | None:
    """Return the attachment if its request is within the viewer's reach."""
    reach = request_reach_for(viewer=viewer)
    return (
        Attachment.objects.filter(token=token, request__in=reach.values("pk"))
        .select_related("request")
        .first()
    )


def department_list_for(*, viewer: Viewer) -> QuerySet[Department]:
    if not viewer_handles_requests(viewer):
        return Department.objects.none()
    assert isinstance(viewer, User)
    return viewer.departments.all()


# --- Queue ------------------------------------------------------------------------


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


# --- Case: actions and people ------------------------------------------------------


@dataclass(frozen=True)
class CaseActions:
    """What the viewer may do with a case now (the page offers only these)."""

    take: bool = False
    assign: bool = False
    refer: bool = False
    suspend: bool = False
    note: bool = False
    answer: bool = False
    close: bool = False
    reject: bool = False
    extend: bool = False

    def allows(self, action: Action | str) -> bool:
        return bool(getattr(self, Action(action).value))

    @property
    def any(self) -> bool:
        return any(getattr(self, a.value) for a in Action)


def case_actions_for(*, viewer: Viewer, citizen_request: CitizenRequest) -> CaseActions:
    """Return the actions open to the viewer, from the status table and their role.

    A clerk acts on the cases assigned to them; senior experts and department heads on
    any case of their departments. Anyone who works the queue may take an unassigned
    case and write an internal note.
    """
    if not viewer_handles_requests(viewer):
        return CaseActions()
    assert isinstance(viewer, User)
    status = citizen_request.status
    unassigned = citizen_request.assigned_to_id is None
    mine = citizen_request.assigned_to_id == viewer.pk
    in_charge = mine or viewer.has_perm("requests_app.handle_any_case")

    def ok(action: Action, who: bool) -> bool:
        return who and action_allowed(action, status)

    return CaseActions(
        take=ok(Action.TAKE, unassigned),
        assign=ok(Action.ASSIGN, in_charge or unassigned),
        refer=ok(Action.REFER, in_charge),
        suspend=ok(Action.SUSPEND, in_charge),
        note=ok(Action.NOTE, True),
        answer=ok(Action.ANSWER, in_charge),
        close=ok(Action.CLOSE, in_charge),
        reject=ok(Action.REJECT, in_charge),
        extend=ok(Action.EXTEND, in_charge)
        and citizen_request.service.max_extension_days > 0,
    )


def colleague_list_for(*, citizen_request: CitizenRequest) -> QuerySet[User]:
    """Return the active staff of the request's department who work the queue."""
    return (
        User.objects.filter(
            is_active=True,
            departments=citizen_request.department_id,
            groups__name__in=[Role.CLERK, Role.SENIOR, Role.HEAD],
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def referral_people_for(*, citizen_request: CitizenRequest) -> QuerySet[User]:
    """Return the senior experts and heads of the request's department."""
    return (
        User.objects.filter(
            is_active=True,
            departments=citizen_request.department_id,
            groups__name__in=[Role.SENIOR, Role.HEAD],
        )
        .exclude(pk=citizen_request.assigned_to_id or 0)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def referral_departments_for(
    *, citizen_request: CitizenRequest
) -> QuerySet[Department]:
    """Return the departments a case may be referred to (all but its own)."""
    return Department.objects.exclude(pk=citizen_request.department_id)


def department_heads_of(*, department_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, departments=department_id, groups__name=Role.HEAD
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


# --- Case: timeline ----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str = ""
    actor_position: str = ""
    is_public: bool = False
    text: str = ""
    details: list[str] = field(default_factory=list)
    is_notice: bool = False
    delivery: str = ""
    delivery_ok: bool = True


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _event_details(event: RequestEvent) -> list[str]:
    data = event.data or {}
    details = []
    if event.kind == EventKind.STATUS and event.to_status:
        if event.from_status:
            details.append(
                gettext("From “%(from)s” to “%(to)s”.")
                % {
                    "from": _status_label(event.from_status),
                    "to": _status_label(event.to_status),
                }
            )
        else:
            details.append(
                gettext("Status: %(to)s.") % {"to": _status_label(event.to_status)}
            )
    if "old_due_on" in data and "new_due_on" in data:
        details.append(
            gettext("Due date moved from %(old)s to %(new)s.")
            % {"old": _day(data["old_due_on"]), "new": _day(data["new_due_on"])}
        )
    if data.get("is_late"):
        details.append(gettext("Made on or after the due date: counted as late."))
    if data.get("reason"):
        details.append(gettext("Reason: %(reason)s") % {"reason": data["reason"]})
    if data.get("to_name"):
        details.append(gettext("To: %(name)s") % {"name": data["to_name"]})
    if data.get("to_department"):
        details.append(
            gettext("Department: %(department)s")
            % {"department": data["to_department"]}
        )
    if data.get("files"):
        details.append(
            gettext("Files: %(files)s") % {"files": ", ".join(data["files"])}
        )
    return details


def _day(value: str) -> str:
    from django.utils.formats import date_format

    return date_format(date.fromisoformat(value), "DATE_FORMAT")


def _notice_delivery(notice: Notice) -> tuple[str, bool]:
    from django.utils.formats import date_format

    if notice.sent_at is not None:
        sent = date_format(timezone.localtime(notice.sent_at), "DATETIME_FORMAT")
        return gettext("Sent %(at)s") % {"at": sent}, True
    if notice.attempts:
        return (
            gettext("Not delivered yet (%(attempts)s attempts): %(error)s")
            % {"attempts": notice.attempts, "error": notice.last_error},
            False,
        )
    return gettext("Waiting to be sent"), True


def case_timeline(*, citizen_request: CitizenRequest) -> list[TimelineEntry]:
    """Return every event and notice of the request, oldest first (two queries)."""
    entries = []
    events = citizen_request.events.select_related("actor").order_by("created_at", "pk")
    for event in events:
        actor = event.actor
        entries.append(
            TimelineEntry(
                at=event.created_at,
                kind=event.kind,
                label=str(EventKind(event.kind).label)
                if event.kind in EventKind.values
                else event.kind,
                actor=actor.display_name if actor else gettext("Citizen or system"),
                actor_position=actor.position if actor else "",
                is_public=event.is_public,
                text=event.text,
                details=_event_details(event),
            )
        )
    notices = Notice.objects.filter(request=citizen_request).order_by(
        "created_at", "pk"
    )
    for notice in notices.only(
        "kind",
        "recipient",
        "subject",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ):
        delivery, ok = _notice_delivery(notice)
        entries.append(
            TimelineEntry(
                at=notice.created_at,
                kind="notice",
                label=gettext("E-mail to %(recipient)s")
                % {"recipient": notice.recipient},
                actor=gettext("Outbox"),
                text=notice.subject,
                is_notice=True,
                delivery=delivery,
                delivery_ok=ok,
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries


# --- Alerts ------------------------------------------------------------------------


def open_cases_by_assignee(*, due_until: date) -> QuerySet[CitizenRequest]:
    """Return the open, running (not suspended) cases with an assignee due by a date."""
    return (
        CitizenRequest.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_PROGRESS],
            assigned_to__isnull=False,
            assigned_to__is_active=True,
            due_on__lte=due_until,
        )
        .select_related("service", "assigned_to")
        .order_by("assigned_to_id", "due_on", "pk")
    )


def overdue_cases(*, today: date) -> QuerySet[CitizenRequest]:
    """Return the running cases past their due date (a suspended term stands still)."""
    return (
        CitizenRequest.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_PROGRESS], due_on__lt=today
        )
        .select_related("service", "department", "assigned_to")
        .order_by("department_id", "due_on", "pk")
    )


# --- Case page helpers ---------------------------------------------------------------


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


def case_due_explanation(*, citizen_request: CitizenRequest) -> DueDate:
    """Return how the original due date was computed (term, days off skipped)."""
    term = Term(citizen_request.term_days, citizen_request.term_working_days)
    return due_date_for(received_on=citizen_request.received_on, term=term)


@dataclass(frozen=True)
class DueMove:
    at: datetime
    label: str
    old_due_on: date
    new_due_on: date
    text: str


def case_due_moves(*, citizen_request: CitizenRequest) -> list[DueMove]:
    """Return the moves of the due date (resumptions, extensions), oldest first."""
    events = citizen_request.events.filter(
        kind__in=[EventKind.RESUMPTION, EventKind.EXTENSION]
    ).order_by("created_at", "pk")
    return [
        DueMove(
            at=event.created_at,
            label=str(EventKind(event.kind).label),
            old_due_on=date.fromisoformat(event.data["old_due_on"]),
            new_due_on=date.fromisoformat(event.data["new_due_on"]),
            text=event.text,
        )
        for event in events
        if "old_due_on" in event.data and "new_due_on" in event.data
    ]
