"""The life of a case after filing: officers' actions, the filer's additions, access.

Only `_transition` assigns a complaint's status, and only as the table in
`feedback.workflow` allows. The officers' actions are registered there
(`COMPLAINT_ACTIONS`): each service below checks its entry before it acts.
"""

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from feedback.errors import FeedbackError
from feedback.models import (
    Complaint,
    ComplaintAccess,
    ComplaintExtension,
    ComplaintMessage,
)
from feedback.selectors.complaints import complaint_get_for
from feedback.selectors.contacts import feedback_contact
from feedback.selectors.roles import holds_permission
from feedback.selectors.terms import complaint_extension_limit
from feedback.services.filing import complaint_attachments_add
from feedback.services.notify import filer_notify, officers_notify
from feedback.workflow import (
    COMPLAINT_ACTIONS,
    COMPLAINT_AFTER_FILER_INFO,
    ComplaintStatus,
    complaint_can_transition,
    complaint_is_open,
)
from requests_app.explain import format_day
from requests_app.legal import PROPOSAL_TERM
from requests_app.models import User
from requests_app.models.requests import NotifyBy
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
        raise _not_allowed(locked.status, action.target or locked.status)
    if action.target is not None:
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
        signed_by=by,
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
        signed_by=by,
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
        signed_by=by,
        template="feedback/email/complaint_decided",
        answer=complaint.answer,
        dedupe_key=f"feedback:complaint:{complaint.pk}:decided",
    )
    return complaint


@transaction.atomic
def complaint_extend(
    *, complaint: Complaint, by: User, reason: str, due_on: date | None = None
) -> Complaint:
    """Extend a proposal's decision term to `due_on` (default: the limit), with a
    reason; the proposer is told at once.

    Only kinds that allow it, only before the current term ends, and never past the
    limit counted from filing (6 months for proposals, across all extensions).
    """
    complaint = _officer_act(complaint, by, "extend")
    limit = complaint_extension_limit(complaint=complaint)
    if limit is None:
        raise FeedbackError(
            gettext("The term of this kind of case (%(kind)s) cannot be extended.")
            % {"kind": complaint.kind.name.lower()},
            code="not_extendable",
        )
    current = complaint.decide_due_on
    if timezone.localdate() > current:
        raise FeedbackError(
            gettext(
                "The term ended on %(due)s: it can be extended only before it ends."
            )
            % {"due": format_day(current)},
            code="term_ended",
        )
    new_due_on = due_on or limit
    if new_due_on > limit:
        months = complaint.kind.extend_to_months
        raise FeedbackError(
            ngettext(
                "The term can be extended to %(limit)s at the latest: %(months)s "
                "month from filing in total (%(source)s).",
                "The term can be extended to %(limit)s at the latest: %(months)s "
                "months from filing in total (%(source)s).",
                months,
            )
            % {"limit": format_day(limit), "months": months, "source": PROPOSAL_TERM},
            code="beyond_limit",
        )
    if new_due_on <= current:
        raise FeedbackError(
            gettext("The new date must be after the current due date, %(due)s.")
            % {"due": format_day(current)},
            code="not_later",
        )
    if not reason.strip():
        raise FeedbackError(gettext("Give the reason."), code="no_reason")
    extension = ComplaintExtension.objects.create(
        complaint=complaint,
        old_due_on=current,
        new_due_on=new_due_on,
        reason=reason.strip(),
        extended_by=by,
    )
    complaint.decide_due_on = new_due_on
    complaint.save(update_fields=["decide_due_on"])
    audit_record(
        actor=by,
        action="complaint.extended",
        target=complaint,
        details={"from": current.isoformat(), "to": new_due_on.isoformat()},
    )
    filer_notify(
        complaint=complaint,
        kind="complaint_extended",
        signed_by=by,
        template="feedback/email/complaint_extended",
        extension=extension,
        source=PROPOSAL_TERM,
        dedupe_key=f"feedback:complaint:{complaint.pk}:extended:{extension.pk}",
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


@transaction.atomic
def complaint_notify_by_change(*, complaint: Complaint, notify_by: str) -> bool:
    """Tell the filer from now on by `notify_by`; return whether it changed.

    Raise FeedbackError when the case has no contact of that kind. Recorded in the
    audit log (without the contact).
    """
    channel = NotifyBy(notify_by)
    if not feedback_contact(complaint, channel):
        raise FeedbackError(gettext("We have no contact of this kind."))
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.notify_by == channel:
        return False
    before = locked.notify_by
    locked.notify_by = channel
    locked.save(update_fields=["notify_by"])
    complaint.notify_by = channel
    audit_record(
        actor=None,
        action="complaint.notify_by",
        target=locked,
        details={"from": before, "to": channel.value},
    )
    return True
