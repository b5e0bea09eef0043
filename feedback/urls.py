from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("complaints/new/", views.complaint_create, name="complaint-create"),
    path("complaints/filed/", views.complaint_filed, name="complaint-filed"),
    path("complaints/filed/proof.pdf", views.complaint_proof, name="complaint-proof"),
    path(
        "complaints/follow-up/", views.complaint_follow_up, name="complaint-follow-up"
    ),
    path("complaints/follow-up/case/", views.complaint_case, name="complaint-case"),
    path("survey/", views.survey_anytime, name="survey"),
    path("survey/thanks/", views.survey_thanks, name="survey-thanks"),
    path("survey/more/", views.survey_more, name="survey-more"),
    path("survey/poster.pdf", views.survey_poster, name="survey-poster"),
    path("survey/r/<str:token>/", views.survey_invited, name="survey-invited"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("staff/complaints/", views.staff_complaints, name="staff-complaints"),
    path(
        "staff/complaints/<int:pk>/",
        views.staff_complaint_detail,
        name="staff-complaint-detail",
    ),
    path(
        "staff/complaints/<int:pk>/files/<int:file_pk>/",
        views.staff_complaint_attachment,
        name="staff-complaint-attachment",
    ),
    path(
        "staff/complaints/<int:pk>/<slug:action>/",
        views.staff_complaint_action,
        name="staff-complaint-action",
    ),
    path("staff/suggestions/", views.staff_suggestions, name="staff-suggestions"),
    path(
        "staff/suggestions/<int:pk>/",
        views.staff_suggestion_respond,
        name="staff-suggestion-respond",
    ),
    path("staff/follow-ups/", views.staff_followups, name="staff-followups"),
]
