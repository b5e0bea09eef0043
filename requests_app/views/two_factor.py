"""Staff sign-in: the password, then the code or, the first time, enrolment."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from django_otp import login as otp_login

from requests_app.forms.two_factor import (
    EnrolmentCodeForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
)
from requests_app.two_factor import (
    device_qr_svg,
    device_secret,
    enrolment_confirm,
    enrolment_device_for,
    enrolment_start,
    totp_device_for,
    two_factor_exempt,
    two_factor_required,
    two_factor_url,
)

RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"
# The app this session is setting up, once an enrolment code was accepted.
ENROLMENT_DEVICE_SESSION_KEY = "two_factor_enrolment_device"


def _next_url(request: HttpRequest) -> str:
    """Return the page to go on to: a local `next`, else the staff home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _is_setup_url(url: str) -> bool:
    """Return whether `url` is the set-up page, in any language (an enrolment link)."""
    path = urlsplit(url).path
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            if path == reverse("two-factor-setup"):
                return True
    return False


class StaffLoginView(LoginView):
    """The password step; with two-factor sign-in on, it leads to the code step."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["two_factor"] = settings.STAFF_TWO_FACTOR
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if two_factor_required(self.request):
            return two_factor_url("two-factor-verify", url)
        return url


@two_factor_exempt
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in staff member for the code from their app or a recovery code."""
    next_url = _next_url(request)
    if not two_factor_required(request):
        return HttpResponseRedirect(next_url)
    if totp_device_for(user=request.user) is None:
        if _is_setup_url(next_url):  # an enrolment link opened before signing in
            return HttpResponseRedirect(next_url)
        return redirect(two_factor_url("two-factor-setup", next_url))
    form = TwoFactorCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "requests_app/two_factor_verify.html",
        {"form": form, "next": next_url},
    )


@two_factor_exempt
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: the enrolment code, QR code and key, first code."""
    next_url = _next_url(request)
    if not two_factor_required(request):
        return HttpResponseRedirect(next_url)
    if totp_device_for(user=request.user) is not None:
        # Only staff without an app enrol here; a lost app is reset by an administrator.
        return redirect(two_factor_url("two-factor-verify", next_url))
    device = enrolment_device_for(
        user=request.user, pk=request.session.get(ENROLMENT_DEVICE_SESSION_KEY)
    )
    if device is None:
        return _enrolment_code_step(request, next_url)
    form = TwoFactorSetupForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        try:
            codes = enrolment_confirm(user=request.user, device=device)
        except ValidationError:  # reset or replaced meanwhile: start again
            return redirect(two_factor_url("two-factor-setup", next_url))
        otp_login(request, device)
        request.session.pop(ENROLMENT_DEVICE_SESSION_KEY, None)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect(two_factor_url("two-factor-recovery-codes", next_url))
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": device_qr_svg(
            device, label=_("QR code for adding this account to an authenticator app")
        ),
        "secret": device_secret(device),
    }
    return render(request, "requests_app/two_factor_setup.html", context)


def _enrolment_code_step(request: HttpRequest, next_url: str) -> HttpResponse:
    """Ask for the enrolment code; a link fills it in (opening it uses nothing)."""
    initial = {"enrolment_code": request.GET.get("code", "")[:64]}
    form = EnrolmentCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            device = enrolment_start(
                user=request.user, code=form.cleaned_data["enrolment_code"]
            )
        except ValidationError as error:
            form.add_error("enrolment_code", error)
        else:
            request.session[ENROLMENT_DEVICE_SESSION_KEY] = device.pk
            return redirect(two_factor_url("two-factor-setup", next_url))
    return render(
        request,
        "requests_app/two_factor_enrolment_code.html",
        {"form": form, "next": next_url},
    )


@never_cache
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show the new recovery codes once, right after enrolment."""
    next_url = _next_url(request)
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "requests_app/two_factor_recovery_codes.html",
        {"codes": codes, "next": next_url},
    )
