"""Re-encrypt every confidential feedback value with the first key of
FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones after it,
run this command, then remove the old keys.
"""

from django.core.management.base import BaseCommand

from feedback.services.keys import feedback_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt confidential feedback with the newest encryption key."

    def handle(self, *args, **options) -> None:
        counts = feedback_keys_rotate()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
