"""Citizens' files at rest: encrypt those stored in clear, re-encrypt with a new key.

Files are encrypted when they are stored (`attachment_store`). Files stored before
that are encrypted by `manage.py encrypt_attachments`; `manage.py rotate_feedback_keys`
re-encrypts every file with the first key of FIELD_ENCRYPTION_KEYS. Each file is
written anew under a new name and the old one deleted once the row points to the new
one, so a rotation stopped half-way leaves every file readable and can be run again.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction

from requests_app.fields import file_decrypt_chunks, file_encrypt, file_is_encrypted
from requests_app.models import Attachment


@dataclass(frozen=True)
class FilesEncrypted:
    encrypted: int  # stored in clear until now
    rotated: int  # encrypted already, encrypted again with the first key
    missing: int  # the row's file is not in the storage


def attachment_file_encrypt(*, attachment_id: int, rotate: bool) -> str:
    """Encrypt one attachment's file (with `rotate`, also an encrypted one again).

    Return "encrypted", "rotated", "missing" or "" (nothing to do).
    """
    with transaction.atomic():
        attachment = (
            Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        )
        old_name = attachment.file.name if attachment is not None else None
        if attachment is None or not old_name:
            return ""
        storage = attachment.file.storage
        try:
            handle = storage.open(old_name, "rb")
        except FileNotFoundError:
            return "missing"
        with handle:
            was_encrypted = file_is_encrypted(handle)
        if was_encrypted and not rotate:
            return ""
        chunks = file_decrypt_chunks(storage.open(old_name, "rb"))
        with file_encrypt(chunks) as encrypted:
            attachment.file.save(attachment.original_name, encrypted, save=False)
        attachment.save(update_fields=["file"])
        # The old file goes only once the row points to the new one.
        transaction.on_commit(partial(storage.delete, old_name))
    return "rotated" if was_encrypted else "encrypted"


def attachment_files_encrypt(*, rotate: bool = False) -> FilesEncrypted:
    """Encrypt every attachment stored in clear; with `rotate`, re-encrypt the others.

    Each file commits on its own: a run stopped half-way can simply be run again.
    """
    counts = {"encrypted": 0, "rotated": 0, "missing": 0, "": 0}
    ids = list(Attachment.objects.order_by("pk").values_list("pk", flat=True))
    for attachment_id in ids:
        counts[attachment_file_encrypt(attachment_id=attachment_id, rotate=rotate)] += 1
    return FilesEncrypted(
        encrypted=counts["encrypted"],
        rotated=counts["rotated"],
        missing=counts["missing"],
    )
