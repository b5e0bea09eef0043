from django.urls import path

from . import catalogue_views, staff_views, views

app_name = "requests_app"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", catalogue_views.catalogue, name="catalogue"),
    path(
        "services/<slug:code>/",
        catalogue_views.service_detail,
        name="service-detail",
    ),
    path(
        "services/<slug:code>/sheet.pdf",
        catalogue_views.service_sheet,
        name="service-sheet",
    ),
    # Filing and tracking (#2): tracking pages take the secret token, never a number.
    path("services/<slug:code>/apply/", views.request_create, name="request-create"),
    path("requests/<str:token>/done/", views.request_done, name="request-done"),
    path("track/", views.track_lookup, name="track-lookup"),
    path("track/sent/", views.track_lookup_sent, name="track-lookup-sent"),
    path("track/<str:token>/", views.request_track, name="request-track"),
    path("track/<str:token>/reply/", views.request_reply, name="request-reply"),
    path("my/", views.citizen_requests, name="citizen-requests"),
    path("my/sign-in/", views.citizen_login, name="citizen-login"),
    path("my/sign-in/sent/", views.citizen_login_sent, name="citizen-login-sent"),
    path(
        "my/sign-in/<str:token>/",
        views.citizen_login_confirm,
        name="citizen-login-confirm",
    ),
    path("my/sign-out/", views.citizen_logout, name="citizen-logout"),
    # The clerks' back office (#3).
    path("staff/", staff_views.staff_home, name="staff-home"),
    path("staff/queue/", staff_views.queue, name="staff-queue"),
    path("staff/intake/", staff_views.intake, name="staff-intake"),
    path("staff/requests/<int:pk>/", staff_views.case, name="staff-request"),
    path(
        "staff/requests/<int:pk>/<slug:action>/",
        staff_views.case_action,
        name="staff-request-action",
    ),
    path(
        "staff/attachments/<str:token>/",
        staff_views.attachment_download,
        name="staff-attachment",
    ),
]
