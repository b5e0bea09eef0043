"""Every write of the feedback app, one module per concern, re-exported here.

Notices go through the outbox of requests_app (`notice_create`), never linked to the
request a complaint is about: the clerk of that case must not see them in its history.
"""

from feedback.services.complaints import (
    complaint_acknowledge,
    complaint_add_info,
    complaint_close,
    complaint_decide,
    complaint_extend,
    complaint_open_for,
    complaint_request_info,
)
from feedback.services.filing import complaint_file, complaint_proof_take
from feedback.services.followups import follow_up_done
from feedback.services.keys import feedback_keys_rotate
from feedback.services.reminders import complaint_reminders_send
from feedback.services.suggestions import suggestion_respond, suggestion_submit
from feedback.services.surveys import (
    survey_complete,
    survey_invite,
    survey_score_record,
    survey_submit_anytime,
    survey_submit_invited,
)

__all__ = [
    "complaint_acknowledge",
    "complaint_add_info",
    "complaint_close",
    "complaint_decide",
    "complaint_extend",
    "complaint_file",
    "complaint_open_for",
    "complaint_proof_take",
    "complaint_reminders_send",
    "complaint_request_info",
    "feedback_keys_rotate",
    "follow_up_done",
    "suggestion_respond",
    "suggestion_submit",
    "survey_complete",
    "survey_invite",
    "survey_score_record",
    "survey_submit_anytime",
    "survey_submit_invited",
]
