"""Citizens sign in with a one-time e-mailed link and see their requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from requests_app.forms.tracking import CitizenLoginForm
from requests_app.selectors.tracking import request_list_for_citizen
from requests_app.services import citizen_auth
from requests_app.throttles import (
    CITIZEN_SIGN_IN,
    LINK_PER_EMAIL,
    throttle_accept,
    throttle_take,
    throttled,
)

# The signed-in citizen's e-mail key lives in the session: no account, no password.
# (Sessions from before the key, under "citizen_email", sign nobody in.)
SESSION_KEY = "citizen_email_key"
SESSION_AGE = 4 * 60 * 60  # a signed-in citizen is signed out after 4 hours


def citizen_sign_in(request: HttpRequest, email_key: str) -> None:
    request.session.cycle_key()  # a new session id: no fixation
    request.session[SESSION_KEY] = email_key
    request.session.set_expiry(SESSION_AGE)


def citizen_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def citizen_email_key(request: HttpRequest) -> str | None:
    """Return the e-mail key of the signed-in citizen, or None."""
    return request.session.get(SESSION_KEY) or None


@login_not_required
@require_http_methods(["GET", "POST"])
@throttled(CITIZEN_SIGN_IN)
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link; the answer is the same for every address."""
    if citizen_email_key(request):
        return redirect("requests_app:citizen-requests")
    form = CitizenLoginForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        throttle_take(request, LINK_PER_EMAIL, form.cleaned_data["email"])
        throttle_accept(request)
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
        key = citizen_auth.citizen_login_finish(token=token)
        if key is not None:
            citizen_sign_in(request, key)
            return redirect("requests_app:citizen-requests")
    elif citizen_auth.citizen_login_check(token=token) is not None:
        return render(request, "requests_app/citizen_login_confirm.html")
    return render(request, "requests_app/citizen_login_invalid.html", status=410)


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET"])
def citizen_requests(request: HttpRequest) -> HttpResponse:
    key = citizen_email_key(request)
    if key is None:
        return redirect("requests_app:citizen-login")
    requests = list(request_list_for_citizen(email_key=key))
    # The address as the citizen gave it (the key spells a domain in punycode).
    email = requests[0].citizen_email if requests else key
    context = {"email": email, "requests": requests}
    return render(request, "requests_app/citizen_requests.html", context)


@login_not_required
@require_POST
def citizen_logout(request: HttpRequest) -> HttpResponse:
    citizen_sign_out(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("requests_app:home")
