"""Open311 GeoReport v2 under /open311/v2/ (outside the language prefix)."""

from django.urls import path, re_path

from servicedesk.converters import TOKEN_PATTERN

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="service-list"),
    re_path(
        r"^services/(?P<code>[^/]+)" + FMT,
        views.service_definition,
        name="service-definition",
    ),
    re_path(r"^requests" + FMT, views.requests_endpoint, name="requests"),
    # Any characters, "/" included (registry numbers may arrive with a decoded %2F),
    # line breaks too: a path that matches nothing must still get the API's 404.
    re_path(
        r"^requests/(?P<request_id>[\s\S]+)" + FMT,
        views.request_detail,
        name="request-detail",
    ),
    # A token of another shape matches no endpoint: the API's 404, no query.
    re_path(
        rf"^tokens/(?P<token>{TOKEN_PATTERN})" + FMT,
        views.token_detail,
        name="token-detail",
    ),
    re_path(
        r"^(?P<rest>[\s\S]*?)(?:\.(?P<fmt>xml|json))?$",
        views.not_found,
        name="not-found",
    ),
]
