"""Security middleware: the Permissions-Policy header, the request body's size limit.

Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and COOP; it has no
setting for Permissions-Policy, so this module adds the header.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """Return the header for {feature: allowlist}; an empty allowlist denies it."""
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})" for feature, allowlist in policy.items()
    )


class PermissionsPolicyMiddleware:
    """Deny every browser feature the site never uses (PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = permissions_policy_header(settings.PERMISSIONS_POLICY)
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 to a body larger than REQUEST_BODY_MAX_BYTES, before reading it.

    Django refuses a large body only when a view reads it (RequestDataTooBig, a 400),
    after the upload has been received. The declared Content-Length is known at once:
    the client gets a translated 413 page, and nothing of the body is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _content_length(request) > settings.REQUEST_BODY_MAX_BYTES:
            return _too_large(request)
        return self.get_response(request)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body with an unreadable length either


def _too_large(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        return render(
            request, "413.html", {"limit": settings.REQUEST_BODY_MAX_BYTES}, status=413
        )
