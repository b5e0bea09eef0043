"""Reads of satisfaction surveys and of the follow-ups of unhappy answers."""

from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from feedback.models import FollowUpItem, SurveyInvitation, SurveyResponse
from feedback.selectors.roles import Viewer, can_follow_up, users_holding
from requests_app.models import Service, User
from requests_app.tokens import token_hash

HANDLE_FOLLOWUP = "feedback.handle_followup"


class SurveyLinkState(StrEnum):
    """Whether an e-mailed survey link can still be answered."""

    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # no invitation has this token


def survey_invitation_by_token(*, token: str) -> SurveyInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        SurveyInvitation.objects.select_related("request", "request__service")
        .filter(token_hash=token_hash(token))
        .first()
    )


def survey_invitation_state(invitation: SurveyInvitation) -> SurveyLinkState:
    """Return OK, USED or EXPIRED."""
    if invitation.used_at is not None:
        return SurveyLinkState.USED
    if invitation.expires_at <= timezone.now():
        return SurveyLinkState.EXPIRED
    return SurveyLinkState.OK


def survey_response_open(*, pk: int | None) -> SurveyResponse | None:
    """Return a response started by a one-click score and not completed yet."""
    if not pk:
        return None
    return (
        SurveyResponse.objects.select_related("request")
        .filter(pk=pk, completed_at__isnull=True)
        .first()
    )


def survey_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).select_related("department")


# --- Follow-ups of unhappy answers -------------------------------------------------


def followup_list_for(
    *, viewer: Viewer, is_open: bool = True
) -> QuerySet[FollowUpItem]:
    """Return the follow-ups a department head handles: own departments, and those
    tied to no department."""
    if not can_follow_up(viewer):
        return FollowUpItem.objects.none()
    assert isinstance(viewer, User)
    items = FollowUpItem.objects.filter(
        Q(department__in=viewer.departments.all()) | Q(department__isnull=True)
    ).select_related("department", "response", "response__request", "response__service")
    return items.filter(done_at__isnull=is_open)


def followup_get_for(*, viewer: Viewer, pk: int) -> FollowUpItem | None:
    return (
        followup_list_for(viewer=viewer, is_open=True).filter(pk=pk).first()
        or followup_list_for(viewer=viewer, is_open=False).filter(pk=pk).first()
    )


def department_heads_for(*, department_id: int | None) -> list[User]:
    """Return who follows up answers about a department (every head for none)."""
    heads = users_holding(HANDLE_FOLLOWUP)
    if department_id is not None:
        heads = heads.filter(departments=department_id)
    return list(heads)
