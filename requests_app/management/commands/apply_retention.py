"""`manage.py apply_retention [--dry-run] [--today YYYY-MM-DD]`: anonymise old cases.

The same work as the daily Celery beat task `requests_app.tasks.apply_retention`: every
closed request, complaint, survey answer and suggestion past its retention period
(settings RETENTION_*_YEARS) loses its personal data; the figures stay. Safe to run
twice: a second run changes nothing.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests_app.services.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise the closed requests, complaints, survey answers and suggestions "
        "past their retention period (RETENTION_*_YEARS). Safe to run twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be anonymised; change nothing.",
        )
        parser.add_argument(
            "--today",
            help="Apply the periods as on this day (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            message = f"--today takes a date as YYYY-MM-DD: {today!r}"
            raise CommandError(message) from None
        verb = "would be anonymised" if dry_run else "anonymised"
        for result in retention_apply(today=day, dry_run=dry_run):
            if not result.years:
                self.stdout.write(f"{result.kind}: kept for ever (period 0)")
                continue
            self.stdout.write(
                f"{result.kind}: {result.anonymised} {verb} "
                f"(period {result.years} years, as on {day:%Y-%m-%d})"
            )
