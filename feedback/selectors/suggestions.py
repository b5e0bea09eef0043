"""Reads of suggestions: the public "you said, we did" list and the managers' list."""

from django.db.models import F, QuerySet

from feedback.models import Suggestion
from feedback.selectors.roles import Viewer, can_respond_suggestions
from feedback.workflow import SUGGESTION_UNANSWERED


def suggestion_public_list() -> QuerySet[Suggestion]:
    """Return answered suggestions ("you said, we did"), newest first."""
    return Suggestion.objects.exclude(status__in=SUGGESTION_UNANSWERED).order_by(
        "-responded_at", "-pk"
    )


def suggestion_list_for(*, viewer: Viewer) -> QuerySet[Suggestion]:
    """Return every suggestion for a manager, unanswered first."""
    if not can_respond_suggestions(viewer):
        return Suggestion.objects.none()
    return Suggestion.objects.order_by(
        F("first_responded_at").asc(nulls_first=True), "-submitted_at"
    )


def suggestion_get_for(*, viewer: Viewer, pk: int) -> Suggestion | None:
    return suggestion_list_for(viewer=viewer).filter(pk=pk).first()
