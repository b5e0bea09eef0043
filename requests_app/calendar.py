"""Load the work calendar (holidays package + staff-declared days) as a pure WorkCalendar."""

from datetime import date

from django.utils.translation import get_language

import holidays

from .deadlines import WorkCalendar
from .models import CalendarDay


def work_calendar_for(*, start: date, end: date) -> WorkCalendar:
    """Return the Bulgarian work calendar covering `start`..`end` (one query).

    Holiday names follow the active language (Bulgarian or English).
    """
    years = range(start.year, end.year + 2)  # terms may run into the next year
    language = "bg" if (get_language() or "bg").startswith("bg") else "en_US"
    public = holidays.country_holidays("BG", years=years, language=language)
    days_off: dict[date, str] = {}
    working: set[date] = set()
    declared = CalendarDay.objects.filter(
        day__gte=date(years[0], 1, 1), day__lte=date(years[-1], 12, 31)
    )
    for entry in declared:
        if entry.kind == CalendarDay.Kind.WORKING_DAY:
            working.add(entry.day)
        else:
            days_off[entry.day] = entry.reason
    return WorkCalendar(
        holidays=dict(public.items()), days_off=days_off, working_days=frozenset(working)
    )
