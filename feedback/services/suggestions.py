"""Suggestions: citizens' ideas and the municipality's published responses."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from feedback.errors import FeedbackError
from feedback.links import page_url
from feedback.models import Suggestion
from feedback.selectors.letters import SUGGESTION_KEY
from feedback.services.notify import (
    feedback_recipient,
    notify_by_choose,
    suggestion_reference,
)
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
    contact_phone: str = "",
    contact_address: str = "",
    notify_by: str = "",
    language: str = "bg",
) -> Suggestion:
    """Save a suggestion (may be anonymous); it is published once answered.

    The contributor hears of the responses the way they chose (`notify_by`), else by
    e-mail, SMS or letter from the contacts given. Raise FeedbackError when the
    chosen way has no contact.
    """
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    channel = notify_by_choose(
        notify_by=notify_by,
        email=contact_email,
        phone=contact_phone,
        address=contact_address,
    )
    suggestion = Suggestion.objects.create(
        title=title.strip(),
        text=text.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        contact_address=contact_address.strip(),
        notify_by=channel,
        language=language,
    )
    audit_record(actor=None, action="suggestion.submitted", target=suggestion)
    return suggestion


@transaction.atomic
def suggestion_respond(
    *, suggestion: Suggestion, by: User, status: str, response: str
) -> Suggestion:
    """Publish the municipality's response; the contributor is told of each change,
    the way they chose (a letter is signed by the one who responded)."""
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
    channel = suggestion.notify_by
    notice_create(
        kind="suggestion_response",
        channel=channel,
        recipient=feedback_recipient(suggestion, channel),
        language=suggestion.language,
        template="feedback/email/suggestion_response",
        context={
            "suggestion": suggestion,
            "url": page_url("feedback:suggestions", suggestion.language),
            "channel": channel,
        },
        dedupe_key=f"{SUGGESTION_KEY}{suggestion.pk}:{suggestion.response_count}",
        reference=suggestion_reference(suggestion),
        signed_by=by,
    )
    return suggestion
