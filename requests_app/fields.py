"""Data encrypted at rest: model fields (confidential complaints and signals, notices)
and stored files (the attachments of requests).

Values are encrypted with `MultiFernet` built from `settings.FIELD_ENCRYPTION_KEYS`: the
first key encrypts, every key decrypts, so a new key can be put first and the old ones
kept until `manage.py rotate_feedback_keys` has re-encrypted every row and file with the
new key (the notices of the outbox and the requests' attachments included).
An empty value is stored empty (there is nothing to hide and it keeps forms simple).
"""

import struct
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
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


# --- Files encrypted at rest ---------------------------------------------------------
# A stored file is FILE_HEADER, then one Fernet token per line. Each token holds at most
# FILE_CHUNK_BYTES of the content behind its index and a last-chunk flag, so memory
# stays bounded by one chunk however big the file is, and a chunk cut off, dropped or
# moved is detected (the tokens are authenticated, the index and the flag are inside).
FILE_HEADER = b"servicedesk-encrypted-file-v1\n"
FILE_CHUNK_BYTES = 64 * 1024
_CHUNK_PREFIX = struct.Struct(">Q?")  # chunk index, is the last chunk
# The longest line a valid file holds: a Fernet token of a full chunk (base64 of 57
# bytes of envelope and the padded ciphertext), and its newline.
_MAX_LINE = 4 * (57 + _CHUNK_PREFIX.size + FILE_CHUNK_BYTES + 16) // 3 + 8
# An encrypted file is built in memory up to this size, then in a temporary file.
_SPOOL_BYTES = 1024 * 1024


class EncryptedFileInvalid(ValueError):
    """A stored file is not a complete encrypted file (cut off, altered or foreign)."""


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Yield the bytes of `chunks` again in pieces of `size` (the last one shorter)."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        whole = len(buffer) - len(buffer) % size
        for start in range(0, whole, size):
            yield bytes(buffer[start : start + size])
        del buffer[:whole]
    if buffer:
        yield bytes(buffer)


def encrypted_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Yield the lines of the encrypted file holding the bytes of `chunks`."""
    key = fernet()
    yield FILE_HEADER
    pieces = _rechunk(chunks, FILE_CHUNK_BYTES)
    index, current = 0, next(pieces, b"")  # an empty file is one empty last chunk
    for following in pieces:
        yield key.encrypt(_CHUNK_PREFIX.pack(index, False) + current) + b"\n"
        index, current = index + 1, following
    yield key.encrypt(_CHUNK_PREFIX.pack(index, True) + current) + b"\n"


def file_encrypt(chunks: Iterable[bytes]) -> File:
    """Return a temporary file holding the bytes of `chunks` encrypted, read to save.

    Memory stays bounded: past `_SPOOL_BYTES` the file moves to a temporary file.
    """
    # Returned open: the caller saves and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    for line in encrypted_lines(chunks):
        spool.write(line)
    spool.seek(0)
    return File(spool, name="encrypted")


def file_is_encrypted(handle: IO[bytes]) -> bool:
    """Return whether the stored file (read from its start) is encrypted."""
    handle.seek(0)
    head = handle.read(len(FILE_HEADER))
    handle.seek(0)
    return head == FILE_HEADER


def file_decrypt_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """Yield the plain content of a stored file, a chunk at a time; close it at the end.

    A file stored before encryption at rest (no header) is yielded as it is, until
    `manage.py encrypt_attachments` has encrypted it. Raise EncryptedFileInvalid when
    the file is cut off or altered, ImproperlyConfigured when no configured key opens
    it.
    """
    try:
        handle.seek(0)
        head = handle.read(len(FILE_HEADER))
        if head != FILE_HEADER:
            yield head
            yield from iter(lambda: handle.read(FILE_CHUNK_BYTES), b"")
            return
        yield from _decrypted(handle)
    finally:
        handle.close()


def _decrypted(handle: IO[bytes]) -> Iterator[bytes]:
    key = fernet()
    expected, finished = 0, False
    while line := handle.readline(_MAX_LINE):
        if finished or not line.endswith(b"\n"):
            raise EncryptedFileInvalid("Data after the last chunk, or a line too long.")
        try:
            plain = key.decrypt(line[:-1])
        except InvalidToken as exc:
            raise ImproperlyConfigured(
                "An encrypted file cannot be opened with FIELD_ENCRYPTION_KEYS "
                "(was a key removed before the rotation finished?)."
            ) from exc
        index, finished = _CHUNK_PREFIX.unpack_from(plain)
        if index != expected:
            raise EncryptedFileInvalid("A chunk is missing or out of order.")
        expected += 1
        yield plain[_CHUNK_PREFIX.size :]
    if not finished:
        raise EncryptedFileInvalid("The file is cut off.")
