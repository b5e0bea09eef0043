"""The case page: the viewer's actions, colleagues, the timeline, due-date moves."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from requests_app.deadlines import (
    CalendarChange,
    DayState,
    DueDate,
    Term,
    extension_is_late,
)
from requests_app.explain import (
    ExtensionFacts,
    explain_calendar_move,
    extension_lines,
)
from requests_app.models import (
    CitizenRequest,
    Department,
    EventKind,
    Extension,
    Notice,
    RequestEvent,
    User,
)
from requests_app.roles import Role
from requests_app.selectors.calendar import due_date_for
from requests_app.selectors.reach import Viewer, viewer_handles_requests
from requests_app.workflow import ACTIONS, Action, Status, who_may


@dataclass(frozen=True)
class CaseActions:
    """What the viewer may do with a case now (the page offers only these)."""

    allowed: frozenset[Action] = frozenset()

    def allows(self, action: Action | str) -> bool:
        return Action(action) in self.allowed

    @property
    def any(self) -> bool:
        return bool(self.allowed)

    @property
    def in_order(self) -> list[Action]:
        """Return the allowed actions in the registry's order."""
        return [action for action in ACTIONS if action in self.allowed]


def case_actions_for(
    *, viewer: Viewer, citizen_request: CitizenRequest, today: date | None = None
) -> CaseActions:
    """Return the actions open to the viewer, from the action registry and their role.

    A clerk acts on the cases assigned to them; senior experts and department heads on
    any case of their departments. Anyone who works the queue may take an unassigned
    case and write an internal note (`workflow.ACTIONS` says which action is which).
    """
    if not viewer_handles_requests(viewer):
        return CaseActions()
    assert isinstance(viewer, User)
    position = {
        "is_unassigned": citizen_request.assigned_to_id is None,
        "is_mine": citizen_request.assigned_to_id == viewer.pk,
        "handles_any_case": viewer.has_perm("requests_app.handle_any_case"),
    }
    extendable = citizen_request.service.max_extension_days > 0
    overdue = extension_is_late(
        due_on=citizen_request.due_on, made_on=today or timezone.localdate()
    )
    head_here = overdue and heads_department_of(viewer, citizen_request)
    unanswered = citizen_request.suspended_on is not None and (
        today or timezone.localdate()
    ) > answer_awaited_until(suspended_on=citizen_request.suspended_on)
    return CaseActions(
        allowed=frozenset(
            action
            for action, rule in ACTIONS.items()
            if rule.allows_status(citizen_request.status)
            and who_may(rule.who, **position)
            and (extendable or not rule.needs_extension_term)
            and (not overdue or not rule.late_needs_head or head_here)
            and (unanswered or not rule.after_answer_period)
        )
    )


def answer_awaited_until(*, suspended_on: date) -> date:
    """Return the last day the citizen's answer is awaited before closing is put."""
    return suspended_on + timedelta(days=settings.SUSPENSION_ABANDON_DAYS)


def heads_department_of(user: User, citizen_request: CitizenRequest) -> bool:
    """Return whether `user` is the head of the department the request is with."""
    return (
        user.groups.filter(name=Role.HEAD).exists()
        and user.departments.filter(pk=citizen_request.department_id).exists()
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
        details.append(gettext("Made after the due date: counted as late."))
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


# Events without a member of staff: what the citizen did online (filing, a reply, a
# document), everything else is the system's (the work calendar, retention, ...).
_CITIZEN_EVENT_KINDS = frozenset({EventKind.CITIZEN_REPLY, EventKind.ATTACHMENT})


def _unsigned_author(event: RequestEvent) -> str:
    """Name who made an event that no member of staff made: citizen or system."""
    filed = event.kind == EventKind.STATUS and event.to_status == Status.SUBMITTED
    if filed or event.kind in _CITIZEN_EVENT_KINDS:
        return pgettext("author of an event", "The citizen")
    return pgettext("author of an event", "The system")


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
                actor=actor.display_name if actor else _unsigned_author(event),
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
    # For an extension: both dates, the reason, the limit, and whether it was late;
    # for a move by the work calendar: which day was declared, in a sentence.
    lines: list[str] = field(default_factory=list)


def _extension_lines(data: dict, extension: Extension | None) -> list[str]:
    """Return an extension in sentences, from what its event recorded."""
    if extension is None or "max_extension_days" not in data:
        return []  # recorded before the limit was kept with the event
    return extension_lines(
        ExtensionFacts(
            old_due_on=extension.old_due_on,
            new_due_on=extension.new_due_on,
            reason=extension.reason.name,
            original_due_on=date.fromisoformat(data["original_due_on"]),
            max_days=data["max_extension_days"],
            latest_on=date.fromisoformat(data["latest_on"]),
            is_late=extension.is_late,
        )
    )


def _calendar_move_lines(event: RequestEvent) -> list[str]:
    """Return a move by the work calendar in a sentence, in the active language."""
    data = event.data
    if event.kind != EventKind.CALENDAR_MOVE or "day" not in data:
        return []
    change = CalendarChange(
        day=date.fromisoformat(data["day"]),
        before=DayState(data["before"]),
        after=DayState(data["after"]),
    )
    return [
        explain_calendar_move(
            change=change,
            old_due_on=date.fromisoformat(data["old_due_on"]),
            new_due_on=date.fromisoformat(data["new_due_on"]),
        )
    ]


def _move_lines(event: RequestEvent, extensions: dict[int, Extension]) -> list[str]:
    """Return the sentences that explain one move of the due date."""
    if event.kind == EventKind.EXTENSION and "extension" in event.data:
        return _extension_lines(event.data, extensions.get(event.data["extension"]))
    if event.kind == EventKind.CALENDAR_MOVE:
        return _calendar_move_lines(event)
    # A pause or a restart: its public timeline text already says it in words.
    return [line for line in event.text.splitlines() if line.strip()]


def case_due_moves(*, citizen_request: CitizenRequest) -> list[DueMove]:
    """Return the moves of the due date (pauses, restarts, extensions, the calendar).

    Each move carries the sentences that explain it to the citizen (`lines`).
    """
    events = citizen_request.events.filter(
        kind__in=[
            EventKind.RESUMPTION,
            EventKind.TERM_RESTARTED,
            EventKind.EXTENSION,
            EventKind.CALENDAR_MOVE,
        ]
    ).order_by("created_at", "pk")
    extensions = {
        extension.pk: extension
        for extension in citizen_request.extensions.select_related("reason")
    }
    return [
        DueMove(
            at=event.created_at,
            label=str(EventKind(event.kind).label),
            old_due_on=date.fromisoformat(event.data["old_due_on"]),
            new_due_on=date.fromisoformat(event.data["new_due_on"]),
            text=event.text,
            lines=_move_lines(event, extensions),
        )
        for event in events
        if "old_due_on" in event.data and "new_due_on" in event.data
    ]
