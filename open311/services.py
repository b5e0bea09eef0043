"""Writes of the Open311 API: API keys and filing a request through requests_app."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from requests_app.models import Channel, Service, ServiceQuestion, User
from requests_app.services import audit_record, request_submit
from requests_app.tokens import token_hash

from .models import ApiKey, Submission

KEY_PREFIX_LENGTH = 8


@transaction.atomic
def api_key_secret_set(*, api_key: ApiKey, by: User | None = None) -> str:
    """Give a new key its secret; return the plain key (shown once, never stored)."""
    plain = secrets.token_urlsafe(32)
    api_key.prefix = plain[:KEY_PREFIX_LENGTH]
    api_key.key_hash = token_hash(plain)
    api_key.save()
    audit_record(actor=by, action="open311.key_issued", target=api_key)
    return plain


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User | None = None) -> ApiKey:
    """Revoke a key: from now on it files nothing. Revoking twice changes nothing."""
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(actor=by, action="open311.key_revoked", target=locked)
    return locked


def api_key_authenticate(*, plain: str) -> ApiKey | None:
    """Return the active key matching `plain` and note its use, or None."""
    if not plain or len(plain) > 200:
        return None
    api_key = ApiKey.objects.filter(
        key_hash=token_hash(plain), revoked_at__isnull=True
    ).first()
    if api_key is not None:
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


@transaction.atomic
def open311_request_file(
    *,
    api_key: ApiKey,
    service: Service,
    answers: dict[ServiceQuestion, str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    description: str = "",
    address_string: str = "",
    address_id: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    media_url: str = "",
    device_id: str = "",
    account_id: str = "",
    language: str = "bg",
) -> Submission:
    """File a request through the same service as the online form (channel Open311).

    It gets its registry number, due date and acknowledgement there; this adds the
    record of which client filed it and the Open311-only details.
    """
    # Texts for the clerk's file are in the office language, not the client's.
    with translation.override(settings.LANGUAGE_CODE):
        name = " ".join(part for part in (first_name, last_name) if part)
        name = name or gettext("No name given")
        details = description
        if media_url:
            details += "\n\n" + gettext("Picture or file: %(url)s") % {"url": media_url}
        location = address_string
        if not location and address_id:
            location = gettext("Address ID: %(id)s") % {"id": address_id}
        details += "\n\n" + gettext("Filed through Open311 by %(client)s.") % {
            "client": api_key.client_name
        }
    citizen_request = request_submit(
        service=service,
        citizen_name=name,
        citizen_email=email,
        citizen_phone=phone,
        details=details.strip(),
        language=language,
        answers=answers,
        channel=Channel.OPEN311,
        location=location,
        latitude=latitude,
        longitude=longitude,
    )
    return Submission.objects.create(
        token=secrets.token_urlsafe(16),
        api_key=api_key,
        citizen_request=citizen_request,
        service_request_id=citizen_request.registry_number,
        address_id=address_id,
        media_url=media_url,
        device_id=device_id,
        account_id=account_id,
    )
