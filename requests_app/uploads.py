"""Checks on files citizens attach: count, size and type judged by content, not by name.

A file's name and the browser's Content-Type header are whatever the sender says; the
first bytes of the content say what it really is (the `filetype` package reads them).
"""

from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import filetype

# What the content may be, and the file-name endings that go with each type.
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"pdf"}),
    "image/jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "image/png": frozenset({"png"}),
}
TYPE_NAMES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
# The ending a file of each type is stored and offered for download under.
TYPE_ENDINGS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
KNOWN_ENDINGS = frozenset().union(*ALLOWED_TYPES.values())
HEADER_BYTES = 8192

error_messages = {
    "empty": _("The file “%(name)s” is empty."),
    "too_big": _(
        "The file “%(name)s” is %(size)s; each file may be at most %(limit)s."
    ),
    "wrong_type": _(
        "The file “%(name)s” is not a PDF, JPEG or PNG file (its content was checked, "
        "not its name)."
    ),
    "name_mismatch": _(
        "The file “%(name)s” is named like a %(named)s file but its content is "
        "%(real)s. Rename it or attach the right file."
    ),
}


def attachment_type(upload: UploadedFile) -> str:
    """Return the MIME type of an allowed upload, judged by its content.

    Raise ValidationError (codes `empty`, `too_big`, `wrong_type`, `name_mismatch`).
    """
    name = PurePath(upload.name or "").name
    size = upload.size or 0
    if size == 0:
        raise ValidationError(
            error_messages["empty"], code="empty", params={"name": name}
        )
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            error_messages["too_big"],
            code="too_big",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
        )
    upload.seek(0)
    header = upload.read(HEADER_BYTES)
    upload.seek(0)
    kind = filetype.guess(header)
    mime = kind.mime if kind is not None else ""
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            error_messages["wrong_type"], code="wrong_type", params={"name": name}
        )
    ending = PurePath(name).suffix.lower().lstrip(".")
    if ending in KNOWN_ENDINGS and ending not in ALLOWED_TYPES[mime]:
        named = next(t for t, ends in ALLOWED_TYPES.items() if ending in ends)
        raise ValidationError(
            error_messages["name_mismatch"],
            code="name_mismatch",
            params={"name": name, "named": TYPE_NAMES[named], "real": TYPE_NAMES[mime]},
        )
    return mime


def type_ending(content_type: str) -> str:
    """Return the file-name ending of a checked type ("" for an unknown type)."""
    return TYPE_ENDINGS.get(content_type, "")


def download_name(name: str, content_type: str, *, max_length: int = 255) -> str:
    """Return `name` (without folders) ending as its content type, checked by content.

    An ending that fits the type is kept (`scan.JPEG`); any other is replaced by the
    type's own (`scan.pdf` holding a PNG becomes `scan.png`, `scan` becomes
    `scan.png`), so that no file opens in a program chosen by a name the sender made
    up. The stem is shortened to keep the name within `max_length` characters.
    """
    path = PurePath(name.replace("\\", "/")).name.strip()
    ending = type_ending(content_type)
    if not ending:
        return path[:max_length] or "file"
    stem, dot, suffix = path.rpartition(".")
    if not dot:
        stem, suffix = path, ""
    if suffix.lower() in ALLOWED_TYPES[content_type]:
        ending = suffix
    stem = stem.strip(" .") or "file"
    return f"{stem[: max_length - len(ending) - 1]}.{ending}"


def attachments_check(
    uploads: Sequence[UploadedFile],
) -> list[tuple[UploadedFile, str]]:
    """Check every upload; return (file, content type) pairs or raise every error."""
    limit = settings.ATTACHMENT_MAX_COUNT
    if len(uploads) > limit:
        raise ValidationError(
            ngettext(
                "You may attach at most %(limit)d file; you chose %(count)d.",
                "You may attach at most %(limit)d files; you chose %(count)d.",
                limit,
            ),
            code="too_many",
            params={"limit": limit, "count": len(uploads)},
        )
    checked: list[tuple[UploadedFile, str]] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append((upload, attachment_type(upload)))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked
