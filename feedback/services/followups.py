"""Follow-ups of unhappy survey answers: the department head calls the citizen back."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from feedback.dimensions import DIMENSIONS
from feedback.errors import FeedbackError
from feedback.models import FollowUpItem, Resolved, SurveyResponse
from feedback.selectors.surveys import department_heads_for, followup_get_for
from requests_app.links import page_url
from requests_app.models import User
from requests_app.services import audit_record, notice_create

LOW_SCORE = 2  # a score of this or less is unhappy


def _unhappy_reason(response: SurveyResponse) -> str:
    low = [
        str(dimension.name)
        for dimension in DIMENSIONS
        if (getattr(response, dimension.code) or 5) <= LOW_SCORE
    ]
    reasons = []
    if low:
        reasons.append(gettext("low score: %(what)s") % {"what": ", ".join(low)})
    if response.resolved == Resolved.NO:
        reasons.append(gettext("matter not resolved"))
    return "; ".join(reasons)


def follow_up_if_unhappy(*, response: SurveyResponse) -> FollowUpItem | None:
    """Create a follow-up for the department heads when an unhappy citizen consents.

    Called inside the caller's transaction; the heads are told by e-mail.
    """
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
    for head in department_heads_for(department_id=response.department_id):
        notice_create(
            kind="survey_follow_up",
            recipient=head.email,
            language=head.language,
            template="feedback/email/follow_up",
            context={
                "item": item,
                "response": response,
                "url": page_url("feedback:staff-followups", head.language),
            },
            dedupe_key=f"feedback:follow-up:{item.pk}:{head.pk}",
        )
    return item


@transaction.atomic
def follow_up_done(*, item: FollowUpItem, by: User, note: str) -> FollowUpItem:
    """Mark a follow-up as done with what was done."""
    if followup_get_for(viewer=by, pk=item.pk) is None:
        raise FeedbackError(gettext("You cannot act on this item."), code="forbidden")
    item = FollowUpItem.objects.select_for_update().get(pk=item.pk)
    item.done_at = timezone.now()
    item.done_by = by
    item.note = note.strip()
    item.save(update_fields=["done_at", "done_by", "note"])
    audit_record(actor=by, action="followup.done", target=item)
    return item
