from django.urls import path

from requests_app.views import (
    catalogue,
    citizen,
    export,
    filing,
    letters,
    staff,
    tracking,
)
from servicedesk import converters  # noqa: F401 -- registers <token:...>

app_name = "requests_app"

urlpatterns = [
    path("", filing.home, name="home"),
    path("services/", catalogue.catalogue, name="catalogue"),
    path(
        "services/<slug:code>/",
        catalogue.service_detail,
        name="service-detail",
    ),
    path(
        "services/<slug:code>/sheet.pdf",
        catalogue.service_sheet,
        name="service-sheet",
    ),
    # Tracking pages take the secret token, never a registry number.
    path("services/<slug:code>/apply/", filing.request_create, name="request-create"),
    path("requests/<token:token>/done/", tracking.request_done, name="request-done"),
    path("track/", tracking.track_lookup, name="track-lookup"),
    path("track/sent/", tracking.track_lookup_sent, name="track-lookup-sent"),
    path("track/<token:token>/", tracking.request_track, name="request-track"),
    path("track/<token:token>/reply/", tracking.request_reply, name="request-reply"),
    path(
        "track/<token:token>/notices/",
        tracking.request_notify_by,
        name="request-notify-by",
    ),
    path("my/", citizen.citizen_requests, name="citizen-requests"),
    path("my/sign-in/", citizen.citizen_login, name="citizen-login"),
    path("my/sign-in/sent/", citizen.citizen_login_sent, name="citizen-login-sent"),
    path(
        "my/sign-in/<token:token>/",
        citizen.citizen_login_confirm,
        name="citizen-login-confirm",
    ),
    path("my/sign-out/", citizen.citizen_logout, name="citizen-logout"),
    # The clerks' back office.
    path("staff/", staff.staff_home, name="staff-home"),
    path("staff/queue/", staff.queue, name="staff-queue"),
    path("staff/intake/", staff.intake, name="staff-intake"),
    path("staff/letters/", letters.letters, name="staff-letters"),
    path("staff/letters/batch.pdf", letters.letters_pdf, name="staff-letters-pdf"),
    path("staff/letters/posted/", letters.letters_posted, name="staff-letters-posted"),
    path(
        "staff/intake/<slug:code>/",
        staff.intake_service,
        name="staff-intake-service",
    ),
    path("staff/requests/<int:pk>/", staff.case, name="staff-request"),
    path(
        "staff/requests/<int:pk>/<slug:action>/",
        staff.case_action,
        name="staff-request-action",
    ),
    path(
        "staff/attachments/<token:token>/",
        staff.attachment_download,
        name="staff-attachment",
    ),
    # A data-subject access request: everything held about one citizen, as a ZIP.
    path(
        "staff/citizen-data/",
        export.citizen_export_page,
        name="staff-citizen-export",
    ),
]
