"""Project-level views: health check, accessibility statement, error answers.

The error answers: the staff sign-in lockout page (django-axes calls it) and the
handler of uncaught errors, which answers 503 while the database is unreachable.
"""

import secrets
import sys
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kombu.exceptions import OperationalError as BrokerError

from requests_app.throttles import CACHE_ERRORS

from .celery import app as celery_app

# Seconds a visitor is asked to wait while the database is unreachable.
DATABASE_OUTAGE_RETRY_AFTER = 60
HEALTH_CACHE_KEY = "healthz:probe"


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


def _cache_state() -> str:
    probe = secrets.token_hex(8)
    try:
        cache.set(HEALTH_CACHE_KEY, probe, timeout=10)
        is_up = cache.get(HEALTH_CACHE_KEY) == probe
    except CACHE_ERRORS:
        return "down"
    return "up" if is_up else "down"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database and the broker are reachable, 503 otherwise.

    The cache is reported apart and never fails the check: without it the site works
    (the throttles let everything through), so a load balancer must not take every
    instance out because Redis is down. Its state reads "degraded".
    """
    state = {
        "database": _database_state(),
        "broker": _broker_state(),
        "cache": _cache_state(),
    }
    ok = state["database"] == "up" and state["broker"] in {"up", "embedded"}
    status = "fail" if not ok else "ok" if state["cache"] == "up" else "degraded"
    return JsonResponse({"status": status, **state}, status=200 if ok else 503)


def staff_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """Tell a locked-out staff sign-in when to try again (django-axes lockout page)."""
    wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": max(1, wait // 60)}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _is_database_outage(error: BaseException | None) -> bool:
    """Tell whether the error, or one it was raised from, says the database is gone."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer an uncaught error: 503 while the database is unreachable, else 500.

    Set as handler500, so it also sees errors raised in middleware (loading the
    session or the user), which never reach a middleware's process_exception. The 503
    page is rendered without the request: no context processor, no database.
    """
    if _is_database_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_OUTAGE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
    return defaults.server_error(request)


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


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them the crest."""
    return redirect(static(settings.MUNICIPALITY_CREST), permanent=True)
