"""Staff two-factor sign-in with django-otp: TOTP apps and one-time recovery codes.

With `settings.STAFF_TWO_FACTOR` on, a password alone signs a staff member in but does
not verify the session: `TwoFactorRequiredMiddleware` sends every request for a page
that needs a login (the Django admin included) to the code step until a code from the
staff member's authenticator app, or one of their recovery codes, has been accepted.
Public pages (`@login_not_required`) are never affected.

Wrong codes are throttled by django-otp itself: after each failure the device refuses
every code, right or wrong, for 1, 2, 4, 8... seconds (`OTP_TOTP_THROTTLE_FACTOR`).
A TOTP code is accepted once: django-otp remembers the last time step used.
"""

import math
import re
import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.services.audit import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
STATIC_DEVICE_NAME = "recovery"
# Pages an unverified session may still open, by URL name: signing out.
EXEMPT_VIEW_NAMES = frozenset({"logout", "admin:logout"})
TOTP_CODE = re.compile(r"^\d{6}$")
# A refused code that the app showed this many 30-second steps ago is reported as
# expired or used rather than wrong.
RECENT_STEPS = 10

ERROR_MESSAGES = {
    "invalid": _("This code is not valid. Check the code and try again."),
    "used_up": _("This code has expired or has already been used. Enter a new one."),
}


def two_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that a signed-in but not yet verified session may open."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


def two_factor_required(request: HttpRequest) -> bool:
    """Return whether this signed-in session still has to enter a code."""
    user = request.user
    if not settings.STAFF_TWO_FACTOR or not user.is_authenticated:
        return False
    # Right after the password step `request.user` is the bare user that login() set,
    # without OTPMiddleware's is_verified(): not verified yet.
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def two_factor_url(name: str, next_url: str) -> str:
    """Return the URL of a two-factor step that goes on to `next_url`."""
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class TwoFactorRequiredMiddleware:
    """Send a signed-in session without a verified code to the code step.

    Must come after `OTPMiddleware` (which adds `user.is_verified()`) and
    `LoginRequiredMiddleware` (which sends anonymous visitors to the password step).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None  # a public page
        if getattr(view_func, "two_factor_exempt", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEW_NAMES:
            return None
        if not two_factor_required(request):
            return None
        return HttpResponseRedirect(
            two_factor_url("two-factor-verify", request.get_full_path())
        )


# --- Devices -------------------------------------------------------------------------


def totp_device_for(*, user: AbstractBaseUser) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, if any."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    )


def static_device_for(*, user: AbstractBaseUser) -> StaticDevice | None:
    """Return the user's confirmed set of recovery codes, if any."""
    return (
        StaticDevice.objects.devices_for_user(user, confirmed=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def enrolment_device_get(*, user: AbstractBaseUser) -> TOTPDevice:
    """Return the unconfirmed device being enrolled, creating it the first time.

    The same secret is shown until it is confirmed, so reloading the page does not
    invalidate a QR code that was already scanned.
    """
    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


@transaction.atomic
def enrolment_confirm(*, user: AbstractBaseUser, device: TOTPDevice) -> list[str]:
    """Confirm the enrolled app; return the new recovery codes (shown only once)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=STATIC_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=code) for code in codes
    )
    audit_record(actor=user, action="two_factor_enrolled", target=user)
    return codes


@transaction.atomic
def two_factor_reset(*, user: AbstractBaseUser, by: AbstractBaseUser) -> int:
    """Remove all of a user's devices: they enrol again at their next sign-in.

    Their sessions stop counting as verified at once (the device is gone).
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(actor=by, action="two_factor_reset", target=user)
    return removed


# --- Codes ---------------------------------------------------------------------------


def _throttle_error(device: TOTPDevice | StaticDevice) -> ValidationError | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (details or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        remaining = (locked_until - timezone.now()).total_seconds()
        seconds = max(1, math.ceil(remaining))
    message = ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}
    return ValidationError(message, code="throttled")


def code_normalise(code: str) -> str:
    """Drop the spaces and dashes people type or paste into codes."""
    return re.sub(r"[\s-]+", "", code).lower()


def _code_was_recent(device: TOTPDevice, code: str) -> bool:
    """Return whether `code` was the app's code in the last few minutes."""
    if not (code.isascii() and code.isdigit()):  # "²".isdigit() is True, int() fails
        return False
    now = time.time()
    for steps_back in range(RECENT_STEPS + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now - steps_back * device.step
        if totp.token() == int(code):
            return True
    return False


def code_verify(*, device: TOTPDevice | StaticDevice, code: str) -> None:
    """Accept `code` on `device` or raise ValidationError (invalid, used_up, throttled).

    The device row is locked, so two requests cannot both use one code.
    """
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        error = _throttle_error(device)
        if error is not None:
            raise error
        if device.verify_token(code):
            return
    # A failure counts towards the throttle whatever the reason (django-otp).
    if isinstance(device, TOTPDevice) and _code_was_recent(device, code):
        raise ValidationError(ERROR_MESSAGES["used_up"], code="used_up")
    raise ValidationError(ERROR_MESSAGES["invalid"], code="invalid")


def sign_in_code_verify(
    *, user: AbstractBaseUser, code: str
) -> TOTPDevice | StaticDevice:
    """Check a code from the app (6 digits) or a recovery code; return its device."""
    code = code_normalise(code)
    if TOTP_CODE.match(code):
        device: TOTPDevice | StaticDevice | None = totp_device_for(user=user)
    else:
        device = static_device_for(user=user)
    if device is None:
        raise ValidationError(ERROR_MESSAGES["invalid"], code="invalid")
    code_verify(device=device, code=code)
    return device


# --- Enrolment page helpers ----------------------------------------------------------


def device_secret(device: TOTPDevice) -> str:
    """Return the secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def device_qr_svg(device: TOTPDevice, *, label: str) -> SafeString:
    """Return the set-up link as an inline SVG QR code (no style attributes)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="two-factor-qr", lineclass=None
    )
    # An image with an accessible name; the text secret beside it is the alternative.
    label = label.replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(svg)  # segno's own markup around our escaped label


# --- Django admin --------------------------------------------------------------------


@admin.action(
    description=_("Reset two-factor sign-in (they set up their app again)"),
    permissions=["change"],
)
def admin_two_factor_reset(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    """Remove the selected staff members' apps and recovery codes."""
    for user in queryset:
        two_factor_reset(user=user, by=request.user)
    count = len(queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor sign-in was reset for %(count)d staff member.",
            "Two-factor sign-in was reset for %(count)d staff members.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )
