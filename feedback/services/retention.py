"""Retention of feedback: past its period, a closed case keeps only its figures.

The steps of `manage.py apply_retention` for complaints and signals, survey answers
and suggestions (`requests_app.services.retention` runs them, named in this app's
`AppConfig.retention_steps`). The periods and their legal basis are the settings
`RETENTION_COMPLAINT_YEARS`, `RETENTION_SURVEY_YEARS` and `RETENTION_SUGGESTION_YEARS`
(0 keeps that kind for ever). Each record is anonymised in a transaction of its own,
audited, and marked with `anonymised_at`: a second run changes nothing. Open cases
(a complaint not closed, an unhappy answer not followed up, a suggestion still under
review) are never touched.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from feedback.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintExtension,
    ComplaintMessage,
    FollowUpItem,
    Suggestion,
    SurveyResponse,
)
from feedback.workflow import COMPLAINT_TERMINAL, SuggestionStatus
from requests_app.models import Notice
from requests_app.services import audit_record
from requests_app.services.retention import (
    RetentionResult,
    archive_cutoff,
    notices_erase,
    retention_run,
    start_of,
    years_before,
)

COMPLAINTS = "complaints"
SURVEYS = "survey answers"
SUGGESTIONS = "suggestions"
# A suggestion is settled once done or declined (a later response may still change it,
# but its contributor is no longer told after the period).
SUGGESTION_SETTLED = frozenset({SuggestionStatus.DONE, SuggestionStatus.DECLINED})


def complaint_anonymise(*, complaint: Complaint) -> Complaint | None:
    """Remove texts, contact details, files and notices of a closed complaint.

    The kind, status, department, dates and terms stay for the figures. Return the
    complaint, or None when it is open or was anonymised already.
    """
    with transaction.atomic():
        locked = (
            Complaint.objects.select_for_update()
            .filter(pk=complaint.pk, anonymised_at__isnull=True)
            .first()
        )
        if locked is None or locked.status not in COMPLAINT_TERMINAL:
            return None
        texts = [
            "body",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_address",
            "answer",
        ]
        for name in texts:
            setattr(locked, name, "")
        locked.proof_pdf = None
        locked.anonymised_at = timezone.now()
        locked.save(update_fields=[*texts, "proof_pdf", "anonymised_at"])
        ComplaintMessage.objects.filter(complaint=locked).update(text="")
        ComplaintExtension.objects.filter(complaint=locked).update(reason="")
        files = ComplaintAttachment.objects.filter(complaint=locked).delete()[0]
        notices = notices_erase(
            notices=Notice.objects.filter(
                Q(dedupe_key__startswith=f"feedback:complaint:{locked.pk}:")
                | Q(dedupe_key__startswith=f"feedback:remind:{locked.pk}:")
            )
        )
        audit_record(
            actor=None,
            action="complaint.anonymised",
            target=locked,
            details={"files": files, "notices": notices},
        )
    return locked


def complaints_retention_apply(
    *, today: date, dry_run: bool = False
) -> RetentionResult:
    """Anonymise the complaints, signals and proposals closed before their period."""
    years = settings.RETENTION_COMPLAINT_YEARS
    return retention_run(
        kind=COMPLAINTS,
        years=years,
        due=lambda: Complaint.objects.filter(
            anonymised_at__isnull=True,
            status__in=COMPLAINT_TERMINAL,
            closed_at__lt=archive_cutoff(today=today, years=years),
        ),
        anonymise=lambda row: complaint_anonymise(complaint=row),
        dry_run=dry_run,
    )


def survey_response_anonymise(*, response: SurveyResponse) -> SurveyResponse | None:
    """Remove the comment, the e-mail and the consent of an answer; keep its scores.

    The note of its follow-up goes too. Return the answer, or None when its follow-up
    is still open or it was anonymised already.
    """
    with transaction.atomic():
        locked = (
            SurveyResponse.objects.select_for_update()
            .filter(pk=response.pk, anonymised_at__isnull=True)
            .first()
        )
        if locked is None:
            return None
        follow_up = FollowUpItem.objects.filter(response=locked).first()
        if follow_up is not None and follow_up.done_at is None:
            return None
        locked.comment = ""
        locked.contact_email = ""
        locked.has_consent = False
        locked.anonymised_at = timezone.now()
        locked.save(
            update_fields=["comment", "contact_email", "has_consent", "anonymised_at"]
        )
        notices = 0
        if follow_up is not None:
            follow_up.note = ""
            follow_up.save(update_fields=["note"])
            notices = notices_erase(
                notices=Notice.objects.filter(
                    dedupe_key__startswith=f"feedback:follow-up:{follow_up.pk}:"
                )
            )
        audit_record(
            actor=None,
            action="survey.anonymised",
            target=locked,
            details={"notices": notices},
        )
    return locked


def surveys_retention_apply(*, today: date, dry_run: bool = False) -> RetentionResult:
    """Anonymise the survey answers given before their period with personal data."""
    years = settings.RETENTION_SURVEY_YEARS
    return retention_run(
        kind=SURVEYS,
        years=years,
        due=lambda: (
            SurveyResponse.objects.filter(
                anonymised_at__isnull=True,
                submitted_at__lt=start_of(years_before(today, years)),
            )
            .filter(Q(follow_up__isnull=True) | Q(follow_up__done_at__isnull=False))
            .filter(
                ~Q(comment="")
                | ~Q(contact_email="")
                | Q(has_consent=True)
                | Q(follow_up__note__gt="")
            )
        ),
        anonymise=lambda row: survey_response_anonymise(response=row),
        dry_run=dry_run,
    )


def suggestion_anonymise(*, suggestion: Suggestion) -> Suggestion | None:
    """Remove the contributor's name and contact details from a settled suggestion.

    Its title, text and the municipality's response stay: they are published ("you
    said, we did"). Return the suggestion, or None when it is not settled or was
    anonymised already.
    """
    with transaction.atomic():
        locked = (
            Suggestion.objects.select_for_update()
            .filter(pk=suggestion.pk, anonymised_at__isnull=True)
            .first()
        )
        if locked is None or locked.status not in SUGGESTION_SETTLED:
            return None
        contacts = ["contact_name", "contact_email", "contact_phone", "contact_address"]
        for name in contacts:
            setattr(locked, name, "")
        locked.anonymised_at = timezone.now()
        locked.save(update_fields=[*contacts, "anonymised_at"])
        notices = notices_erase(
            notices=Notice.objects.filter(
                dedupe_key__startswith=f"feedback:suggestion:{locked.pk}:"
            )
        )
        audit_record(
            actor=None,
            action="suggestion.anonymised",
            target=locked,
            details={"notices": notices},
        )
    return locked


def suggestions_retention_apply(
    *, today: date, dry_run: bool = False
) -> RetentionResult:
    """Anonymise the settled suggestions last answered before their period."""
    years = settings.RETENTION_SUGGESTION_YEARS
    return retention_run(
        kind=SUGGESTIONS,
        years=years,
        due=lambda: Suggestion.objects.filter(
            anonymised_at__isnull=True,
            status__in=SUGGESTION_SETTLED,
            responded_at__lt=start_of(years_before(today, years)),
        ).filter(
            ~Q(contact_name="")
            | ~Q(contact_email="")
            | ~Q(contact_phone="")
            | ~Q(contact_address="")
        ),
        anonymise=lambda row: suggestion_anonymise(suggestion=row),
        dry_run=dry_run,
    )
