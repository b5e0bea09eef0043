"""Project-level views: health check, accessibility statement, the rate-limit answer."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kombu.exceptions import OperationalError as BrokerError

from .celery import app as celery_app


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "up"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "embedded"  # tasks run in-process: nothing to be down
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            # One quick retry for a blip; a refused or silent broker fails within ~2 s.
            conn.ensure_connection(max_retries=1, interval_start=0.2, timeout=2)
    except (BrokerError, OSError):
        return "down"
    return "up"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database and the broker are reachable, 503 otherwise."""
    state = {"database": _database_state(), "broker": _broker_state()}
    ok = state["database"] == "up" and state["broker"] in {"up", "embedded"}
    body = {"status": "ok" if ok else "fail", **state}
    return JsonResponse(body, status=200 if ok else 503)


@login_not_required
def ratelimited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Answer politely when a visitor sends too many requests."""
    return render(request, "429.html", status=429)


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """Show the accessibility statement that EU public-sector sites must publish."""
    context = {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "enforcement_url": settings.ACCESSIBILITY_ENFORCEMENT_URL,
        "reviewed_on": date.fromisoformat(settings.ACCESSIBILITY_REVIEWED_ON),
    }
    return render(request, "accessibility.html", context)
