"""Legal due dates from plain values: no ORM, no clock, no settings.

Rules (Bulgaria): a term counts from the day after the event (АПК art. 60 and the general
rule of the Law on Normative Acts); calendar days unless the law says working days; a term
that ends on a non-working day ends on the next working day.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class DayOffReason(StrEnum):
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    DECLARED = "declared"


@dataclass(frozen=True)
class Term:
    days: int
    working_days: bool = False

    def __post_init__(self) -> None:
        if self.days < 0:
            raise ValueError("A term cannot be negative.")


@dataclass(frozen=True)
class WorkCalendar:
    """Non-working days with their names; Saturdays or Sundays declared working."""

    holidays: Mapping[date, str] = field(default_factory=dict)
    days_off: Mapping[date, str] = field(default_factory=dict)  # declared one-off days
    working_days: frozenset[date] = frozenset()  # weekend days declared working

    def day_off_reason(self, day: date) -> tuple[DayOffReason, str] | None:
        """Return why `day` is not a working day, or None when it is one."""
        if day in self.working_days:
            return None
        if day in self.days_off:
            return DayOffReason.DECLARED, self.days_off[day]
        if day in self.holidays:
            return DayOffReason.HOLIDAY, self.holidays[day]
        if day.weekday() >= 5:
            return DayOffReason.WEEKEND, ""
        return None

    def is_working_day(self, day: date) -> bool:
        return self.day_off_reason(day) is None


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: DayOffReason
    name: str = ""  # the holiday's or declared day's name


@dataclass(frozen=True)
class DueDate:
    """The due date with its explanation: which days were skipped and why."""

    received_on: date
    term: Term
    due_on: date
    skipped: tuple[SkippedDay, ...]  # non-working days not counted or moved over
    moved_from: date | None  # the day the term ended before moving to a working day


def due_date(*, received_on: date, term: Term, calendar: WorkCalendar) -> DueDate:
    """Return the last day to answer a request filed on `received_on`."""
    day, remaining = received_on, term.days
    skipped: list[SkippedDay] = []
    while remaining:
        day += timedelta(days=1)
        reason = calendar.day_off_reason(day)
        if term.working_days and reason is not None:
            skipped.append(SkippedDay(day, *reason))
        else:
            remaining -= 1
    moved_from = None
    reason = calendar.day_off_reason(day)
    if reason is not None:  # a term never ends on a day off
        moved_from = day
        while reason is not None:
            skipped.append(SkippedDay(day, *reason))
            day += timedelta(days=1)
            reason = calendar.day_off_reason(day)
    return DueDate(
        received_on=received_on,
        term=term,
        due_on=day,
        skipped=tuple(skipped),
        moved_from=moved_from,
    )


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Count working days after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> date:
    """Return the working day `days` working days after `start`."""
    return due_date(
        received_on=start, term=Term(days, working_days=True), calendar=calendar
    ).due_on


def resume_after_suspension(
    *, due_on: date, suspended_on: date, resumed_on: date, calendar: WorkCalendar
) -> date:
    """Move a due date by the days the term was suspended (clock stopped).

    The clock stops on the day the citizen is asked and restarts the day they answer;
    the due date moves by that many calendar days and never lands on a day off.
    """
    paused = max((resumed_on - suspended_on).days, 0)
    day = due_on + timedelta(days=paused)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day
