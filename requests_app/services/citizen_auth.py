"""Citizen sign-in by a one-time link sent by e-mail: no password, no user account.

The link's token is stored only as a SHA-256 hash, expires after 30 minutes and works
once. It is mailed only to an address stored on the citizen's requests, never to the
address typed, and addresses match only by their `email_key`. Following the link (and
pressing the button on that page) puts that key in the browser's session; the citizen
then sees the requests filed with an address of that key.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from requests_app.emails import email_key
from requests_app.links import page_url
from requests_app.models import CitizenLoginToken, CitizenRequest
from requests_app.services.outbox import notice_create
from requests_app.tokens import token_hash

TOKEN_LIFETIME = timedelta(minutes=30)


@transaction.atomic
def citizen_login_start(*, email: str, language: str) -> bool:
    """E-mail a one-time sign-in link when requests were filed with `email`.

    The link goes to the address stored on the latest of those requests, never to the
    one typed. Return whether a link was sent. The caller answers the same either way,
    so that nobody learns which addresses filed requests (and nobody gets unasked-for
    mail).
    """
    key = email_key(email)
    if not key:  # not an address: matches no request (nor those without one)
        return False
    latest = (
        CitizenRequest.objects.filter(citizen_email_key=key)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if latest is None:
        return False
    token = secrets.token_urlsafe(32)
    login = CitizenLoginToken.objects.create(
        email_key=key,
        token_hash=token_hash(token),
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    notice_create(
        kind="citizen_login",
        recipient=latest.citizen_email,
        language=language,
        template="requests_app/email/citizen_login",
        context={
            "login_url": page_url(
                "requests_app:citizen-login-confirm", language, token=token
            ),
            "minutes": int(TOKEN_LIFETIME.total_seconds() // 60),
            "expires_at": login.expires_at,
        },
    )
    return True


def citizen_login_check(*, token: str) -> CitizenLoginToken | None:
    """Return the sign-in token if it is unused and unexpired (without using it)."""
    return CitizenLoginToken.objects.filter(
        token_hash=token_hash(token),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def citizen_login_finish(*, token: str) -> str | None:
    """Use a sign-in token once; return its e-mail key, or None if used or expired."""
    login = citizen_login_check(token=token)
    if login is None:
        return None
    # The conditional update makes "once" hold even for two clicks at the same moment.
    used = CitizenLoginToken.objects.filter(pk=login.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return login.email_key if used else None
