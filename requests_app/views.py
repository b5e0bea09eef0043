"""Public pages of requests_app: home, filing a request, following it, citizen sign-in.

The catalogue's pages are in `catalogue_views`; the clerks' in their own module.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from servicedesk.views import ratelimited

from . import citizen_auth
from .errors import ServiceError
from .forms import CitizenLoginForm, CitizenReplyForm, RequestForm, TrackLookupForm
from .models import CitizenRequest, Service
from .selectors import (
    request_due_explained,
    request_get_by_token,
    request_list_for_citizen,
    service_get_public,
)
from .services.casework import request_citizen_reply
from .services.submission import request_submit, tracking_link_resend
from .workflow import is_open

# Guessing registry numbers and e-mail addresses, or flooding someone's mailbox.
LOOKUP_RATE = "5/10m"
REPLY_RATE = "20/h"


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/home.html")


def _service_or_404(code: str) -> Service:
    service = service_get_public(code=code)
    if service is None:  # unknown or withdrawn from the catalogue
        raise Http404
    return service


def _request_or_404(token: str) -> CitizenRequest:
    citizen_request = request_get_by_token(token=token)
    if citizen_request is None:  # unknown or tampered link
        raise Http404
    return citizen_request


@login_not_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, code: str) -> HttpResponse:
    service = _service_or_404(code)
    if not service.is_online:
        return render(
            request, "requests_app/request_offline.html", {"service": service}
        )
    if request.method != "POST":
        form = RequestForm(service=service)
    else:
        form = RequestForm(request.POST, request.FILES, service=service)
        if form.is_valid():
            data = form.cleaned_data
            try:
                citizen_request = request_submit(
                    service=service,
                    variant=data.get("variant"),
                    citizen_name=data["citizen_name"],
                    citizen_email=data["citizen_email"],
                    citizen_phone=data["citizen_phone"],
                    citizen_address=data["citizen_address"],
                    language=data["language"],
                    details=data["details"],
                    answers=form.answers(),
                    files=data["attachments"],
                    submission_key=data["submission_key"] or None,
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                return redirect(
                    "requests_app:request-done", token=citizen_request.tracking_token
                )
    context = {"service": service, "form": form}
    return render(request, "requests_app/request_form.html", context)


def _tracking_context(request: HttpRequest, citizen_request: CitizenRequest) -> dict:
    path = reverse(
        "requests_app:request-track", kwargs={"token": citizen_request.tracking_token}
    )
    return {
        "citizen_request": citizen_request,
        "due": request_due_explained(citizen_request=citizen_request),
        "tracking_link": request.build_absolute_uri(path),
    }


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET"])
def request_done(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a filing: reachable only with the secret token, never by number."""
    citizen_request = _request_or_404(token)
    context = _tracking_context(request, citizen_request)
    return render(request, "requests_app/request_done.html", context)


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET"])
def request_track(request: HttpRequest, token: str) -> HttpResponse:
    citizen_request = _request_or_404(token)
    context = _tracking_context(request, citizen_request)
    if is_open(citizen_request.status):
        context["reply_form"] = _reply_form(token)
    return render(request, "requests_app/track_detail.html", context)


def _reply_form(token: str, *args: Any) -> CitizenReplyForm:
    form = CitizenReplyForm(*args)
    form.helper.form_action = reverse(
        "requests_app:request-reply", kwargs={"token": token}
    )
    return form


@login_not_required
@never_cache
@require_POST
@ratelimit(key="ip", rate=REPLY_RATE, method="POST", block=False)
def request_reply(request: HttpRequest, token: str) -> HttpResponse:
    """Take the citizen's answer (text, documents); a paused term runs again."""
    citizen_request = _request_or_404(token)
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = _reply_form(token, request.POST, request.FILES)
    if is_open(citizen_request.status) and form.is_valid():
        try:
            request_citizen_reply(
                citizen_request=citizen_request,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("Thank you: your answer has been added."))
            return redirect("requests_app:request-track", token=token)
    context = _tracking_context(request, citizen_request)
    context["reply_form"] = form if is_open(citizen_request.status) else None
    return render(request, "requests_app/track_detail.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", block=False)
def track_lookup(request: HttpRequest) -> HttpResponse:
    """Send the tracking link again; the answer never tells whether the pair exists."""
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = TrackLookupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        tracking_link_resend(
            registry_number=form.cleaned_data["registry_number"],
            email=form.cleaned_data["email"],
        )
        return redirect("requests_app:track-lookup-sent")
    return render(request, "requests_app/track_lookup.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def track_lookup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/track_lookup_sent.html")


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", block=False)
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link; the answer is the same for every address."""
    if citizen_auth.citizen_email(request):
        return redirect("requests_app:citizen-requests")
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = CitizenLoginForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        citizen_auth.citizen_login_start(
            email=form.cleaned_data["email"], language=get_language() or "bg"
        )
        return redirect("requests_app:citizen-login-sent")
    return render(request, "requests_app/citizen_login.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def citizen_login_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/citizen_login_sent.html")


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET", "POST"])
def citizen_login_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Sign in with a one-time link.

    Opening the link shows a button; only pressing it uses the link. Mail scanners that
    open every link in a message would otherwise use it up before the citizen does.
    """
    if request.method == "POST":
        email = citizen_auth.citizen_login_finish(token=token)
        if email is not None:
            citizen_auth.citizen_sign_in(request, email)
            return redirect("requests_app:citizen-requests")
    elif citizen_auth.citizen_login_check(token=token) is not None:
        return render(request, "requests_app/citizen_login_confirm.html")
    return render(request, "requests_app/citizen_login_invalid.html", status=410)


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET"])
def citizen_requests(request: HttpRequest) -> HttpResponse:
    email = citizen_auth.citizen_email(request)
    if email is None:
        return redirect("requests_app:citizen-login")
    context = {"email": email, "requests": request_list_for_citizen(email=email)}
    return render(request, "requests_app/citizen_requests.html", context)


@login_not_required
@require_POST
def citizen_logout(request: HttpRequest) -> HttpResponse:
    citizen_auth.citizen_sign_out(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("requests_app:home")
