"""Ask the citizen for documents (the term stops) and take their reply (it resumes)."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from requests_app.deadlines import resume_after_suspension
from requests_app.models import CitizenRequest, EventKind, RequestEvent, User
from requests_app.selectors.calendar import work_calendar_for
from requests_app.services.audit import audit_record
from requests_app.services.casework.common import (
    ActionNotAllowed,
    action_require,
    iso_day,
    lock_request,
    message_create,
)
from requests_app.services.outbox import notice_create
from requests_app.services.submission import attachment_store
from requests_app.services.transition import request_transition
from requests_app.workflow import Action, Status


@transaction.atomic
def request_suspend(
    *,
    citizen_request: CitizenRequest,
    by: User,
    text: str,
    today: date | None = None,
) -> CitizenRequest:
    """Ask the citizen for missing documents: the term stops until they answer."""
    locked = lock_request(citizen_request)
    action_require(Action.SUSPEND, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("Say which documents are missing."))
    today = today or timezone.localdate()
    locked, _event = request_transition(
        citizen_request=locked, target=Status.WAITING_FOR_CITIZEN, by=by, notify=False
    )
    locked.suspended_on = today
    locked.save(update_fields=["suspended_on", "updated_at"])
    message = message_create(locked=locked, by=by, text=text, kind="request_documents")
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
        data={"suspended_on": iso_day(today), "due_on": iso_day(locked.due_on)},
    )
    audit_record(
        actor=by,
        action="request.suspended",
        target=locked,
        details={"suspended_on": iso_day(today), "message": message.pk},
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
    locked = lock_request(citizen_request)
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
                "suspended_on": iso_day(suspended_on),
                "resumed_on": iso_day(today),
                "old_due_on": iso_day(old_due),
                "new_due_on": iso_day(new_due),
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
