"""Citizens sign in with a one-time e-mailed link and see their requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from requests_app.forms.tracking import CitizenLoginForm
from requests_app.selectors.tracking import request_list_for_citizen
from requests_app.services import citizen_auth
from requests_app.views.tracking import LOOKUP_RATE
from servicedesk.views import ratelimited

# The signed-in citizen's e-mail lives in the session: no account, no password.
SESSION_KEY = "citizen_email"
SESSION_AGE = 4 * 60 * 60  # a signed-in citizen is signed out after 4 hours


def citizen_sign_in(request: HttpRequest, email: str) -> None:
    request.session.cycle_key()  # a new session id: no fixation
    request.session[SESSION_KEY] = email
    request.session.set_expiry(SESSION_AGE)


def citizen_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def citizen_email(request: HttpRequest) -> str | None:
    """Return the e-mail of the signed-in citizen, or None."""
    return request.session.get(SESSION_KEY)


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", block=False)
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link; the answer is the same for every address."""
    if citizen_email(request):
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
            citizen_sign_in(request, email)
            return redirect("requests_app:citizen-requests")
    elif citizen_auth.citizen_login_check(token=token) is not None:
        return render(request, "requests_app/citizen_login_confirm.html")
    return render(request, "requests_app/citizen_login_invalid.html", status=410)


@login_not_required
@never_cache  # personal data: never kept by a shared cache or the browser
@require_http_methods(["GET"])
def citizen_requests(request: HttpRequest) -> HttpResponse:
    email = citizen_email(request)
    if email is None:
        return redirect("requests_app:citizen-login")
    context = {"email": email, "requests": request_list_for_citizen(email=email)}
    return render(request, "requests_app/citizen_requests.html", context)


@login_not_required
@require_POST
def citizen_logout(request: HttpRequest) -> HttpResponse:
    citizen_sign_out(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("requests_app:home")
