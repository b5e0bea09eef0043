"""Suggestions: citizens' ideas and the municipality's published responses."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from feedback.errors import FeedbackError
from feedback.links import page_url
from feedback.models import Suggestion
from feedback.workflow import (
    SUGGESTION_REASON_REQUIRED,
    SUGGESTION_RESPONSE_STATUSES,
    SuggestionStatus,
)
from requests_app.models import User
from requests_app.services import audit_record, notice_create


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
    if status not in SUGGESTION_RESPONSE_STATUSES:
        raise FeedbackError(gettext("Choose a status."), code="bad_status")
    if status in SUGGESTION_REASON_REQUIRED and not response.strip():
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
    notice_create(
        kind="suggestion_response",
        recipient=suggestion.contact_email,
        language=suggestion.language,
        template="feedback/email/suggestion_response",
        context={
            "suggestion": suggestion,
            "url": page_url("feedback:suggestions", suggestion.language),
        },
        dedupe_key=f"feedback:suggestion:{suggestion.pk}:{suggestion.response_count}",
    )
    return suggestion
