"""Ask the citizen for something, take their reply, close a case left unanswered.

What asking does to the term is the law of the service (`Service.suspension_rule`): a
pause stops the clock and lets it go on from where it stood; a restart runs the full
term again from the day the answer arrives (Access to Public Information Act art.
29(1)). A case that waits too long for the answer (`SUSPENSION_ABANDON_DAYS`) may be
closed as not examined, with a letter to the citizen (art. 29(2) of the same act).
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from requests_app.deadlines import (
    Term,
    paused_days,
    restart_after_answer,
    resume_after_suspension,
)
from requests_app.explain import explain_pause, explain_restart, format_day
from requests_app.legal import TERM_RESTART
from requests_app.models import CitizenRequest, EventKind, RequestEvent, User
from requests_app.models.catalogue import UNANSWERED_LEGAL_BASIS, SuspensionRule
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.case import answer_awaited_until
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


def _suspension_text(locked: CitizenRequest, today: date) -> str:
    """Return, in the citizen's language, what asking does to the term."""
    rule = locked.service.suspension_rule
    with translation.override(locked.language):
        if rule == SuspensionRule.RESTART:
            return gettext(
                "The term does not run until you answer. When your answer arrives, "
                "the full term runs again from that day (%(basis)s). Without an "
                "answer by %(until)s the request may be left without consideration."
            ) % {
                "basis": TERM_RESTART.citation(),
                "until": format_day(answer_awaited_until(suspended_on=today)),
            }
        return gettext(
            "The term stands still from %(from)s until you answer; the due date "
            "will move by the days it stood still."
        ) % {"from": formats.date_format(today, "DATE_FORMAT")}


@transaction.atomic
def request_suspend(
    *,
    citizen_request: CitizenRequest,
    by: User,
    text: str,
    today: date | None = None,
) -> CitizenRequest:
    """Ask the citizen for missing documents: the term pauses or will restart."""
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
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.SUSPENSION,
        actor=by,
        is_public=True,
        text=_suspension_text(locked, today),
        data={
            "suspended_on": iso_day(today),
            "due_on": iso_day(locked.due_on),
            "rule": locked.service.suspension_rule,
        },
    )
    audit_record(
        actor=by,
        action="request.suspended",
        target=locked,
        details={"suspended_on": iso_day(today), "message": message.pk},
    )
    return locked


def _resume(locked: CitizenRequest, today: date) -> CitizenRequest:
    """Move the due date of a waiting case after the answer: pause or restart."""
    suspended_on = locked.suspended_on or today
    old_due = locked.due_on
    term = Term(locked.term_days, locked.term_working_days)
    rule = locked.service.suspension_rule
    with translation.override(locked.language):
        # Holiday names follow the active language: load in the citizen's.
        calendar = work_calendar_for(
            start=min(suspended_on, old_due), end=max(today, old_due)
        )
        if rule == SuspensionRule.RESTART:
            restarted = restart_after_answer(
                answered_on=today, term=term, calendar=calendar
            )
            new_due = restarted.due_on
            kind = EventKind.TERM_RESTARTED
            text = " ".join(
                explain_restart(
                    due=restarted,
                    old_due_on=old_due,
                    legal_basis=TERM_RESTART.citation(),
                )
            )
            paused = None
        else:
            paused = paused_days(
                suspended_on=suspended_on,
                resumed_on=today,
                working_days=term.working_days,
                calendar=calendar,
            )
            new_due = resume_after_suspension(
                due_on=old_due,
                suspended_on=suspended_on,
                resumed_on=today,
                working_days=term.working_days,
                calendar=calendar,
            )
            kind = EventKind.RESUMPTION
            text = explain_pause(
                suspended_on=suspended_on,
                resumed_on=today,
                days=paused,
                working_days=term.working_days,
                old_due_on=old_due,
                new_due_on=new_due,
            )
    locked, _event = request_transition(
        citizen_request=locked, target=Status.IN_PROGRESS, by=None, notify=False
    )
    locked.due_on = new_due
    locked.suspended_on = None
    locked.save(update_fields=["due_on", "suspended_on", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=kind,
        is_public=True,
        text=text,
        data={
            "rule": rule,
            "suspended_on": iso_day(suspended_on),
            "resumed_on": iso_day(today),
            "paused_days": paused,
            "working_days": term.working_days,
            "old_due_on": iso_day(old_due),
            "new_due_on": iso_day(new_due),
        },
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

    When the case waited for it, the term goes on: paused, the due date moves by the
    days it stood still (working days for a working-day term); restarted, the full
    term runs again from today. The case is in progress again. `files` holds (file,
    content type checked by content) pairs, as for `request_submit`.
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
        locked = _resume(locked, today)
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


@transaction.atomic
def request_leave_unexamined(
    *, citizen_request: CitizenRequest, by: User, today: date | None = None
) -> CitizenRequest:
    """Close a case whose citizen did not answer in time, as not examined.

    Only once `SUSPENSION_ABANDON_DAYS` have passed since the citizen was asked. The
    citizen gets the status letter, which says why and on what legal basis.
    """
    locked = lock_request(citizen_request)
    today = today or timezone.localdate()
    suspended_on = locked.suspended_on or today
    until = answer_awaited_until(suspended_on=suspended_on)
    if locked.suspended_on is not None and today <= until:
        raise ActionNotAllowed(
            gettext(
                "The citizen may still answer until %(until)s. Nothing was changed."
            )
            % {"until": formats.date_format(until, "DATE_FORMAT")}
        )
    action_require(Action.LEAVE_UNEXAMINED, by=by, locked=locked, today=today)
    basis = UNANSWERED_LEGAL_BASIS[locked.service.suspension_rule]
    with translation.override(locked.language):
        reason = gettext(
            "Your request is left without consideration: on %(asked)s we asked you "
            "for what was missing, and no answer came within %(days)s days."
        ) % {
            "asked": format_day(suspended_on),
            "days": settings.SUSPENSION_ABANDON_DAYS,
        }
        if basis is not None:
            reason += " " + gettext("Legal basis: %(basis)s.") % {
                "basis": basis.citation()
            }
    locked, _event = request_transition(
        citizen_request=locked, target=Status.REJECTED, by=by, note=reason
    )
    locked.suspended_on = None
    locked.save(update_fields=["suspended_on", "updated_at"])
    audit_record(
        actor=by,
        action="request.left_unexamined",
        target=locked,
        details={"suspended_on": iso_day(suspended_on)},
    )
    return locked
