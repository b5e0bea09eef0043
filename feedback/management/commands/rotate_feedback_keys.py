"""Re-encrypt every confidential feedback value, the notices of the outbox, the
requests' tracking tokens and the files attached to requests with the first key of
FIELD_ENCRYPTION_KEYS (a file still stored in clear is encrypted).

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones after it,
run this command, then remove the old keys.
"""

from django.core.management.base import BaseCommand

from feedback.services.keys import feedback_keys_rotate
from requests_app.services.attachments import attachment_files_encrypt


class Command(BaseCommand):
    help = "Re-encrypt confidential feedback with the newest encryption key."

    def handle(self, *args, **options) -> None:
        counts = feedback_keys_rotate()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        files = attachment_files_encrypt(rotate=True)
        self.stdout.write(
            f"requests_app.Attachment: {files.rotated + files.encrypted} files "
            f"re-encrypted ({files.encrypted} of them stored in clear until now)"
        )
        if files.missing:
            self.stderr.write(
                f"Attachments whose file is missing from the storage: {files.missing}"
            )
