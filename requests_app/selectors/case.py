"""The case page: the viewer's actions, colleagues, the timeline, due-date moves."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

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
from requests_app.models.requests import NotifyBy
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
    """One event of the case, told once, in the viewer's language."""

    at: datetime
    kind: str
    label: str
    actor: str = ""
    actor_position: str = ""
    is_public: bool = False
    text: str = ""
    details: list[str] = field(default_factory=list)
    anchor: str = ""  # the id a move of the due date links to


@dataclass(frozen=True)
class NoticeEntry:
    """One notice of the outbox about the case: what, to whom, delivered or not."""

    at: datetime  # sent, or else written
    label: str
    recipient: str
    subject: str
    state: str  # one of NOTICE_SENT, NOTICE_DELIVERED, NOTICE_WAITING, ...
    state_label: str
    delivery: str = ""
    channel: str = NotifyBy.EMAIL
    channel_label: str = ""


NOTICE_SENT = "sent"
NOTICE_WAITING = "waiting"
NOTICE_FAILED = "failed"
NOTICE_DELIVERED = "delivered"  # an SMS the gateway reported delivered
NOTICE_LETTER = "letter"  # a letter waiting for the letters batch

# Kinds of event that move the due date; their data holds the old and the new date.
_DUE_MOVE_KINDS = frozenset(
    {
        EventKind.RESUMPTION,
        EventKind.TERM_RESTARTED,
        EventKind.EXTENSION,
        EventKind.CALENDAR_MOVE,
    }
)
# Written in the same transaction as the status change they go with (seconds apart).
_SAME_ACTION = timedelta(seconds=60)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _event_details(event: RequestEvent) -> list[str]:
    """Return the facts of an event that its text does not tell (not due-date moves)."""
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


def _iso_day(moment: datetime) -> str:
    return timezone.localdate(moment).isoformat()


def _moved_line(data: dict) -> str:
    return gettext("Due date moved from %(old)s to %(new)s.") % {
        "old": _day(data["old_due_on"]),
        "new": _day(data["new_due_on"]),
    }


def _pause_lines(event: RequestEvent) -> list[str]:
    """Return a resumption after a pause in short sentences, from its event's data."""
    data = event.data
    keys = ("suspended_on", "resumed_on", "paused_days", "old_due_on", "new_due_on")
    if any(data.get(key) is None for key in keys):
        return []
    days = data["paused_days"]
    if data.get("working_days"):
        paused = ngettext(
            "Paused for %(count)d working day, from %(from)s to %(to)s.",
            "Paused for %(count)d working days, from %(from)s to %(to)s.",
            days,
        )
    else:
        paused = ngettext(
            "Paused for %(count)d day, from %(from)s to %(to)s.",
            "Paused for %(count)d days, from %(from)s to %(to)s.",
            days,
        )
    return [
        paused
        % {
            "count": days,
            "from": _day(data["suspended_on"]),
            "to": _day(data["resumed_on"]),
        },
        _moved_line(data),
    ]


def _due_move_entry_parts(
    event: RequestEvent, extensions: dict[int, Extension]
) -> tuple[list[str], str]:
    """Return the sentences and the free text of a move of the due date, told once.

    The event's own text is the same move in words, in the citizen's language: the
    entry says it once, in the viewer's, and keeps only what the clerk wrote.
    """
    data = event.data
    if event.kind == EventKind.EXTENSION:
        extension = extensions.get(data.get("extension", 0))
        # Dates, reason, the limit of all extensions, lateness (`explain`).
        lines = _extension_lines(data, extension)
        if not lines:  # recorded before the limit was kept with the event
            lines = [_moved_line(data)]
            if extension is not None:
                lines.append(
                    gettext("Reason: %(reason)s") % {"reason": extension.reason.name}
                )
            if data.get("is_late"):
                lines.append(gettext("Made after the due date: counted as late."))
        return lines, extension.text if extension is not None else event.text
    if event.kind == EventKind.CALENDAR_MOVE:
        lines = _calendar_move_lines(event)
    elif event.kind == EventKind.RESUMPTION:
        lines = _pause_lines(event)
    else:  # a restart: its text says the term and the law, in the citizen's words
        lines = [line for line in event.text.splitlines() if line.strip()]
    return lines or [_moved_line(data)], ""


