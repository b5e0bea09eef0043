"""The models of the feedback app, one module per concern; imported from here."""

from feedback.models.complaints import (
    Complaint,
    ComplaintAccess,
    ComplaintAttachment,
    ComplaintExtension,
    ComplaintKind,
    ComplaintMessage,
)
from feedback.models.suggestions import Suggestion
from feedback.models.surveys import (
    FollowUpItem,
    Resolved,
    SurveyInvitation,
    SurveyResponse,
)

__all__ = [
    "Complaint",
    "ComplaintAccess",
    "ComplaintAttachment",
    "ComplaintExtension",
    "ComplaintKind",
    "ComplaintMessage",
    "FollowUpItem",
    "Resolved",
    "Suggestion",
    "SurveyInvitation",
    "SurveyResponse",
]
