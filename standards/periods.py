"""Report periods (month, quarter, half-year, year, custom): pure date arithmetic."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom dates")


QUARTER_NAMES = (_("Q1"), _("Q2"), _("Q3"), _("Q4"))
HALF_NAMES = (_("H1"), _("H2"))

# How many months each fixed period kind spans.
MONTHS_IN = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.YEAR: 12,
}


def _month_start(year: int, month: int) -> date:
    """Return the first day of `month` of `year`; months may overflow either way."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """Return the period of the same kind just before this one."""
        if self.kind in MONTHS_IN:
            months = MONTHS_IN[PeriodKind(self.kind)]
            start = _month_start(self.start.year, self.start.month - months)
            return Period(self.kind, start, self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(self.kind, end - timedelta(days=self.days - 1), end)

    def months(self) -> list["Period"]:
        """Return the calendar months (clipped to the period) it covers, in order."""
        result = []
        start = self.start
        while start <= self.end:
            next_month = _month_start(start.year, start.month + 1)
            end = min(next_month - timedelta(days=1), self.end)
            result.append(Period(PeriodKind.MONTH, start, end))
            start = next_month
        return result

    @property
    def label(self) -> str:
        """Return a human label in the active language, e.g. "Q2 2026"."""
        year = self.start.year
        if self.kind == PeriodKind.YEAR:
            return str(year)
        if self.kind == PeriodKind.HALF:
            half = HALF_NAMES[0 if self.start.month <= 6 else 1]
            # Translators: a half-year, e.g. "H1 2026".
            return gettext("%(half)s %(year)s") % {"half": half, "year": year}
        if self.kind == PeriodKind.QUARTER:
            quarter = QUARTER_NAMES[(self.start.month - 1) // 3]
            # Translators: a quarter, e.g. "Q1 2026".
            return gettext("%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
        if self.kind == PeriodKind.MONTH:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return gettext("%(start)s – %(end)s") % {
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.end, "SHORT_DATE_FORMAT"),
        }


def period_is_provisional(period: Period, *, as_of: date) -> bool:
    """Return whether a report made on `as_of` over `period` is provisional: the
    period had not ended (its last day is `as_of` or later)."""
    return period.end >= as_of


def period_for(*, kind: str, year: int, number: int = 1) -> Period:
    """Return month/quarter/half `number` of `year` (or the whole year)."""
    months = MONTHS_IN[PeriodKind(kind)]
    count = 12 // months
    if not 1 <= number <= count:
        raise ValueError("No such period in a year.")
    start = _month_start(year, (number - 1) * months + 1)
    end = _month_start(year, number * months + 1) - timedelta(days=1)
    return Period(kind, start, end)


def period_last_complete(*, kind: str, today: date) -> Period:
    """Return the last whole period of `kind` that ended before `today`."""
    months = MONTHS_IN[PeriodKind(kind)]
    number = (today.month - 1) // months + 1
    current = period_for(kind=kind, year=today.year, number=number)
    return current.previous()
