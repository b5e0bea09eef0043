"""Reads of complaints, signals and proposals, including who may see them.

Confidentiality is decided here and nowhere else:

* only complaint officers (`feedback.selectors.roles.is_complaint_officer`) see
  complaints;
* a member of staff named in a complaint (the clerk of the case when it was filed)
  never sees it, even when made an officer later;
* everyone else gets nothing (views answer 404); managers get counts only
  (`feedback.selectors.statistics`).
"""

from django.db.models import QuerySet
from django.utils.module_loading import import_string

from feedback.codes import receipt_hash
from feedback.models import (
    Complaint,
    ComplaintAccess,
    ComplaintAttachment,
    ComplaintKind,
    ComplaintMessage,
)
from feedback.selectors.roles import (
    Viewer,
    holds_permission,
    is_complaint_officer,
    users_holding,
)
from feedback.workflow import (
    COMPLAINT_OPEN,
    COMPLAINT_TERMINAL,
    HANDLE_COMPLAINT,
    ComplaintAction,
    complaint_actions_in,
)
from requests_app.models import User


def complaint_list_for(*, viewer: Viewer) -> QuerySet[Complaint]:
    """Return the complaints `viewer` may read (none for everyone else)."""
    if not is_complaint_officer(viewer):
        return Complaint.objects.none()
    return (
        Complaint.objects.exclude(named_clerk_id=viewer.pk)
        .select_related("kind", "request", "department")
        .defer("proof_pdf")
    )


def complaint_queue_for(*, viewer: Viewer, is_open: bool = True) -> QuerySet[Complaint]:
    """Return open (or closed) complaints for an officer, the nearest term first."""
    complaints = complaint_list_for(viewer=viewer)
    if is_open:
        return complaints.filter(status__in=COMPLAINT_OPEN).order_by(
            "decide_due_on", "acknowledge_due_on", "pk"
        )
    return complaints.filter(status__in=COMPLAINT_TERMINAL).order_by("-closed_at")


def complaint_get_for(*, viewer: Viewer, pk: int) -> Complaint | None:
    """Return one complaint if `viewer` may read it, else None (views: 404)."""
    return complaint_list_for(viewer=viewer).filter(pk=pk).first()


def complaint_actions_for(
    *, viewer: Viewer, complaint: Complaint
) -> list[ComplaintAction]:
    """Return the officers' actions `viewer` may take on the case now, in page order."""
    if complaint_get_for(viewer=viewer, pk=complaint.pk) is None:
        return []
    actions = complaint_actions_in(complaint.status)
    held = {
        permission: holds_permission(viewer, permission)
        for permission in {action.permission for action in actions}
    }
    return [
        action
        for action in actions
        if held[action.permission]
        and (
            not action.applies_to
            or import_string(action.applies_to)(complaint=complaint)
        )
    ]


def complaint_officers_for(*, complaint: Complaint) -> list[User]:
    """Return the officers to notify about a case: never the clerk it names."""
    officers = users_holding(HANDLE_COMPLAINT)
    if complaint.named_clerk_id is not None:
        officers = officers.exclude(pk=complaint.named_clerk_id)
    return list(officers)


def complaint_by_receipt(*, code: str) -> Complaint | None:
    """Return the complaint filed with this receipt code, or None."""
    if not code or len(code) > 60:
        return None
    return (
        Complaint.objects.select_related("kind")
        .defer("proof_pdf")
        .filter(receipt_hash=receipt_hash(code))
        .first()
    )


def complaint_for_filer(*, pk: int) -> Complaint | None:
    """Return the case a filer opened with its receipt code (pk kept in the session)."""
    return (
        Complaint.objects.select_related("kind")
        .defer("proof_pdf")
        .filter(pk=pk)
        .first()
    )


def complaint_proof_waiting(*, complaint_id: int) -> bool:
    """Return whether the proof of filing can still be downloaded (once)."""
    return Complaint.objects.filter(pk=complaint_id, proof_pdf__isnull=False).exists()


def complaint_kinds_active() -> QuerySet[ComplaintKind]:
    return ComplaintKind.objects.filter(is_active=True)


def complaint_access_log(
    *, viewer: Viewer, complaint: Complaint
) -> QuerySet[ComplaintAccess]:
    """Return who opened the complaint and when (officers only)."""
    if complaint_get_for(viewer=viewer, pk=complaint.pk) is None:
        return ComplaintAccess.objects.none()
    return complaint.accesses.select_related("officer").order_by("-created_at")[:50]


def complaint_public_messages(*, complaint: Complaint) -> list[ComplaintMessage]:
    """Return the exchange shown to the filer (officers' questions, own additions)."""
    return list(complaint.messages.order_by("created_at", "pk"))


def complaint_attachments(*, complaint: Complaint) -> list[ComplaintAttachment]:
    """Return the files of a case, without their content (a list on the page)."""
    return list(complaint.attachments.defer("content"))


def complaint_attachment_get(
    *, complaint: Complaint, pk: int
) -> ComplaintAttachment | None:
    """Return one file of a case with its content, or None."""
    return complaint.attachments.filter(pk=pk).first()
