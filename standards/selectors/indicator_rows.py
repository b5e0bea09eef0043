"""Each indicator's value for a period and scope against its target and the previous
period, with the texts to show (page, PDF) and the plain numbers (CSV)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext, ngettext, pgettext

from requests_app.numerals import number_text
from standards.indicators.definitions import INDICATORS, Indicator, is_withheld
from standards.indicators.figures import Figures
from standards.indicators.measures import (
    SMALL_COUNT,
    Direction,
    Measure,
    Scope,
    Unit,
)
from standards.periods import Period
from standards.selectors.targets import targets_for

DECIMALS = {Unit.PERCENT: 1, Unit.DAYS: 1, Unit.COUNT: 0, Unit.SCORE: 2}


def format_number(value: float, unit: str, *, localized: bool = True) -> str:
    """Return `value` rounded for its unit; localized for people, plain for CSV."""
    decimals = DECIMALS[Unit(unit)]
    if not localized:
        return f"{value:.{decimals}f}"
    return number_text(round(value, decimals), decimals)


def format_measure(value: float | None, unit: str) -> str:
    """Return the value with its unit for the page and the PDF."""
    if value is None:
        return "—"
    text = format_number(value, unit)
    if unit == Unit.PERCENT:
        return f"{text} %"
    return text


@dataclass
class Row:
    """One indicator of a report, ready to show (strings) and to export (numbers)."""

    indicator: Indicator
    measure: Measure
    previous: Measure
    target: float | None
    is_withheld: bool
    was_withheld: bool
    status: str  # met, not_met, no_target, no_data, withheld

    @property
    def value_text(self) -> str:
        if self.is_withheld:
            return gettext("fewer than 5")
        return format_measure(self.measure.value, self.indicator.unit)

    @property
    def previous_text(self) -> str:
        if self.was_withheld:
            return gettext("fewer than 5")
        return format_measure(self.previous.value, self.indicator.unit)

    @property
    def target_text(self) -> str:
        return format_measure(self.target, self.indicator.unit)

    @property
    def change(self) -> float | None:
        if self.is_withheld or self.was_withheld:
            return None
        if self.measure.value is None or self.previous.value is None:
            return None
        return self.measure.value - self.previous.value

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        text = format_number(abs(change), self.indicator.unit)
        if round(change, DECIMALS[Unit(self.indicator.unit)]) == 0:
            return "±0"
        sign = "+" if change > 0 else "−"
        if self.indicator.unit == Unit.PERCENT:
            # Translators: percentage points, the change of a share.
            return sign + text + " " + pgettext("percentage points", "pp")
        return sign + text

    @property
    def is_pending_withheld(self) -> bool:
        """Return whether the pending count rests on so few cases about people that
        it must not be shown (as a withheld value)."""
        pending = self.measure.pending
        return self.is_withheld or (
            self.indicator.is_private
            and pending is not None
            and 0 < pending < SMALL_COUNT
        )

    @property
    def pending(self) -> int | None:
        """Return the cases still within their term (an on-time share only)."""
        return None if self.is_pending_withheld else self.measure.pending

    @property
    def pending_text(self) -> str:
        """Return "n pending, not yet due" beside an on-time share; empty otherwise."""
        if self.measure.pending is not None and self.is_pending_withheld:
            return gettext("fewer than 5 pending, not yet due")
        pending = self.pending
        if pending is None:
            return ""
        return ngettext(
            "%(count)d pending, not yet due",
            "%(count)d pending, not yet due",
            pending,
        ) % {"count": pending}

    @property
    def sample_text(self) -> str:
        if self.measure.sample is None:
            return "—"
        if self.is_withheld:
            return gettext("fewer than 5")
        return number_text(self.measure.sample)

    @property
    def status_text(self) -> str:
        return {
            "met": gettext("met"),
            "not_met": gettext("not met"),
            "no_target": gettext("no target set"),
            "no_data": gettext("no data"),
            "withheld": gettext("not published (fewer than 5)"),
        }[self.status]


def _status(indicator: Indicator, measure: Measure, target: float | None) -> str:
    if is_withheld(indicator, measure):
        return "withheld"
    if measure.value is None:
        return "no_data"
    if target is None:
        return "no_target"
    digits = DECIMALS[Unit(indicator.unit)]
    value = round(measure.value, digits)
    if indicator.direction == Direction.HIGHER:
        return "met" if value >= target else "not_met"
    return "met" if value <= target else "not_met"


def indicator_rows(
    *, period: Period, scope: Scope, as_of: date, figures: Figures | None = None
) -> list[Row]:
    """Return every indicator for the period and scope, with target and previous;
    terms are judged as of `as_of` (the day the report is made)."""
    current = figures or Figures(period, scope, as_of=as_of)
    previous = Figures(period.previous(), scope, as_of=as_of)
    targets = targets_for(scope=scope, on=period.end)
    rows = []
    for indicator in INDICATORS:
        measure = indicator.compute(current)
        before = indicator.compute(previous)
        target = targets.get(indicator.code)
        rows.append(
            Row(
                indicator=indicator,
                measure=measure,
                previous=before,
                target=target,
                is_withheld=is_withheld(indicator, measure),
                was_withheld=is_withheld(indicator, before),
                status=_status(indicator, measure, target),
            )
        )
    return rows
