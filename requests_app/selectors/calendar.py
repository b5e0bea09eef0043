"""Load the work calendar: the holidays package plus the days staff declared."""

from datetime import MAXYEAR, date, timedelta
from functools import lru_cache

from django.utils.translation import get_language

import holidays

from requests_app.deadlines import DueDate, Term, WorkCalendar, due_date
from requests_app.models import CalendarDay


def work_calendar_for(*, start: date, end: date) -> WorkCalendar:
    """Return the Bulgarian work calendar covering `start`..`end` (one query).

    The calendar runs to the end of the year after `end`, since terms may run into the
    next year. Holiday names and the reasons of declared days follow the active
    language (Bulgarian or English).
    """
    first_year = min(start.year, end.year)
    last_year = min(max(start.year, end.year) + 1, MAXYEAR)
    language = "bg" if (get_language() or "bg").startswith("bg") else "en_US"
    days_off: dict[date, str] = {}
    working: set[date] = set()
    declared = CalendarDay.objects.filter(
        day__gte=date(first_year, 1, 1), day__lte=date(last_year, 12, 31)
    )
    for entry in declared:
        if entry.kind == CalendarDay.Kind.WORKING_DAY:
            working.add(entry.day)
        else:
            days_off[entry.day] = entry.reason
    return WorkCalendar(
        holidays=dict(_public_holidays(first_year, last_year, language)),
        days_off=days_off,
        working_days=frozenset(working),
    )


@lru_cache(maxsize=64)
def _public_holidays(
    first_year: int, last_year: int, language: str
) -> tuple[tuple[date, str], ...]:
    """Return the public holidays of the years with their names (in `language`).

    The holidays package computes them afresh on every call (about 4 ms for two
    years, more than a page's queries); they depend only on the arguments, so each
    process computes them once. The days staff declare are read every time."""
    public = holidays.country_holidays(
        "BG", years=range(first_year, last_year + 1), language=language
    )
    return tuple(sorted(public.items()))


def due_date_for(*, received_on: date, term: Term) -> DueDate:
    """Return the due date of a term started on `received_on`, on the stored calendar.

    Raises OverflowError when the term runs past the last date Python knows.
    """
    try:  # working-day terms run longer than their days: leave room for holidays
        end = received_on + timedelta(days=term.days * 2 + 30)
    except OverflowError:
        end = date.max
    calendar = work_calendar_for(start=received_on, end=end)
    return due_date(received_on=received_on, term=term, calendar=calendar)
