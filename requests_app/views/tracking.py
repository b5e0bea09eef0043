"""Citizens follow a request: confirmation, tracking, reply, lookup by number."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from requests_app.errors import ServiceError
from requests_app.forms.tracking import (
    CitizenReplyForm,
    NotifyByForm,
    TrackLookupForm,
)
from requests_app.links import absolute_url
from requests_app.models import CitizenRequest
from requests_app.models.requests import NotifyBy
from requests_app.selectors.tracking import (
    request_due_explained,
    request_due_moves,
    request_get_by_token,
)
from requests_app.services.casework.suspension import request_citizen_reply
from requests_app.services.outbox import NOTIFY_BY_PHRASES, notify_by_change
from requests_app.services.submission import tracking_link_resend
from requests_app.throttles import (
    CITIZEN_REPLY,
    LINK_PER_EMAIL,
    TRACKING_LOOKUP,
    throttle_accept,
    throttle_take,
    throttled,
)
from requests_app.workflow import Status, is_open


def _request_or_404(token: str) -> CitizenRequest:
    citizen_request = request_get_by_token(token=token)
    if citizen_request is None:  # unknown or tampered link
        raise Http404
    return citizen_request


# Bootstrap badge colours of the statuses; the label always carries the meaning.
STATUS_BADGES = {
    Status.CLOSED: "success",
    Status.REJECTED: "secondary",
    Status.WAITING_FOR_CITIZEN: "warning",
}


def _tracking_context(request: HttpRequest, citizen_request: CitizenRequest) -> dict:
    path = reverse(
        "requests_app:request-track", kwargs={"token": citizen_request.tracking_token}
    )
    status = Status(citizen_request.status)
    return {
        "citizen_request": citizen_request,
        "due": request_due_explained(citizen_request=citizen_request),
        "due_moves": request_due_moves(citizen_request=citizen_request),
        "tracking_link": absolute_url(path),
        "status_css": STATUS_BADGES.get(status, "primary"),
        "is_waiting": status == Status.WAITING_FOR_CITIZEN,
        "notify_by_form": _notify_by_form(citizen_request),
    }


def _notify_by_form(citizen_request: CitizenRequest, *args: Any) -> NotifyByForm:
    form = NotifyByForm(*args, citizen_request=citizen_request)
    form.helper.form_action = reverse(
        "requests_app:request-notify-by",
        kwargs={"token": citizen_request.tracking_token},
    )
    return form


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
@throttled(CITIZEN_REPLY)
def request_reply(request: HttpRequest, token: str) -> HttpResponse:
    """Take the citizen's answer (text, documents); a paused term runs again."""
    citizen_request = _request_or_404(token)
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
            throttle_accept(request)
            messages.success(request, gettext("Thank you: your answer has been added."))
            return redirect("requests_app:request-track", token=token)
    context = _tracking_context(request, citizen_request)
    context["reply_form"] = form if is_open(citizen_request.status) else None
    return render(request, "requests_app/track_detail.html", context)


@login_not_required
@never_cache
@require_POST
def request_notify_by(request: HttpRequest, token: str) -> HttpResponse:
    """Change how the citizen is told: e-mail, SMS or a letter."""
    citizen_request = _request_or_404(token)
    form = _notify_by_form(citizen_request, request.POST)
    if form.is_valid():
        try:
            notify_by_change(
                citizen_request=citizen_request,
                notify_by=form.cleaned_data["notify_by"],
            )
        except ServiceError as error:
            form.add_error("notify_by", error.message)
        else:
            messages.success(
                request,
                gettext("Saved: from now on we will tell you %(by)s.")
                % {"by": NOTIFY_BY_PHRASES[NotifyBy(citizen_request.notify_by)]},
            )
            return redirect("requests_app:request-track", token=token)
    context = _tracking_context(request, citizen_request)
    context["notify_by_form"] = form
    if is_open(citizen_request.status):
        context["reply_form"] = _reply_form(token)
    return render(request, "requests_app/track_detail.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
@throttled(TRACKING_LOOKUP)
def track_lookup(request: HttpRequest) -> HttpResponse:
    """Send the tracking link again; the answer never tells whether the pair exists."""
    form = TrackLookupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # Counted whether or not the pair exists: the count tells nothing either.
        throttle_take(request, LINK_PER_EMAIL, form.cleaned_data["email"])
        throttle_accept(request)
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