def _notice_label(kind: str) -> str:
    """Name a notice by its kind, in words (`services.notice_kinds`)."""
    if kind.startswith("status:"):
        status = kind.removeprefix("status:")
        if status in Status.values:
            return gettext("Status changed to “%(to)s”") % {"to": _status_label(status)}
    labels = {
        "acknowledgement": gettext("Acknowledgement of the request"),
        "tracking_link": gettext("Tracking link sent again"),
        "extension": gettext("Term extended"),
        "calendar_move": gettext("Due date moved by the work calendar"),
        "message:request_documents": gettext("Request for missing documents"),
        "message:answer": gettext("Answer to the citizen"),
        "survey_invitation": gettext("Invitation to rate the service"),
        "staff:citizen_reply": gettext("Reply from the citizen, to the clerk"),
    }
    if kind in labels:
        return labels[kind]
    if kind.startswith("message:"):
        return gettext("Message to the citizen")
    if kind.startswith("staff:"):
        return gettext("Alert to staff")
    return pgettext("a message to a person", "Notice")


def _notice_delivery(notice: Notice) -> tuple[str, str, str]:
    """Return the notice's delivery state, its badge text and the sentence about it."""
    if notice.channel == NotifyBy.POST:
        if notice.posted_on is None:
            return NOTICE_LETTER, gettext("Waiting for the letters batch"), ""
        return (
            NOTICE_SENT,
            pgettext("a letter", "Posted"),
            gettext("Posted on %(day)s.") % {"day": date_format(notice.posted_on)},
        )
    if notice.delivery_state == Notice.DeliveryState.DELIVERED:
        delivered = ""
        if notice.delivered_at is not None:
            delivered = gettext("Delivered to the phone on %(at)s.") % {
                "at": date_format(
                    timezone.localtime(notice.delivered_at), "DATETIME_FORMAT"
                )
            }
        return NOTICE_DELIVERED, gettext("Delivered"), delivered
    if notice.delivery_state == Notice.DeliveryState.FAILED:
        return (
            NOTICE_FAILED,
            pgettext("delivery of a notice", "Not delivered"),
            gettext("The SMS gateway reported that the message did not arrive."),
        )
    if notice.sent_at is not None:  # the entry's time is when it was sent
        return NOTICE_SENT, pgettext("delivery of a notice", "Sent"), ""
    if notice.attempts:
        failed = ngettext(
            "Not delivered yet (%(count)d attempt): %(error)s",
            "Not delivered yet (%(count)d attempts): %(error)s",
            notice.attempts,
        ) % {"count": notice.attempts, "error": notice.last_error}
        return NOTICE_FAILED, pgettext("delivery of a notice", "Not delivered"), failed
    return NOTICE_WAITING, gettext("Waiting to be sent"), ""


# Events without a member of staff: what the citizen did online (filing, a reply, a
# document), everything else is the system's (the work calendar, retention, ...).
_CITIZEN_EVENT_KINDS = frozenset({EventKind.CITIZEN_REPLY, EventKind.ATTACHMENT})


def _unsigned_author(event: RequestEvent) -> str:
    """Name who made an event that no member of staff made: citizen or system."""
    filed = event.kind == EventKind.STATUS and event.to_status == Status.SUBMITTED
    if filed or event.kind in _CITIZEN_EVENT_KINDS:
        return pgettext("author of an event", "The citizen")
    return pgettext("author of an event", "The system")


def _moves_nothing(event: RequestEvent) -> bool:
    """Return whether an event that moves the due date left it where it was."""
    data = event.data or {}
    return (
        event.kind in _DUE_MOVE_KINDS
        and "old_due_on" in data
        and data["old_due_on"] == data.get("new_due_on")
    )


def _changes_nothing(
    event: RequestEvent, *, status: str | None, assignee: int | None
) -> bool:
    """Return whether an event recorded a change that changed nothing.

    `status` and `assignee` are the case's as the events before this one left them.
    """
    data = event.data or {}
    if event.kind == EventKind.STATUS:
        before = event.from_status or status
        return bool(before) and before == event.to_status
    if event.kind == EventKind.ASSIGNMENT:
        to_user = data.get("to_user")
        return to_user is not None and to_user in {data.get("from_user"), assignee}
    return _moves_nothing(event)


def _told_elsewhere(event: RequestEvent, telling: list[RequestEvent]) -> bool:
    """Return whether a status change is the same fact as a pause or a resumption.

    Suspending writes "waiting for the citizen" and "term suspended"; the citizen's
    answer writes "in progress" and "term resumed" (or restarted): one entry each.
    """
    if event.kind != EventKind.STATUS:
        return False
    if event.to_status == Status.WAITING_FOR_CITIZEN:
        kinds = {EventKind.SUSPENSION}
    elif event.from_status == Status.WAITING_FOR_CITIZEN:
        kinds = {EventKind.RESUMPTION, EventKind.TERM_RESTARTED}
    else:
        return False
    return any(
        other.kind in kinds and abs(other.created_at - event.created_at) <= _SAME_ACTION
        for other in telling
    )


