from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from requests_app.views import sms as sms_views
from requests_app.views import two_factor as two_factor_views

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("open311/v2/", include("open311.urls")),
    # The SMS gateway's delivery reports (a machine: no language prefix).
    path("sms/delivery/", sms_views.sms_delivery, name="sms-delivery"),
]

urlpatterns += i18n_patterns(
    # Password, then (STAFF_TWO_FACTOR) the code from an authenticator app.
    path("staff/login/", two_factor_views.StaffLoginView.as_view(), name="login"),
    path(
        "staff/login/code/",
        two_factor_views.two_factor_verify,
        name="two-factor-verify",
    ),
    path(
        "staff/login/setup/",
        two_factor_views.two_factor_setup,
        name="two-factor-setup",
    ),
    path(
        "staff/login/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("", include("requests_app.urls")),
    path("", include("feedback.urls")),
    path("", include("standards.urls")),
    prefix_default_language=True,
)

# Uncaught errors: 503 with Retry-After while the database is unreachable, else 500.
handler500 = "servicedesk.views.server_error"
