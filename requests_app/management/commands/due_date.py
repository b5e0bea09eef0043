"""Print the due date of a term on the stored work calendar, then how it was reached.

    python manage.py due_date --filed-on 2026-12-23 --days 14 [--working-days]

The first line is the ISO date alone (for scripts); the explanation follows, in
Bulgarian unless `--language en`. Invalid arguments exit with code 2 and a message on
stderr.
"""

import argparse
import re
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext

from requests_app.deadlines import Term
from requests_app.explain import explain_due_date
from requests_app.selectors.calendar import due_date_for

# The longest statutory terms are months (six at most); a larger number is a typo.
MAX_TERM_DAYS = 1000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def filing_date(value: str) -> date:
    """Parse YYYY-MM-DD, or raise the error argparse shows beside the option."""
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        gettext("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
    )


def term_days(value: str) -> int:
    """Parse a whole number of days from 0 to MAX_TERM_DAYS."""
    if not WHOLE_NUMBER.fullmatch(value.strip()):
        raise argparse.ArgumentTypeError(
            gettext("“%(value)s” is not a whole number of days.") % {"value": value}
        )
    days = int(value)
    if not 0 <= days <= MAX_TERM_DAYS:
        raise argparse.ArgumentTypeError(
            gettext("The term must be from 0 to %(max)d days, not %(days)d.")
            % {"max": MAX_TERM_DAYS, "days": days}
        )
    return days


class Command(BaseCommand):
    help = "Print the due date of a term (ISO date on the first line), then why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--filed-on",
            required=True,
            type=filing_date,
            metavar="YYYY-MM-DD",
            help=gettext("Filing date; the term counts from the next day."),
        )
        parser.add_argument(
            "--days",
            required=True,
            type=term_days,
            metavar="N",
            help=gettext("Length of the term in days (0 to %(max)d).")
            % {"max": MAX_TERM_DAYS},
        )
        parser.add_argument(
            "--working-days",
            action="store_true",
            help=gettext("Count working days instead of calendar days."),
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=gettext("Language of the explanation (default: Bulgarian)."),
        )

    def handle(
        self,
        *args: str,
        filed_on: date,
        days: int,
        working_days: bool,
        language: str,
        **options: object,
    ) -> None:
        term = Term(days, working_days=working_days)
        with translation.override(language):
            try:
                due = due_date_for(received_on=filed_on, term=term)
            except OverflowError:
                raise CommandError(
                    gettext("The due date would fall after the year 9999."),
                    returncode=2,
                ) from None
            self.stdout.write(due.due_on.isoformat())
            for line in explain_due_date(due):
                self.stdout.write(line)