def case_timeline(*, citizen_request: CitizenRequest) -> list[TimelineEntry]:
    """Return the events of the case, oldest first, each fact once (two queries).

    Left out: changes that changed nothing (a due date moved to the same day, a
    pause of no days, a case assigned to whom it was with, a status set to itself),
    and status changes that a pause or a resumption already tells. Notices to the
    citizen are apart: `case_notices`.
    """
    events = list(
        citizen_request.events.select_related("actor").order_by("created_at", "pk")
    )
    extensions = {
        extension.pk: extension
        for extension in citizen_request.extensions.select_related("reason")
    }
    kept: list[RequestEvent] = []
    # Events that tell a status change with it (kept, or folded into a suspension).
    telling: list[RequestEvent] = []
    # What a resumption of no days leaves to say, on the suspension it ends.
    pause_notes: dict[int, str] = {}
    status: str | None = None
    assignee: int | None = None
    suspension: RequestEvent | None = None
    for event in events:
        data = event.data or {}
        if _changes_nothing(event, status=status, assignee=assignee):
            if event.kind == EventKind.RESUMPTION and suspension is not None:
                telling.append(event)
                pause_notes[suspension.pk] = gettext(
                    "The citizen answered on %(day)s: work went on and the due date "
                    "did not move."
                ) % {"day": _day(data.get("resumed_on") or _iso_day(event.created_at))}
        else:
            kept.append(event)
            telling.append(event)
        if event.kind == EventKind.SUSPENSION:
            suspension = event
        if event.kind == EventKind.STATUS and event.to_status:
            status = event.to_status
        if event.kind in {EventKind.ASSIGNMENT, EventKind.REFERRAL}:
            if "to_user" in data:
                assignee = data["to_user"]
            elif "to_department" in data:
                assignee = None
    entries = []
    for event in kept:
        if _told_elsewhere(event, telling):
            continue
        actor = event.actor
        if event.kind in _DUE_MOVE_KINDS and "old_due_on" in event.data:
            details, text = _due_move_entry_parts(event, extensions)
        else:
            details, text = _event_details(event), event.text
        if event.pk in pause_notes:  # after the suspension's own words
            text = "\n".join(part for part in (text, pause_notes[event.pk]) if part)
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
                text=text,
                details=details,
                anchor=f"event-{event.pk}",
            )
        )
    return entries


def _notice_recipient(notice: Notice) -> str:
    """Return "E-mail to …", "SMS to …" or "Letter to …" for the notice."""
    if notice.channel == NotifyBy.SMS:
        text = gettext("SMS to %(recipient)s")
    elif notice.channel == NotifyBy.POST:
        text = gettext("Letter to %(recipient)s")
    else:
        text = gettext("E-mail to %(recipient)s")
    recipient = ", ".join(line.strip() for line in notice.recipient.splitlines())
    return text % {"recipient": recipient}


def case_notices(*, citizen_request: CitizenRequest) -> list[NoticeEntry]:
    """Return the notices written about the case, oldest first, with their delivery.

    A notice sent is dated when it left; one still in the outbox, when it was written.
    """
    notices = Notice.objects.filter(request=citizen_request).order_by(
        "created_at", "pk"
    )
    entries = []
    for notice in notices.only(
        "kind",
        "channel",
        "delivered_at",
        "delivery_state",
        "recipient",
        "subject",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "posted_on",
    ):
        state, state_label, delivery = _notice_delivery(notice)
        entries.append(
            NoticeEntry(
                at=notice.sent_at or notice.created_at,
                label=_notice_label(notice.kind),
                recipient=_notice_recipient(notice),
                channel=notice.channel,
                channel_label=notice.get_channel_display(),
                subject=notice.subject,
                state=state,
                state_label=state_label,
                delivery=delivery,
            )
        )
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
    anchor: str = ""  # the timeline entry that tells the move


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

    Each move carries the sentences that explain it to the citizen (`lines`). A move
    that left the date where it was (a pause of no days, ...) is no move.
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
            anchor=f"event-{event.pk}",
        )
        for event in events
        if "old_due_on" in event.data
        and "new_due_on" in event.data
        and not _moves_nothing(event)
    ]
