"""The dates people may type: one range per kind of date, all in this module.

A date outside its range is a typing mistake (9999 for 2026, a date of death tomorrow)
and, far enough out, overflows the date arithmetic of due dates. Forms and the API
refuse it with a message that names the range. Pure: `today` is always passed in.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# No request in this registry is older: an earlier filing or received date is a typo.
RECORDS_BEGIN = date(1990, 1, 1)
# Nobody plans, files or extends this far ahead; the work calendar is not known there.
RECORDS_END = date(2100, 12, 31)
# Answers about people and property reach further back: a certificate of heirs for
# restituted land names owners who died long before 1944.
ANSWERS_BEGIN = date(1850, 1, 1)


class DateLimit(models.TextChoices):
    """Which side of today the answer to a date question may lie on."""

    ANY = "any", _("any date")
    PAST = "past", _("today or earlier")  # a date of death, of birth, of an event
    FUTURE = "future", _("today or later")  # the end of a validity, a planned start


@dataclass(frozen=True)
class DateRange:
    """The first and the last day allowed, both included."""

    earliest: date
    latest: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= day <= self.latest


def received_range(*, today: date) -> DateRange:
    """A request received at the desk, by phone or by post: never in the future."""
    return DateRange(RECORDS_BEGIN, today)


def filing_range(*, today: date) -> DateRange:
    """A filing date to look at or plan for: the due-date calculator, queue filters."""
    return DateRange(RECORDS_BEGIN, RECORDS_END)


def due_range(*, today: date) -> DateRange:
    """A new due date typed by a clerk; the extension rules then check the rest."""
    return DateRange(RECORDS_BEGIN, RECORDS_END)


def answer_range(*, limit: str, today: date) -> DateRange:
    """The dates a date question of the catalogue accepts, given its limit."""
    if limit == DateLimit.PAST:
        return DateRange(ANSWERS_BEGIN, today)
    if limit == DateLimit.FUTURE:
        return DateRange(today, RECORDS_END)
    return DateRange(ANSWERS_BEGIN, RECORDS_END)
