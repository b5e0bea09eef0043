"""Staff two-factor sign-in with django-otp: TOTP apps and one-time recovery codes.

With `settings.STAFF_TWO_FACTOR` on, a password alone signs a staff member in but does
not verify the session: `TwoFactorRequiredMiddleware` sends every request for a page
that needs a login (the Django admin included) to the code step until a code from the
staff member's authenticator app, or one of their recovery codes, has been accepted.
Public pages (`@login_not_required`) are never affected. `two_factor_required()` is the
one decision: the middleware applies it to every page behind the login, and views that
serve staff files or vary by staff permission look their viewer up with
`staff_viewer()`, which applies it too, so that no file depends on where its view sits.

A first enrolment needs, besides the password, a one-time enrolment code issued by an
administrator (`enrolment_code_issue`). The code is signed like Django's password reset
tokens and kept nowhere: it is bound to the user, their confirmed apps and their last
two-factor event in the audit log, so it stops working once used (enrolment started),
once an app is confirmed, when a newer code is issued or the user is reset, and after
`STAFF_TWO_FACTOR_ENROLMENT_HOURS`.

Wrong codes are throttled by django-otp itself: after each failure the device refuses
every code, right or wrong, for 1, 2, 4, 8... seconds (`OTP_TOTP_THROTTLE_FACTOR`).
A TOTP code is accepted once: django-otp remembers the last time step used.
"""

import math
import re
import time
from base64 import b32encode
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.errors import ServiceError
from requests_app.models import AuditEntry, User
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

# The audit log's two-factor events. The last one is part of every enrolment code,
# so that each of them ends the codes issued before it.
AUDIT_CODE_ISSUED = "two_factor_code_issued"
AUDIT_ENROLMENT_STARTED = "two_factor_enrolment_started"
AUDIT_ENROLLED = "two_factor_enrolled"
AUDIT_RESET = "two_factor_reset"
ENROLMENT_EVENTS = (
    AUDIT_CODE_ISSUED,
    AUDIT_ENROLMENT_STARTED,
    AUDIT_ENROLLED,
    AUDIT_RESET,
)
# An enrolment code: when it was issued (minutes since 2001 in base 36, 6 characters
# for four thousand years) and 16 base32 characters (80 bits) of an HMAC made with the
# secret key: unguessable, and forged by no one who lacks the key.
ENROLMENT_CODE = re.compile(r"^[0-9a-z]{6}[a-z2-7]{16}$")
ENROLMENT_CODE_SALT = "requests_app.two_factor.enrolment_code"
ENROLMENT_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)

