"""The life of a case after filing: officers' actions, the filer's additions, access.

Only `_transition` assigns a complaint's status, and only as the table in
`feedback.workflow` allows. The officers' actions are registered there
(`COMPLAINT_ACTIONS`): each service below checks its entry before it acts.
"""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from feedback.errors import FeedbackError
from feedback.models import Complaint, ComplaintAccess, ComplaintMessage
from feedback.selectors.complaints import complaint_get_for
from feedback.selectors.roles import holds_permission
from feedback.services.filing import complaint_attachments_add
from feedback.services.notify import filer_notify, officers_notify
from feedback.workflow import (
    COMPLAINT_ACTIONS,
    COMPLAINT_AFTER_FILER_INFO,
    ComplaintStatus,
    complaint_can_transition,
    complaint_is_open,
)
from requests_app.models import User
from requests_app.services import audit_record


def _not_allowed(current: str, target: str) -> FeedbackError:
    return FeedbackError(
        gettext("A case that is “%(current)s” cannot become “%(target)s”.")
        % {
            "current": ComplaintStatus(current).label,
            "target": ComplaintStatus(target).label,
        },
        code="transition_not_allowed",
    )


def _transition(complaint: Complaint, target: ComplaintStatus) -> None:
    """Set the status of a locked case if the table allows it (the caller saves)."""
    if not complaint_can_transition(complaint.status, target):
        raise _not_allowed(complaint.status, target)
    complaint.status = target


def _officer_act(complaint: Complaint, by: User, action_code: str) -> Complaint:
    """Lock the case for the officer's registered action and move it on."""
    action = COMPLAINT_ACTIONS[action_code]
    if (
        not holds_permission(by, action.permission)
        or complaint_get_for(viewer=by, pk=complaint.pk) is None
    ):
        raise FeedbackError(gettext("You cannot act on this case."), code="forbidden")
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not action.allows(locked.status):
        raise _not_allowed(locked.status, action.target)
    _transition(locked, action.target)
    return locked


@transaction.atomic
def complaint_open_for(
    *, viewer: User, pk: int, action: str = "view"
) -> Complaint | None:
    """Return the complaint if `viewer` may read it, and log the access; else None."""
    complaint = complaint_get_for(viewer=viewer, pk=pk)
    if complaint is not None:
        ComplaintAccess.objects.create(
            complaint=complaint, officer=viewer, action=action
        )
    return complaint


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, by: User) -> Complaint:
    """Acknowledge receipt (legal term: 7 days); the filer is told."""
    complaint = _officer_act(complaint, by, "acknowledge")
    complaint.acknowledged_on = complaint.acknowledged_on or timezone.localdate()
    complaint.save(update_fields=["status", "acknowledged_on"])
    audit_record(actor=by, action="complaint.acknowledged", target=complaint)
    filer_notify(
        complaint=complaint,
        kind="complaint_acknowledged",
        template="feedback/email/complaint_acknowledged",
        dedupe_key=f"feedback:complaint:{complaint.pk}:acknowledged",
    )
    return complaint


@transaction.atomic
def complaint_request_info(*, complaint: Complaint, by: User, text: str) -> Complaint:
    """Ask the filer for more information (shown on the follow-up page, e-mailed)."""
    complaint = _officer_act(complaint, by, "ask")
    complaint.acknowledged_on = complaint.acknowledged_on or timezone.localdate()
    complaint.save(update_fields=["status", "acknowledged_on"])
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        author=ComplaintMessage.Author.OFFICER,
        officer=by,
        text=text.strip(),
    )
    audit_record(actor=by, action="complaint.info_requested", target=complaint)
    filer_notify(
        complaint=complaint,
        kind="complaint_info_requested",
        template="feedback/email/complaint_info_requested",
        question=message.text,
        dedupe_key=f"feedback:complaint:{complaint.pk}:info:{message.pk}",
    )
    return complaint


@transaction.atomic
def complaint_decide(*, complaint: Complaint, by: User, answer: str) -> Complaint:
    """Record the reasoned answer; it is e-mailed and shown on the follow-up page."""
    if not answer.strip():
        raise FeedbackError(gettext("Write the reasoned answer."), code="no_answer")
    complaint = _officer_act(complaint, by, "decide")
    today = timezone.localdate()
    complaint.acknowledged_on = complaint.acknowledged_on or today
    complaint.decided_on = today
    complaint.answer = answer.strip()
    complaint.save(update_fields=["status", "acknowledged_on", "decided_on", "answer"])
    audit_record(actor=by, action="complaint.decided", target=complaint)
    filer_notify(
        complaint=complaint,
        kind="complaint_decided",
        template="feedback/email/complaint_decided",
        answer=complaint.answer,
        dedupe_key=f"feedback:complaint:{complaint.pk}:decided",
    )
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, by: User) -> Complaint:
    """Close an answered case."""
    complaint = _officer_act(complaint, by, "close")
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="complaint.closed", target=complaint)
    return complaint


@transaction.atomic
def complaint_add_info(
    *,
    complaint: Complaint,
    text: str,
    files: Iterable[tuple[UploadedFile, str]] = (),
) -> ComplaintMessage:
    """Add the filer's information to an open case; a waiting case is worked again."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint_is_open(complaint.status):
        raise FeedbackError(
            gettext("This case is closed; file a new one if needed."),
            code="case_closed",
        )
    message = ComplaintMessage.objects.create(
        complaint=complaint, author=ComplaintMessage.Author.FILER, text=text.strip()
    )
    complaint_attachments_add(complaint=complaint, files=files)
    target = COMPLAINT_AFTER_FILER_INFO.get(ComplaintStatus(complaint.status))
    if target is not None:
        _transition(complaint, target)
        complaint.save(update_fields=["status"])
    audit_record(actor=None, action="complaint.info_added", target=complaint)
    officers_notify(
        complaint=complaint,
        kind="complaint_info_added",
        template="feedback/email/complaint_info_added",
        dedupe_key=f"feedback:complaint:{complaint.pk}:added:{message.pk}",
    )
    return message
