"""Filing a complaint, signal or proposal: the receipt code, the proof, the notices."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from feedback.codes import receipt_code_new, receipt_hash
from feedback.errors import FeedbackError
from feedback.links import follow_up_url
from feedback.models import Complaint, ComplaintAttachment, ComplaintKind
from feedback.selectors.terms import (
    complaint_facts_too_old,
    complaint_not_examined_explained,
    complaint_terms,
    complaint_terms_explained,
)
from feedback.services.notify import filer_notify, notify_by_choose, officers_notify
from feedback.workflow import ComplaintStatus, NotExaminedReason
from requests_app.legal import NOT_EXAMINED
from requests_app.models import CitizenRequest
from requests_app.pdf import render_pdf
from requests_app.services import audit_record
from requests_app.uploads import download_name


def _proof_pdf(*, complaint: Complaint, code: str) -> bytes:
    with translation.override(complaint.language):
        return render_pdf(
            "feedback/pdf/complaint_proof.html",
            {
                "complaint": complaint,
                "code": code,
                "terms": complaint_terms_explained(complaint=complaint),
                "not_examined": complaint_not_examined_explained(complaint=complaint),
                "follow_up_url": follow_up_url(complaint.language),
                "attachment_names": [a.name for a in complaint.attachments.all()],
            },
        )


def complaint_attachments_add(
    *, complaint: Complaint, files: Iterable[tuple[UploadedFile, str]]
) -> list[ComplaintAttachment]:
    """Store checked uploads (file, content type) with a case, encrypted."""
    attachments = []
    for upload, content_type in files:
        upload.seek(0)
        attachments.append(
            ComplaintAttachment.objects.create(
                complaint=complaint,
                name=download_name(upload.name or "", content_type),
                content_type=content_type,
                size=upload.size or 0,
                content=upload.read(),
            )
        )
    return attachments


@transaction.atomic
def complaint_file(
    *,
    kind: ComplaintKind,
    body: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    notify_by: str = "",
    registry_number: str = "",
    language: str = "bg",
    files: Iterable[tuple[UploadedFile, str]] = (),
    received_on: date | None = None,
    facts_on: date | None = None,
) -> tuple[Complaint, str]:
    """File a complaint, signal or proposal; return it with its receipt code.

    The code is returned once and never stored (only its hash). A proof-of-filing PDF
    is kept encrypted for one download and e-mailed when the filer is told by e-mail.
    The filer is told the way they chose (`notify_by`), else by e-mail, SMS or letter
    from the contacts given. Raise FeedbackError when the kind needs contact details
    that are missing, the chosen way has no contact, or the registry number is
    unknown.

    A filing about facts older than its kind allows (a signal: two years) is recorded
    but not examined: it is closed at once with the reason, and the proof, the
    receipt e-mail and the follow-up page say why. The form requires `facts_on` for
    such kinds; without it (a filing by post typed in later) the case is examined.
    """
    contact = {
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_address": contact_address.strip(),
    }
    channel = notify_by_choose(
        notify_by=notify_by,
        email=contact["contact_email"],
        phone=contact["contact_phone"],
        address=contact["contact_address"],
    )
    if not kind.is_active:
        raise FeedbackError(gettext("This kind is no longer offered."), code="inactive")
    if kind.is_contact_required and not (
        contact["contact_name"]
        and (contact["contact_email"] or contact["contact_address"])
    ):
        raise FeedbackError(
            gettext(
                "%(kind)s: anonymous submissions are not examined (%(source)s). "
                "Give your name and an e-mail or postal address."
            )
            % {"kind": kind.name, "source": NOT_EXAMINED},
            code="contact_required",
        )
    citizen_request = None
    if registry_number.strip():
        citizen_request = (
            CitizenRequest.objects.select_related("department")
            .filter(registry_number=registry_number.strip())
            .first()
        )
        if citizen_request is None:
            raise FeedbackError(
                gettext("No request has this registry number. Check it and try again."),
                code="unknown_request",
            )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    received_on = received_on or timezone.localdate()
    acknowledge, decide = complaint_terms(kind=kind, received_on=received_on)
    code = receipt_code_new()
    not_examined = complaint_facts_too_old(
        kind=kind, facts_on=facts_on, received_on=received_on
    )
    if not_examined:
        # Recorded, closed and told at once: the filing itself is the notice, so
        # the acknowledgement is on the day of filing and no term runs.
        outcome: dict[str, object] = {
            "status": ComplaintStatus.NOT_EXAMINED,
            "not_examined_because": NotExaminedReason.FACTS_TOO_OLD,
            "acknowledged_on": received_on,
            "closed_at": timezone.now(),
        }
    else:
        outcome = {}
    complaint = Complaint.objects.create(
        kind=kind,
        request=citizen_request,
        named_clerk=citizen_request.assigned_to if citizen_request else None,
        department=citizen_request.department if citizen_request else None,
        body=body.strip(),
        language=language,
        receipt_hash=receipt_hash(code),
        received_on=received_on,
        acknowledge_due_on=acknowledge.due_on,
        decide_due_on=decide.due_on,
        facts_on=facts_on,
        notify_by=channel,
        **outcome,
        **contact,
    )
    complaint_attachments_add(complaint=complaint, files=files)
    pdf = _proof_pdf(complaint=complaint, code=code)
    complaint.proof_pdf = pdf
    complaint.save(update_fields=["proof_pdf"])
    audit_record(
        actor=None,
        action="complaint.filed",
        target=complaint,
        details={"kind": kind.code, "is_examined": not not_examined},
    )
    filer_notify(
        complaint=complaint,
        kind="complaint_receipt",
        template="feedback/email/complaint_receipt",
        dedupe_key=f"feedback:complaint:{complaint.pk}:receipt",
        attachment=(f"proof-of-filing-{complaint.pk}.pdf", pdf, "application/pdf"),
        acknowledge_due_on=complaint.acknowledge_due_on,
        decide_due_on=complaint.decide_due_on,
        not_examined=complaint_not_examined_explained(complaint=complaint),
    )
    officers_notify(
        complaint=complaint,
        kind="complaint_new",
        template="feedback/email/complaint_new",
        dedupe_key=f"feedback:complaint:{complaint.pk}:new",
    )
    return complaint, code


@transaction.atomic
def complaint_proof_take(*, complaint_id: int) -> bytes | None:
    """Return the proof-of-filing PDF and erase it: it can be downloaded once."""
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or complaint.proof_pdf is None:
        return None
    pdf = bytes(complaint.proof_pdf)
    complaint.proof_pdf = None
    complaint.save(update_fields=["proof_pdf"])
    return pdf