ERROR_MESSAGES = {
    "invalid": _("This code is not valid. Check the code and try again."),
    "used_up": _("This code has expired or has already been used. Enter a new one."),
    "enrolment_code": _(
        "This enrolment code is not valid, has expired or has been used already. "
        "Ask an administrator of the service desk for a new one."
    ),
    "already_enrolled": _(
        "%(username)s already has an authenticator app. Reset their two-factor "
        "sign-in first."
    ),
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


def staff_viewer(request: HttpRequest) -> User | AnonymousUser:
    """Return the user staff-only content is decided for: anonymous until verified.

    Views that serve staff files, and public views that show more to staff, look
    their data up for this viewer: a session that still owes its code sees what an
    anonymous visitor sees, whether or not the middleware covers the view.
    """
    if two_factor_required(request):
        return AnonymousUser()
    return request.user


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


def totp_device_for(*, user: User) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, if any."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    )


def static_device_for(*, user: User) -> StaticDevice | None:
    """Return the user's confirmed set of recovery codes, if any."""
    return (
        StaticDevice.objects.devices_for_user(user, confirmed=True)
        .order_by("pk")
        .first()
    )


def enrolment_device_for(*, user: User, pk: object) -> TOTPDevice | None:
    """Return the unconfirmed app this session is setting up, if it still exists."""
    if not isinstance(pk, int):
        return None
    return TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()


@transaction.atomic
def enrolment_start(*, user: User, code: str) -> TOTPDevice:
    """Accept an enrolment code and return a new, unconfirmed app to set up.

    The code works once: accepting it ends it. Any app another session was setting
    up is dropped, so that a key shown before is never confirmed later.
    """
    User.objects.select_for_update().get(pk=user.pk)  # one code, one enrolment
    if not enrolment_code_is_valid(user=user, code=code):
        raise ValidationError(ERROR_MESSAGES["enrolment_code"], code="enrolment_code")
    audit_record(actor=user, action=AUDIT_ENROLMENT_STARTED, target=user)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def enrolment_confirm(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm the enrolled app; return the new recovery codes (shown only once)."""
    locked = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device.pk, user=user, confirmed=False)
        .first()
    )
    if locked is None:  # reset, or replaced by another enrolment, meanwhile
        raise ValidationError(ERROR_MESSAGES["enrolment_code"], code="enrolment_code")
    TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=STATIC_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=code) for code in codes
    )
    audit_record(actor=user, action=AUDIT_ENROLLED, target=user)
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> int:
    """Remove all of a user's devices: they enrol again, with a new enrolment code.

    Their sessions stop counting as verified at once (the device is gone), and every
    enrolment code issued before stops working (the reset is their last event).
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(actor=by, action=AUDIT_RESET, target=user)
    return removed


# --- Enrolment codes -----------------------------------------------------------------


def _minutes(moment: datetime) -> int:
    return int((moment - ENROLMENT_EPOCH).total_seconds()) // 60


def _enrolment_state(user: User) -> str:
    """Return what a code is bound to: the user, their apps, their last event."""
    apps = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk")
    last_event = (
        AuditEntry.objects.filter(
            target_type=user._meta.label_lower,
            target_id=str(user.pk),
            action__in=ENROLMENT_EVENTS,
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    app_ids = ",".join(str(pk) for pk in apps.values_list("pk", flat=True))
    return f"{user.pk}|{app_ids}|{last_event or ''}"


def _enrolment_code_make(state: str, issued: int, secret: str) -> str:
    digest = salted_hmac(
        ENROLMENT_CODE_SALT,
        f"{state}|{issued}",
        secret=secret,
        algorithm="sha256",
    ).digest()
    signature = b32encode(digest).decode().lower()[:16]
    return f"{int_to_base36(issued):0>6}{signature}"


def enrolment_code_format(code: str) -> str:
    """Return a code as people read it out and type it: in groups, with dashes."""
    code = code_normalise(code)
    return "-".join([code[:6], *(code[i : i + 4] for i in range(6, len(code), 4))])


def enrolment_code_expires_at(code: str) -> datetime:
    """Return when a well-formed enrolment code stops working."""
    issued = ENROLMENT_EPOCH + timedelta(
        minutes=base36_to_int(code_normalise(code)[:6])
    )
    return issued + timedelta(hours=settings.STAFF_TWO_FACTOR_ENROLMENT_HOURS)


def enrolment_code_is_valid(*, user: User, code: str) -> bool:
    """Return whether `code` is the user's current, unexpired enrolment code."""
    code = code_normalise(code)
    if not ENROLMENT_CODE.match(code):
        return False
    state, issued = _enrolment_state(user), base36_to_int(code[:6])
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        expected = _enrolment_code_make(state, issued, secret)
        if constant_time_compare(expected, code):
            return timezone.now() < enrolment_code_expires_at(code)
    return False


@transaction.atomic
def enrolment_code_issue(*, user: User, by: User) -> str:
    """Return a one-time code that lets `user` set up their first authenticator app.

    Codes issued before stop working. Raise ServiceError when the user already has
    an app: an administrator resets it first.
    """
    User.objects.select_for_update().get(pk=user.pk)
    if totp_device_for(user=user) is not None:
        message = ERROR_MESSAGES["already_enrolled"] % {"username": user.get_username()}
        raise ServiceError(str(message), code="already_enrolled")
    issued = _minutes(timezone.now())
    audit_record(
        actor=by,
        action=AUDIT_CODE_ISSUED,
        target=user,
        details={"hours": settings.STAFF_TWO_FACTOR_ENROLMENT_HOURS},
    )
    return _enrolment_code_make(_enrolment_state(user), issued, settings.SECRET_KEY)


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
        locked = type(device).objects.select_for_update().filter(pk=device.pk).first()
        if locked is None:  # removed meanwhile (a reset, another enrolment)
            raise ValidationError(ERROR_MESSAGES["invalid"], code="invalid")
        device = locked
        error = _throttle_error(device)
        if error is not None:
            raise error
        if device.verify_token(code):
            return
    # A failure counts towards the throttle whatever the reason (django-otp).
    if isinstance(device, TOTPDevice) and _code_was_recent(device, code):
        raise ValidationError(ERROR_MESSAGES["used_up"], code="used_up")
    raise ValidationError(ERROR_MESSAGES["invalid"], code="invalid")


def sign_in_code_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice:
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
    assert isinstance(request.user, User)
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
