"""Citizen sign-in by a one-time link sent by e-mail: no password, no user account.

The link's token is stored only as a SHA-256 hash, expires after 30 minutes and works
once. Following it (and pressing the button on that page) puts the e-mail address in
the browser's session; the citizen then sees the requests filed with that address.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from requests_app.links import page_url
from requests_app.models import CitizenLoginToken, CitizenRequest
from requests_app.services.outbox import notice_create
from requests_app.tokens import token_hash

TOKEN_LIFETIME = timedelta(minutes=30)


@transaction.atomic
def citizen_login_start(*, email: str, language: str) -> bool:
    """E-mail a one-time sign-in link when requests were filed with `email`.

    Return whether a link was sent. The caller answers the same either way, so that
    nobody learns which addresses filed requests (and nobody gets unasked-for mail).
    """
    email = email.strip()
    if not CitizenRequest.objects.filter(citizen_email__iexact=email).exists():
        return False
    token = secrets.token_urlsafe(32)
    login = CitizenLoginToken.objects.create(
        email=email.lower(),
        token_hash=token_hash(token),
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    notice_create(
        kind="citizen_login",
        recipient=email,
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
    """Use a sign-in token once; return its e-mail, or None if used or expired."""
    login = citizen_login_check(token=token)
    if login is None:
        return None
    # The conditional update makes "once" hold even for two clicks at the same moment.
    used = CitizenLoginToken.objects.filter(pk=login.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return login.email if used else None
