"""Every write of the feedback app: complaints, surveys, suggestions.

Notices go through the outbox of requests_app (`notice_create`), never linked to the
request a complaint is about: the clerk of that case must not see them in its history.
"""

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_app.errors import ServiceError
from requests_app.models import CitizenRequest, Department, Service, User
from requests_app.pdf import render_pdf
from requests_app.services import audit_record, notice_create
from requests_app.workflow import Status

from . import selectors
from .codes import receipt_code_new, receipt_hash, token_hash
from .models import (
    Complaint,
    ComplaintAccess,
    ComplaintAttachment,
    ComplaintKind,
    ComplaintMessage,
    ComplaintStatus,
    FollowUpItem,
    Resolved,
    Suggestion,
    SuggestionStatus,
    SurveyInvitation,
    SurveyResponse,
)

SURVEY_LINK_DAYS = 30
REMINDER_DAYS_BEFORE = 2  # officers are reminded this many days before a term ends

# Complaint workflow: which status may follow which.
COMPLAINT_TRANSITIONS: dict[str, frozenset[str]] = {
    ComplaintStatus.RECEIVED: frozenset(
        {ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.WAITING, ComplaintStatus.DECIDED}
    ),
    ComplaintStatus.ACKNOWLEDGED: frozenset(
        {ComplaintStatus.WAITING, ComplaintStatus.DECIDED}
    ),
    ComplaintStatus.WAITING: frozenset(
        {ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.DECIDED}
    ),
    ComplaintStatus.DECIDED: frozenset({ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset(),
}


class FeedbackError(ServiceError):
    code = "feedback_error"


class SurveyLinkUnusable(ServiceError):
    code = "survey_link_unusable"


# --- Complaints ---------------------------------------------------------------------


def _officers() -> list[User]:
    return list(
        User.objects.filter(
            Q(groups__permissions__codename="handle_complaint")
            | Q(user_permissions__codename="handle_complaint"),
            is_active=True,
        )
        .exclude(email="")
        .distinct()
    )


def _staff_url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def follow_up_url(language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("feedback:complaint-follow-up")


def _proof_pdf(*, complaint: Complaint, code: str) -> bytes:
    terms = selectors.complaint_terms_explained(complaint=complaint)
    with translation.override(complaint.language):
        return render_pdf(
            "feedback/pdf/complaint_proof.html",
            {
                "complaint": complaint,
                "code": code,
                "terms": terms,
                "follow_up_url": follow_up_url(complaint.language),
                "attachment_names": [a.name for a in complaint.attachments.all()],
            },
        )


@transaction.atomic
def complaint_file(
    *,
    kind: ComplaintKind,
    body: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    registry_number: str = "",
    language: str = "bg",
    files: Iterable[tuple[UploadedFile, str]] = (),
    received_on: date | None = None,
) -> tuple[Complaint, str]:
    """File a complaint, signal or proposal; return it with its receipt code.

    The code is returned once and never stored (only its hash). A proof-of-filing PDF
    is kept encrypted for one download and e-mailed when an address was given.
    Raise FeedbackError when the kind needs contact details that are missing or the
    registry number is unknown.
    """
    contact = {
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_address": contact_address.strip(),
    }
    if not kind.is_active:
        raise FeedbackError(gettext("This kind is no longer offered."), code="inactive")
    if kind.is_contact_required and not (
        contact["contact_name"]
        and (contact["contact_email"] or contact["contact_address"])
    ):
        raise FeedbackError(
            gettext(
                "%(kind)s: anonymous submissions are not processed (Administrative "
                "Procedure Code, art. 111(4)). Give your name and an e-mail or postal "
                "address."
            )
            % {"kind": kind.name},
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
    acknowledge, decide = selectors.complaint_terms(kind=kind, received_on=received_on)
    code = receipt_code_new()
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
        **contact,
    )
    for upload, content_type in files:
        upload.seek(0)
        ComplaintAttachment.objects.create(
            complaint=complaint,
            name=(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
            content=upload.read(),
        )
    pdf = _proof_pdf(complaint=complaint, code=code)
    complaint.proof_pdf = pdf
    complaint.save(update_fields=["proof_pdf"])
    audit_record(
        actor=None,
        action="complaint.filed",
        target=complaint,
        details={"kind": kind.code},
    )
    notice_create(
        kind="complaint_receipt",
        recipient=complaint.contact_email,
        language=language,
        template="feedback/email/complaint_receipt",
        context={
            "complaint": complaint,
            "follow_up_url": follow_up_url(language),
            "acknowledge_due_on": complaint.acknowledge_due_on,
            "decide_due_on": complaint.decide_due_on,
        },
        dedupe_key=f"feedback:complaint:{complaint.pk}:receipt",
        attachment=(f"proof-of-filing-{complaint.pk}.pdf", pdf, "application/pdf"),
    )
    for officer in _officers():
        if officer == complaint.named_clerk:
            continue
        notice_create(
            kind="complaint_new",
            recipient=officer.email,
            language=officer.language,
            template="feedback/email/complaint_new",
            context={
                "complaint": complaint,
                "url": _complaint_staff_url(complaint, officer.language),
            },
            dedupe_key=f"feedback:complaint:{complaint.pk}:new:{officer.pk}",
        )
    return complaint, code


def _complaint_staff_url(complaint: Complaint, language: str) -> str:
    with translation.override(language):
        return _staff_url("feedback:staff-complaint-detail", pk=complaint.pk)


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


@transaction.atomic
def complaint_open_for(
    *, viewer: User, pk: int, action: str = "view"
) -> Complaint | None:
    """Return the complaint if `viewer` may read it, and log the access; else None."""
    complaint = selectors.complaint_get_for(viewer=viewer, pk=pk)
    if complaint is not None:
        ComplaintAccess.objects.create(
            complaint=complaint, officer=viewer, action=action
        )
    return complaint


def _locked_for_officer(complaint: Complaint, officer: User) -> Complaint:
    if selectors.complaint_get_for(viewer=officer, pk=complaint.pk) is None:
        raise FeedbackError(gettext("You cannot act on this case."), code="forbidden")
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _move(complaint: Complaint, target: str) -> None:
    if target not in COMPLAINT_TRANSITIONS[complaint.status]:
        raise FeedbackError(
            gettext("A case that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": ComplaintStatus(complaint.status).label,
                "target": ComplaintStatus(target).label,
            },
            code="transition_not_allowed",
        )
    complaint.status = target


def _notify_filer(
    complaint: Complaint, what: str, *, dedupe_key: str, **context: Any
) -> None:
    notice_create(
        kind=f"complaint_{what}",
        recipient=complaint.contact_email,
        language=complaint.language,
        template=f"feedback/email/complaint_{what}",
        context={
            "complaint": complaint,
            "follow_up_url": follow_up_url(complaint.language),
            **context,
        },
        dedupe_key=dedupe_key,
    )


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, by: User) -> Complaint:
    """Acknowledge receipt (legal term: 7 days); the filer is told."""
    complaint = _locked_for_officer(complaint, by)
    _move(complaint, ComplaintStatus.ACKNOWLEDGED)
    complaint.acknowledged_on = complaint.acknowledged_on or timezone.localdate()
    complaint.save(update_fields=["status", "acknowledged_on"])
    audit_record(actor=by, action="complaint.acknowledged", target=complaint)
    _notify_filer(
        complaint,
        "acknowledged",
        dedupe_key=f"feedback:complaint:{complaint.pk}:acknowledged",
    )
    return complaint


@transaction.atomic
def complaint_request_info(*, complaint: Complaint, by: User, text: str) -> Complaint:
    """Ask the filer for more information (shown on the follow-up page, e-mailed)."""
    complaint = _locked_for_officer(complaint, by)
    _move(complaint, ComplaintStatus.WAITING)
    complaint.acknowledged_on = complaint.acknowledged_on or timezone.localdate()
    complaint.save(update_fields=["status", "acknowledged_on"])
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        author=ComplaintMessage.Author.OFFICER,
        officer=by,
        text=text.strip(),
    )
    audit_record(actor=by, action="complaint.info_requested", target=complaint)
    _notify_filer(
        complaint,
        "info_requested",
        question=message.text,
        dedupe_key=f"feedback:complaint:{complaint.pk}:info:{message.pk}",
    )
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
    if complaint.status == ComplaintStatus.CLOSED:
        raise FeedbackError(
            gettext("This case is closed; file a new one if needed."), code="closed"
        )
    message = ComplaintMessage.objects.create(
        complaint=complaint, author=ComplaintMessage.Author.FILER, text=text.strip()
    )
    for upload, content_type in files:
        upload.seek(0)
        ComplaintAttachment.objects.create(
            complaint=complaint,
            name=(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
            content=upload.read(),
        )
    if complaint.status == ComplaintStatus.WAITING:
        complaint.status = ComplaintStatus.ACKNOWLEDGED
        complaint.save(update_fields=["status"])
    audit_record(actor=None, action="complaint.info_added", target=complaint)
    for officer in _officers():
        if officer == complaint.named_clerk:
            continue
        notice_create(
            kind="complaint_info_added",
            recipient=officer.email,
            language=officer.language,
            template="feedback/email/complaint_info_added",
            context={
                "complaint": complaint,
                "url": _complaint_staff_url(complaint, officer.language),
            },
            dedupe_key=f"feedback:complaint:{complaint.pk}:added:{message.pk}:{officer.pk}",
        )
    return message


@transaction.atomic
def complaint_decide(*, complaint: Complaint, by: User, answer: str) -> Complaint:
    """Record the reasoned answer; it is e-mailed and shown on the follow-up page."""
    if not answer.strip():
        raise FeedbackError(gettext("Write the reasoned answer."), code="no_answer")
    complaint = _locked_for_officer(complaint, by)
    _move(complaint, ComplaintStatus.DECIDED)
    today = timezone.localdate()
    complaint.acknowledged_on = complaint.acknowledged_on or today
    complaint.decided_on = today
    complaint.answer = answer.strip()
    complaint.save(update_fields=["status", "acknowledged_on", "decided_on", "answer"])
    audit_record(actor=by, action="complaint.decided", target=complaint)
    _notify_filer(
        complaint,
        "decided",
        answer=complaint.answer,
        dedupe_key=f"feedback:complaint:{complaint.pk}:decided",
    )
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, by: User) -> Complaint:
    """Close an answered case."""
    complaint = _locked_for_officer(complaint, by)
    _move(complaint, ComplaintStatus.CLOSED)
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="complaint.closed", target=complaint)
    return complaint


def complaint_reminders_send(*, today: date | None = None) -> int:
    """Remind officers of terms ending within `REMINDER_DAYS_BEFORE` days.

    One notice per officer, case and term (the due date is in the dedupe key), so a
    second run sends nothing; a term moved later would be reminded again. Return how
    many notices were written.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=REMINDER_DAYS_BEFORE)
    officers = _officers()
    written = 0
    to_acknowledge = Complaint.objects.filter(
        status=ComplaintStatus.RECEIVED, acknowledge_due_on__lte=horizon
    ).select_related("kind")
    to_decide = Complaint.objects.filter(
        status__in=[
            ComplaintStatus.RECEIVED,
            ComplaintStatus.ACKNOWLEDGED,
            ComplaintStatus.WAITING,
        ],
        decide_due_on__lte=horizon,
    ).select_related("kind")
    for term, complaints in (("acknowledge", to_acknowledge), ("decide", to_decide)):
        for complaint in complaints:
            due_on = getattr(complaint, f"{term}_due_on")
            for officer in officers:
                if officer.pk == complaint.named_clerk_id:
                    continue
                with transaction.atomic():
                    notice = notice_create(
                        kind=f"complaint_reminder_{term}",
                        recipient=officer.email,
                        language=officer.language,
                        template="feedback/email/complaint_reminder",
                        context={
                            "complaint": complaint,
                            "term": term,
                            "due_on": due_on,
                            "is_overdue": due_on < today,
                            "url": _complaint_staff_url(complaint, officer.language),
                        },
                        dedupe_key=(
                            f"feedback:remind:{complaint.pk}:{term}:{due_on:%Y%m%d}"
                            f":{officer.pk}"
                        ),
                    )
                written += notice is not None
    return written


# --- Surveys ------------------------------------------------------------------------


def survey_link(token: str, language: str, score: int | None = None) -> str:
    with translation.override(language):
        path = reverse("feedback:survey-invited", kwargs={"token": token})
    query = f"?score={score}" if score is not None else ""
    return f"{settings.SITE_URL}{path}{query}"


@transaction.atomic
def survey_invite(*, citizen_request: CitizenRequest) -> SurveyInvitation | None:
    """Invite the citizen of a closed request to the survey, once, by e-mail.

    Return None when the request is not closed, has no e-mail address, or was
    invited already.
    """
    if citizen_request.status != Status.CLOSED or not citizen_request.citizen_email:
        return None
    if SurveyInvitation.objects.filter(request=citizen_request).exists():
        return None
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        request=citizen_request,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=SURVEY_LINK_DAYS),
    )
    language = citizen_request.language
    notice_create(
        kind="survey_invitation",
        request=citizen_request,
        recipient=citizen_request.citizen_email,
        language=language,
        template="feedback/email/survey_invitation",
        context={
            "citizen_request": citizen_request,
            "survey_url": survey_link(token, language),
            "score_links": [
                (score, survey_link(token, language, score)) for score in range(1, 6)
            ],
            "expires_at": invitation.expires_at,
        },
        dedupe_key=f"feedback:survey-invite:{citizen_request.pk}",
    )
    return invitation


def _claim(invitation_id: int) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation_id)
    state = selectors.survey_invitation_state(invitation)
    if state != "ok":
        raise SurveyLinkUnusable(
            gettext("This survey link cannot be used any more."), code=state
        )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return invitation


def _response_for(invitation: SurveyInvitation) -> SurveyResponse:
    citizen_request = invitation.request
    return SurveyResponse(
        source=SurveyResponse.Source.INVITATION,
        invitation=invitation,
        request=citizen_request,
        department_id=citizen_request.department_id,
        service_id=citizen_request.service_id,
        language=citizen_request.language,
    )


@transaction.atomic
def survey_score_record(
    *, invitation: SurveyInvitation, overall: int
) -> SurveyResponse:
    """Record the one-click overall score from the e-mail; the link is then used.

    Raise SurveyLinkUnusable when the link was used or has expired.
    """
    if overall not in range(1, 6):
        raise FeedbackError(gettext("Choose a score from 1 to 5."), code="bad_score")
    invitation = _claim(invitation.pk)
    response = _response_for(invitation)
    response.overall = overall
    response.save()
    return response


STANDARD_NAMES = {
    "courtesy": _("courtesy"),
    "clarity": _("clarity of information"),
    "timeliness": _("timeliness"),
    "simplicity": _("simplicity of forms and procedures"),
    "overall": _("overall"),
}

SURVEY_FIELDS = (
    "courtesy",
    "clarity",
    "timeliness",
    "simplicity",
    "overall",
    "resolved",
    "comment",
    "has_consent",
    "contact_email",
)


def _fill(response: SurveyResponse, answers: Mapping[str, Any]) -> None:
    for name in SURVEY_FIELDS:
        if name in answers:
            value = answers[name]
            if name in {"comment", "contact_email", "resolved"}:
                value = (value or "").strip()
            setattr(response, name, value)
    if not response.has_consent:
        response.contact_email = ""
    response.completed_at = timezone.now()


@transaction.atomic
def survey_submit_invited(
    *, invitation: SurveyInvitation, answers: Mapping[str, Any]
) -> SurveyResponse:
    """Save a full answer from an unused invitation link (which is then used)."""
    invitation = _claim(invitation.pk)
    response = _response_for(invitation)
    _fill(response, answers)
    response.save()
    _follow_up_if_unhappy(response)
    return response


@transaction.atomic
def survey_complete(*, response_id: int, answers: Mapping[str, Any]) -> SurveyResponse:
    """Add the rest of the answers after a one-click score (once)."""
    response = SurveyResponse.objects.select_for_update().get(pk=response_id)
    if response.completed_at is not None:
        raise SurveyLinkUnusable(
            gettext("This survey was completed already."), code="used"
        )
    overall = response.overall
    _fill(response, answers)
    if response.overall is None:
        response.overall = overall  # the score clicked in the e-mail stands
    response.save()
    _follow_up_if_unhappy(response)
    return response


@transaction.atomic
def survey_submit_anytime(
    *, answers: Mapping[str, Any], service: Service | None, language: str
) -> SurveyResponse:
    """Save an answer of the any-time survey (not tied to a request)."""
    response = SurveyResponse(
        source=SurveyResponse.Source.ANYTIME,
        service=service,
        department_id=service.department_id if service else None,
        language=language,
    )
    _fill(response, answers)
    response.save()
    _follow_up_if_unhappy(response)
    return response


def _unhappy_reason(response: SurveyResponse) -> str:
    low = [
        str(STANDARD_NAMES[name])
        for name in STANDARD_NAMES
        if (getattr(response, name) or 5) <= 2
    ]
    reasons = []
    if low:
        reasons.append(gettext("low score: %(what)s") % {"what": ", ".join(low)})
    if response.resolved == Resolved.NO:
        reasons.append(gettext("matter not resolved"))
    return "; ".join(reasons)


def _department_heads(department: Department | None) -> list[User]:
    heads = User.objects.filter(
        Q(groups__permissions__codename="handle_followup")
        | Q(user_permissions__codename="handle_followup"),
        is_active=True,
    ).exclude(email="")
    if department is not None:
        heads = heads.filter(departments=department)
    return list(heads.distinct())


def _follow_up_if_unhappy(response: SurveyResponse) -> FollowUpItem | None:
    """Create a follow-up for the department head when an unhappy citizen consents."""
    reason = _unhappy_reason(response)
    if not (reason and response.has_consent):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        stored_reason = _unhappy_reason(response)
    item, created = FollowUpItem.objects.get_or_create(
        response=response,
        defaults={"department_id": response.department_id, "reason": stored_reason},
    )
    if not created:
        return item
    department = (
        Department.objects.filter(pk=response.department_id).first()
        if response.department_id
        else None
    )
    for head in _department_heads(department):
        with translation.override(head.language):
            url = _staff_url("feedback:staff-followups")
        notice_create(
            kind="survey_follow_up",
            recipient=head.email,
            language=head.language,
            template="feedback/email/follow_up",
            context={"item": item, "response": response, "url": url},
            dedupe_key=f"feedback:follow-up:{item.pk}:{head.pk}",
        )
    return item


@transaction.atomic
def follow_up_done(*, item: FollowUpItem, by: User, note: str) -> FollowUpItem:
    """Mark a follow-up as done with what was done."""
    if selectors.followup_get_for(viewer=by, pk=item.pk) is None:
        raise FeedbackError(gettext("You cannot act on this item."), code="forbidden")
    item = FollowUpItem.objects.select_for_update().get(pk=item.pk)
    item.done_at = timezone.now()
    item.done_by = by
    item.note = note.strip()
    item.save(update_fields=["done_at", "done_by", "note"])
    audit_record(actor=by, action="followup.done", target=item)
    return item


# --- Suggestions --------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    title: str,
    text: str,
    contact_name: str = "",
    contact_email: str = "",
    language: str = "bg",
) -> Suggestion:
    """Save a suggestion (may be anonymous); it is published once answered."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    suggestion = Suggestion.objects.create(
        title=title.strip(),
        text=text.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        language=language,
    )
    audit_record(actor=None, action="suggestion.submitted", target=suggestion)
    return suggestion


