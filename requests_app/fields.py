"""Model fields encrypted at rest (confidential complaints and signals, notices).

Values are encrypted with `MultiFernet` built from `settings.FIELD_ENCRYPTION_KEYS`: the
first key encrypts, every key decrypts, so a new key can be put first and the old ones
kept until `manage.py rotate_feedback_keys` has re-encrypted every row with the new
key (the notices of the outbox included).
An empty value is stored empty (there is nothing to hide and it keeps forms simple).
"""

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    """Return the MultiFernet for the configured keys (first encrypts, all decrypt)."""
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(value: bytes) -> bytes:
    return fernet().encrypt(value)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt `token`; raise InvalidToken when no configured key opens it."""
    return fernet().decrypt(token)


class EncryptedTextField(models.TextField):
    """A text stored as a Fernet token; Python code only ever sees the plain text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return decrypt_bytes(value.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise ImproperlyConfigured(
                "An encrypted value cannot be opened with FIELD_ENCRYPTION_KEYS "
                "(was a key removed before the rotation finished?)."
            ) from exc

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_bytes(str(value).encode("utf-8")).decode("ascii")


class EncryptedBinaryField(models.BinaryField):
    """Bytes (an attached file, a proof-of-filing PDF) stored as a Fernet token."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        try:
            return decrypt_bytes(bytes(value))
        except InvalidToken as exc:
            raise ImproperlyConfigured(
                "An encrypted file cannot be opened with FIELD_ENCRYPTION_KEYS."
            ) from exc

    def get_db_prep_value(
        self, value: Any, connection: Any, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        return super().get_db_prep_value(
            encrypt_bytes(bytes(value)), connection, prepared
        )
