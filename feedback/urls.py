from django.urls import path

from feedback.views import complaint_cases, complaints, suggestions, surveys
from servicedesk import converters  # noqa: F401 -- registers <token:...>

app_name = "feedback"

urlpatterns = [
    path("complaints/new/", complaints.complaint_create, name="complaint-create"),
    path("complaints/filed/", complaints.complaint_filed, name="complaint-filed"),
    path(
        "complaints/filed/proof.pdf", complaints.complaint_proof, name="complaint-proof"
    ),
    path(
        "complaints/follow-up/",
        complaints.complaint_follow_up,
        name="complaint-follow-up",
    ),
    path(
        "complaints/follow-up/case/", complaints.complaint_case, name="complaint-case"
    ),
    path(
        "complaints/follow-up/case/notify-by/",
        complaints.complaint_notify_by,
        name="complaint-notify-by",
    ),
    path("survey/", surveys.survey_anytime, name="survey"),
    path("survey/thanks/", surveys.survey_thanks, name="survey-thanks"),
    path("survey/more/", surveys.survey_more, name="survey-more"),
    path("survey/poster.pdf", surveys.survey_poster, name="survey-poster"),
    path("survey/r/<token:token>/", surveys.survey_invited, name="survey-invited"),
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    path(
        "staff/complaints/", complaint_cases.staff_complaints, name="staff-complaints"
    ),
    path(
        "staff/complaints/<int:pk>/",
        complaint_cases.staff_complaint_detail,
        name="staff-complaint-detail",
    ),
    path(
        "staff/complaints/<int:pk>/files/<int:file_pk>/",
        complaint_cases.staff_complaint_attachment,
        name="staff-complaint-attachment",
    ),
    path(
        "staff/complaints/<int:pk>/<slug:action>/",
        complaint_cases.staff_complaint_action,
        name="staff-complaint-action",
    ),
    path("staff/suggestions/", suggestions.staff_suggestions, name="staff-suggestions"),
    path(
        "staff/suggestions/<int:pk>/",
        suggestions.staff_suggestion_respond,
        name="staff-suggestion-respond",
    ),
    path("staff/follow-ups/", surveys.staff_followups, name="staff-followups"),
]