@transaction.atomic
def suggestion_respond(
    *, suggestion: Suggestion, by: User, status: str, response: str
) -> Suggestion:
    """Publish the municipality's response; the contributor is told of each change."""
    if not by.has_perm("feedback.respond_suggestion"):
        raise FeedbackError(
            gettext("You cannot respond to suggestions."), code="forbidden"
        )
    if status not in SuggestionStatus.values or status == SuggestionStatus.RECEIVED:
        raise FeedbackError(gettext("Choose a status."), code="bad_status")
    if status == SuggestionStatus.DECLINED and not response.strip():
        raise FeedbackError(
            gettext("Give the reason why the suggestion is declined."),
            code="reason_required",
        )
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    now = timezone.now()
    suggestion.status = status
    suggestion.response = response.strip()
    suggestion.responded_by = by
    suggestion.responded_at = now
    suggestion.first_responded_at = suggestion.first_responded_at or now
    if status == SuggestionStatus.DONE:
        suggestion.done_at = suggestion.done_at or now
    suggestion.response_count += 1
    suggestion.save()
    audit_record(
        actor=by,
        action="suggestion.responded",
        target=suggestion,
        details={"status": status},
    )
    with translation.override(suggestion.language):
        public_url = settings.SITE_URL + reverse("feedback:suggestions")
    notice_create(
        kind="suggestion_response",
        recipient=suggestion.contact_email,
        language=suggestion.language,
        template="feedback/email/suggestion_response",
        context={"suggestion": suggestion, "url": public_url},
        dedupe_key=f"feedback:suggestion:{suggestion.pk}:{suggestion.response_count}",
    )
    return suggestion


# --- Key rotation ---------------------------------------------------------------------


def feedback_keys_rotate(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value with the first configured key.

    Loading decrypts with any configured key; saving encrypts with the first. Each
    batch commits on its own, so a long rotation can be stopped and run again.
    """
    from requests_app.fields import EncryptedBinaryField, EncryptedTextField
    from requests_app.models import Notice

    counts: dict[str, int] = {}
    for model in (
        Complaint,
        ComplaintMessage,
        ComplaintAttachment,
        SurveyResponse,
        Suggestion,
        Notice,
    ):
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedBinaryField)
        ]
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                rows = model.objects.select_for_update().filter(
                    pk__in=pks[start : start + batch_size]
                )
                for row in rows:
                    row.save(update_fields=names)
        counts[model._meta.label] = len(pks)
    return counts
