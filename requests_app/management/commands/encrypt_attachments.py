"""`manage.py encrypt_attachments`: encrypt the request attachments stored in clear.

Files attached since encryption at rest are encrypted when stored; run this once after
upgrading for the files stored before. Safe to run twice: encrypted files are left
alone. (`manage.py rotate_feedback_keys` re-encrypts every file with a new key.)
"""

from django.core.management.base import BaseCommand

from requests_app.services.attachments import attachment_files_encrypt


class Command(BaseCommand):
    help = "Encrypt the request attachments stored in clear (safe to run twice)."

    def handle(self, *args, **options) -> None:
        result = attachment_files_encrypt(rotate=False)
        self.stdout.write(f"Attachments encrypted now: {result.encrypted}")
        if result.missing:
            self.stderr.write(
                f"Attachments whose file is missing from the storage: {result.missing}"
            )
