"""The clerk's actions on a case (#3): each locks the row, writes timeline and audit.

Who may do what is decided by `selectors_staff.case_actions_for` (the status table of
`workflow.ACTIONS` plus the viewer's role); every service checks it again on the locked
row, so a forged or stale form changes nothing and gets a clear message.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from ..calendar import work_calendar_for
from ..deadlines import resume_after_suspension
from ..errors import ServiceError
from ..models import (
    Channel,
    CitizenRequest,
    Department,
    EventKind,
    Extension,
    ExtensionReason,
    RequestEvent,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from ..selectors_staff import (
    case_actions_for,
    colleague_list_for,
    referral_departments_for,
    referral_people_for,
    viewer_handles_requests,
)
from ..workflow import Action, Status
from .audit import audit_record
from .outbox import notice_create
from .submission import attachment_store, request_submit, tracking_url
from .workflow import request_transition


class ActionNotAllowed(ServiceError):
    code = "action_not_allowed"


class AlreadyTaken(ServiceError):
    code = "already_taken"


class ExtensionNotAllowed(ServiceError):
    code = "extension_not_allowed"


class ReferralNotAllowed(ServiceError):
    code = "referral_not_allowed"


def _lock(citizen_request: CitizenRequest) -> CitizenRequest:
    # No select_related: after waiting for the lock, PostgreSQL re-reads the locked row
    # but not the joined ones, so a joined assignee would be stale. Related rows are
    # loaded afterwards, under the lock.
    return CitizenRequest.objects.select_for_update().get(pk=citizen_request.pk)


def _require(action: Action, *, by: User, locked: CitizenRequest) -> None:
    if not case_actions_for(viewer=by, citizen_request=locked).allows(action):
        raise ActionNotAllowed(
            gettext(
                "“%(action)s” is not possible for request %(number)s now "
                "(status: %(status)s). Nothing was changed."
            )
            % {
                "action": Action(action).label,
                "number": locked.registry_number,
                "status": Status(locked.status).label,
            }
        )


def _signature(user: User, language: str) -> str:
    with translation.override(language):
        position = user.position  # modeltranslation: the recipient's language
    return f"{user.display_name}, {position}" if position else user.display_name


def _iso(day: date) -> str:
    return day.isoformat()


# --- Take and assign -----------------------------------------------------------------


@transaction.atomic
def request_take(*, citizen_request: CitizenRequest, by: User) -> CitizenRequest:
    """Assign the case to `by`; a submitted case is then in progress.

    The row is locked first: of two clerks taking the same case at once, the second
    waits, then finds it taken and is told by whom.
    """
    locked = _lock(citizen_request)
    if locked.assigned_to is not None and locked.assigned_to_id != by.pk:
        raise AlreadyTaken(
            gettext("%(name)s has already taken request %(number)s.")
            % {
                "name": locked.assigned_to.display_name,
                "number": locked.registry_number,
            }
        )
    if locked.assigned_to_id == by.pk:
        return locked  # a double click: nothing to do
    _require(Action.TAKE, by=by, locked=locked)
    locked.assigned_to = by
    locked.save(update_fields=["assigned_to", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.ASSIGNMENT,
        actor=by,
        data={"to_user": by.pk, "to_name": by.display_name},
    )
    audit_record(actor=by, action="request.taken", target=locked)
    if locked.status == Status.SUBMITTED:
        locked, _event = request_transition(
            citizen_request=locked, target=Status.IN_PROGRESS, by=by
        )
    return locked


@transaction.atomic
def request_assign(
    *, citizen_request: CitizenRequest, clerk: User, by: User
) -> CitizenRequest:
    """Hand the case to a colleague of its department."""
    locked = _lock(citizen_request)
    _require(Action.ASSIGN, by=by, locked=locked)
    if not colleague_list_for(citizen_request=locked).filter(pk=clerk.pk).exists():
        raise ActionNotAllowed(
            gettext("%(name)s does not work in the department of this request.")
            % {"name": clerk.display_name}
        )
    if locked.assigned_to_id == clerk.pk:
        return locked
    previous = locked.assigned_to
    locked.assigned_to = clerk
    locked.save(update_fields=["assigned_to", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.ASSIGNMENT,
        actor=by,
        data={
            "to_user": clerk.pk,
            "to_name": clerk.display_name,
            "from_user": previous.pk if previous else None,
        },
    )
    audit_record(
        actor=by,
        action="request.assigned",
        target=locked,
        details={"to": clerk.pk, "from": previous.pk if previous else None},
    )
    return locked


# --- Referral ------------------------------------------------------------------------


@transaction.atomic
def request_refer(
    *,
    citizen_request: CitizenRequest,
    by: User,
    reason: str,
    to_user: User | None = None,
    to_department: Department | None = None,
) -> CitizenRequest:
    """Refer the case to a senior expert or head of its department, or to another one.

    The citizen's timeline shows that the case moved and to whom (name and position,
    or the department); the reason stays internal.
    """
    locked = _lock(citizen_request)
    _require(Action.REFER, by=by, locked=locked)
    if (to_user is None) == (to_department is None):
        raise ReferralNotAllowed(
            gettext("Choose one colleague or one department to refer the case to.")
        )
    if not reason.strip():
        raise ReferralNotAllowed(gettext("Give the reason for the referral."))
    # Checked before switching to the citizen's language: the error is for the clerk.
    if (
        to_user is not None
        and not referral_people_for(citizen_request=locked)
        .filter(pk=to_user.pk)
        .exists()
    ):
        raise ReferralNotAllowed(
            gettext("%(name)s is not a senior expert or head of this department.")
            % {"name": to_user.display_name}
        )
    with translation.override(locked.language):
        if to_user is not None:
            locked.assigned_to = to_user
            public_text = gettext(
                "Your request has been referred to %(name)s, %(position)s."
            ) % {"name": to_user.display_name, "position": to_user.position}
            data = {
                "to_user": to_user.pk,
                "to_name": _signature(to_user, locked.language),
            }
        else:
            assert to_department is not None
            if (
                not referral_departments_for(citizen_request=locked)
                .filter(pk=to_department.pk)
                .exists()
            ):
                raise ReferralNotAllowed(
                    gettext("The case is already in that department.")
                )
            locked.department = to_department
            locked.assigned_to = None
            public_text = gettext(
                "Your request has been referred to the department “%(department)s”."
            ) % {"department": to_department.name}
            data = {
                "to_department_id": to_department.pk,
                "to_department": to_department.name,
            }
    locked.save(update_fields=["assigned_to", "department", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.REFERRAL,
        actor=by,
        is_public=True,
        text=public_text,
        data=data,
    )
    # The reason is for colleagues only: an internal note next to the public entry.
    RequestEvent.objects.create(
        request=locked, kind=EventKind.NOTE, actor=by, text=reason.strip()
    )
    audit_record(
        actor=by,
        action="request.referred",
        target=locked,
        details={k: v for k, v in data.items() if k.endswith("_id") or k == "to_user"},
    )
    return locked


# --- Suspension and the citizen's reply --------------------------------------------


@transaction.atomic
def request_suspend(
    *,
    citizen_request: CitizenRequest,
    by: User,
    text: str,
    today: date | None = None,
) -> CitizenRequest:
    """Ask the citizen for missing documents: the term stops until they answer."""
    locked = _lock(citizen_request)
    _require(Action.SUSPEND, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("Say which documents are missing."))
    today = today or timezone.localdate()
    locked, _event = request_transition(
        citizen_request=locked, target=Status.WAITING_FOR_CITIZEN, by=by, notify=False
    )
    locked.suspended_on = today
    locked.save(update_fields=["suspended_on", "updated_at"])
    message = _message_create(locked=locked, by=by, text=text, kind="request_documents")
    with translation.override(locked.language):
        explanation = gettext(
            "The term stands still from %(from)s until you answer; the due date "
            "will move by the days it stood still."
        ) % {"from": formats.date_format(today, "DATE_FORMAT")}
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.SUSPENSION,
        actor=by,
        is_public=True,
        text=explanation,
        data={"suspended_on": _iso(today), "due_on": _iso(locked.due_on)},
    )
    audit_record(
        actor=by,
        action="request.suspended",
        target=locked,
        details={"suspended_on": _iso(today), "message": message.pk},
    )
    return locked


@transaction.atomic
def request_citizen_reply(
    *,
    citizen_request: CitizenRequest,
    text: str,
    files: Iterable[tuple[UploadedFile, str]] = (),
    today: date | None = None,
) -> CitizenRequest:
    """Record the citizen's answer (text and/or files) from the tracking page.

    When the term was suspended, it restarts: the due date moves by the days it stood
    still (never onto a day off) and the case is in progress again. `files` holds
    (file, content type checked by content) pairs, as for `request_submit`.
    """
    locked = _lock(citizen_request)
    if locked.status not in {
        Status.SUBMITTED,
        Status.IN_PROGRESS,
        Status.WAITING_FOR_CITIZEN,
    }:
        raise ActionNotAllowed(
            gettext("This request is closed: file a new request, citing its number.")
        )
    files = list(files)
    if not text.strip() and not files:
        raise ActionNotAllowed(gettext("Write an answer or add a document."))
    today = today or timezone.localdate()
    names = []
    for upload, content_type in files:
        attachment = attachment_store(
            citizen_request=locked, upload=upload, content_type=content_type
        )
        names.append(attachment.original_name)
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.CITIZEN_REPLY,
        is_public=True,
        text=text.strip(),
        data={"files": names} if names else {},
    )
    if locked.status == Status.WAITING_FOR_CITIZEN:
        suspended_on = locked.suspended_on or today
        old_due = locked.due_on
        calendar = work_calendar_for(start=old_due, end=old_due + timedelta(days=60))
        new_due = resume_after_suspension(
            due_on=old_due,
            suspended_on=suspended_on,
            resumed_on=today,
            calendar=calendar,
        )
        locked, _event = request_transition(
            citizen_request=locked, target=Status.IN_PROGRESS, by=None, notify=False
        )
        locked.due_on = new_due
        locked.suspended_on = None
        locked.save(update_fields=["due_on", "suspended_on", "updated_at"])
        with translation.override(locked.language):
            explanation = gettext(
                "The term stood still from %(from)s to %(to)s (%(days)s days); "
                "the due date moves from %(old)s to %(new)s."
            ) % {
                "from": formats.date_format(suspended_on, "DATE_FORMAT"),
                "to": formats.date_format(today, "DATE_FORMAT"),
                "days": max((today - suspended_on).days, 0),
                "old": formats.date_format(old_due, "DATE_FORMAT"),
                "new": formats.date_format(new_due, "DATE_FORMAT"),
            }
        RequestEvent.objects.create(
            request=locked,
            kind=EventKind.RESUMPTION,
            is_public=True,
            text=explanation,
            data={
                "suspended_on": _iso(suspended_on),
                "resumed_on": _iso(today),
                "old_due_on": _iso(old_due),
                "new_due_on": _iso(new_due),
            },
        )
    audit_record(
        actor=None,
        action="request.citizen_reply",
        target=locked,
        details={"files": len(names)},
    )
    if locked.assigned_to is not None:
        clerk = locked.assigned_to
        notice_create(
            kind="staff:citizen_reply",
            recipient=clerk.email,
            language=clerk.language,
            template="requests_app/email/staff_reply",
            context={"citizen_request": locked, "clerk": clerk},
        )
    return locked


# --- Notes, answers, closing ---------------------------------------------------------


@transaction.atomic
def request_note_add(
    *, citizen_request: CitizenRequest, by: User, text: str
) -> RequestEvent:
    """Add an internal note: colleagues see it, the citizen never does."""
    locked = _lock(citizen_request)
    _require(Action.NOTE, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("The note is empty."))
    event = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.NOTE,
        actor=by,
        is_public=False,
        text=text.strip(),
    )
    audit_record(actor=by, action="request.note", target=locked)
    return event


def _message_create(
    *, locked: CitizenRequest, by: User, text: str, kind: str
) -> RequestEvent:
    signature = _signature(by, locked.language)
    body = f"{text.strip()}\n\n— {signature}"
    event = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.MESSAGE,
        actor=by,
        is_public=True,
        text=body,
        data={"signed": signature},
    )
    notice_create(
        kind=f"message:{kind}",
        request=locked,
        recipient=locked.citizen_email,
        language=locked.language,
        template="requests_app/email/message",
        context={
            "citizen_request": locked,
            "message": body,
            "asks_documents": kind == "request_documents",
            "tracking_url": tracking_url(locked),
        },
    )
    return event


@transaction.atomic
def request_answer(
    *, citizen_request: CitizenRequest, by: User, text: str
) -> RequestEvent:
    """Answer the citizen: a public message signed with name and position, e-mailed."""
    locked = _lock(citizen_request)
    _require(Action.ANSWER, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("The answer is empty."))
    event = _message_create(locked=locked, by=by, text=text, kind="answer")
    audit_record(
        actor=by, action="request.answered", target=locked, details={"event": event.pk}
    )
    return event


@transaction.atomic
def request_close(
    *, citizen_request: CitizenRequest, by: User, note: str = ""
) -> CitizenRequest:
    """Close the case as delivered (terminal)."""
    locked = _lock(citizen_request)
    _require(Action.CLOSE, by=by, locked=locked)
    locked, _event = request_transition(
        citizen_request=locked, target=Status.CLOSED, by=by, note=note.strip()
    )
    return locked


@transaction.atomic
def request_reject(
    *, citizen_request: CitizenRequest, by: User, reason: str
) -> CitizenRequest:
    """Reject the request with a reason the citizen reads (terminal)."""
    locked = _lock(citizen_request)
    _require(Action.REJECT, by=by, locked=locked)
    if not reason.strip():
        raise ActionNotAllowed(gettext("Give the reason for the rejection."))
    locked, _event = request_transition(
        citizen_request=locked, target=Status.REJECTED, by=by, note=reason.strip()
    )
    locked.suspended_on = None
    locked.save(update_fields=["suspended_on", "updated_at"])
    return locked


# --- Extension -----------------------------------------------------------------------


@transaction.atomic
def request_extend(
    *,
    citizen_request: CitizenRequest,
    by: User,
    new_due_on: date,
    reason: ExtensionReason,
    text: str = "",
    today: date | None = None,
) -> Extension:
    """Move the due date later, within the service's maximum, and tell the citizen.

    An extension made on or after the due date it extends is still allowed: the citizen
    must know the new date. It is marked late and counts as such in the reports.
    """
    locked = _lock(citizen_request)
    _require(Action.EXTEND, by=by, locked=locked)
    today = today or timezone.localdate()
    old_due = locked.due_on
    longest = locked.service.max_extension_days
    latest = old_due + timedelta(days=longest)
    if not reason.is_active:
        raise ExtensionNotAllowed(gettext("Choose a reason from the list."))
    if new_due_on <= old_due:
        raise ExtensionNotAllowed(
            gettext("The new due date must be after %(due)s.")
            % {"due": formats.date_format(old_due, "DATE_FORMAT")}
        )
    if new_due_on > latest:
        raise ExtensionNotAllowed(
            gettext(
                "This service allows at most %(days)s more days: the latest possible "
                "due date is %(latest)s."
            )
            % {"days": longest, "latest": formats.date_format(latest, "DATE_FORMAT")}
        )
    calendar = work_calendar_for(start=new_due_on, end=new_due_on)
    if not calendar.is_working_day(new_due_on):
        raise ExtensionNotAllowed(
            gettext("%(day)s is not a working day: choose a working day.")
            % {"day": formats.date_format(new_due_on, "DATE_FORMAT")}
        )
    is_late = today >= old_due
    extension = Extension.objects.create(
        request=locked,
        old_due_on=old_due,
        new_due_on=new_due_on,
        reason=reason,
        text=text.strip(),
        is_late=is_late,
        by=by,
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on", "updated_at"])
    with translation.override(locked.language):
        reason_text = reason.name
        legal_basis = reason.legal_basis
        public_text = "\n".join(
            part
            for part in (
                gettext("The due date moves from %(old)s to %(new)s.")
                % {
                    "old": formats.date_format(old_due, "DATE_FORMAT"),
                    "new": formats.date_format(new_due_on, "DATE_FORMAT"),
                },
                gettext("Reason: %(reason)s") % {"reason": reason_text},
                text.strip(),
            )
            if part
        )
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.EXTENSION,
        actor=by,
        is_public=True,
        text=public_text,
        data={
            "old_due_on": _iso(old_due),
            "new_due_on": _iso(new_due_on),
            "extension": extension.pk,
            "is_late": is_late,
        },
    )
    audit_record(
        actor=by,
        action="request.extended",
        target=locked,
        details={
            "old_due_on": _iso(old_due),
            "new_due_on": _iso(new_due_on),
            "reason": reason.code,
            "is_late": is_late,
        },
    )
    notice_create(
        kind="extension",
        request=locked,
        recipient=locked.citizen_email,
        language=locked.language,
        template="requests_app/email/extension",
        context={
            "citizen_request": locked,
            "extension": extension,
            "reason": reason_text,
            "legal_basis": legal_basis,
            "text": text.strip(),
            "signature": _signature(by, locked.language),
            "tracking_url": tracking_url(locked),
        },
        dedupe_key=f"extension:{extension.pk}",
    )
    return extension


# --- Intake at the desk, by phone or by post ---------------------------------------

INTAKE_CHANNELS = (Channel.DESK, Channel.PHONE, Channel.POST)


@transaction.atomic
def request_intake(
    *,
    by: User,
    service: Service,
    citizen_name: str,
    details: str,
    channel: str,
    variant: ServiceVariant | None = None,
    citizen_email: str = "",
    citizen_phone: str = "",
    citizen_address: str = "",
    language: str = "bg",
    answers: dict[ServiceQuestion, str] | None = None,
    received_on: date | None = None,
) -> CitizenRequest:
    """Register a request received at the desk, by phone or by post for a citizen.

    Same registry numbering and acknowledgement as online filing; the channel is kept.
    """
    if not (
        viewer_handles_requests(by) and by.has_perm("requests_app.register_request")
    ):
        raise ActionNotAllowed(gettext("You may not register requests."))
    if channel not in INTAKE_CHANNELS:
        raise ActionNotAllowed(gettext("Choose the desk, the phone or the post."))
    if not by.departments.filter(pk=service.department_id).exists():
        raise ActionNotAllowed(
            gettext("The service belongs to a department you do not work in.")
        )
    return request_submit(
        service=service,
        variant=variant,
        citizen_name=citizen_name,
        details=details,
        citizen_email=citizen_email,
        citizen_phone=citizen_phone,
        citizen_address=citizen_address,
        language=language,
        answers=answers,
        channel=channel,
        received_on=received_on,
        by=by,
    )
