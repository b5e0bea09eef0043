"""Legal due dates from plain values: no ORM, no clock, no settings.

Rules (Bulgaria): a term counts from the day after the event (АПК art. 60 and the
general rule of the Law on Normative Acts); calendar days unless the law says working
days; a term that ends on a non-working day ends on the next working day.

Non-working days are weekends, public holidays and one-off days off declared by the
Council of Ministers; a Saturday (or Sunday) declared a working day is a working day,
even when it would otherwise be a day off. The calendar is data (`WorkCalendar`): this
module never guesses a holiday.
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
    """A statutory term: a number of calendar days, or of working days."""

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
        """Return why `day` is not a working day, or None when it is one.

        A day declared working wins over everything else (staff know best); a declared
        day off wins over the holidays package, whose name for it is less specific.
        """
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
        """Return True when offices are open on `day`."""
        return self.day_off_reason(day) is None


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day met while computing a due date, and why it is one."""

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
    # Holidays and declared days off inside a calendar-day term: they count as days.
    counted_days_off: tuple[SkippedDay, ...] = ()

    @property
    def counted_from(self) -> date:
        """Return the first day of the term: the day after filing."""
        return self.received_on + timedelta(days=1)

    @property
    def not_counted(self) -> tuple[SkippedDay, ...]:
        """Return the days off left out of a working-day term."""
        if self.moved_from is None:
            return self.skipped
        return tuple(s for s in self.skipped if s.day < self.moved_from)

    @property
    def moved_over(self) -> tuple[SkippedDay, ...]:
        """Return the days off between the end of the term and the due date."""
        if self.moved_from is None:
            return ()
        return tuple(s for s in self.skipped if s.day >= self.moved_from)


def due_date(*, received_on: date, term: Term, calendar: WorkCalendar) -> DueDate:
    """Return the last day to answer a request filed on `received_on`.

    The term counts from the day after filing. Calendar-day terms count every day;
    working-day terms leave out weekends, holidays and declared days off. A term that
    ends on a non-working day ends on the next working day.

    A term of 0 days ends on the filing day itself when offices are open that day,
    otherwise on the next working day: an answer "on the spot" cannot be due on a day
    the office is closed.
    """
    day, remaining = received_on, term.days
    skipped: list[SkippedDay] = []
    counted_days_off: list[SkippedDay] = []
    while remaining:
        day += timedelta(days=1)
        reason = calendar.day_off_reason(day)
        if reason is None:
            remaining -= 1
        elif term.working_days:
            skipped.append(SkippedDay(day, *reason))
        else:
            remaining -= 1
            if reason[0] != DayOffReason.WEEKEND:
                counted_days_off.append(SkippedDay(day, *reason))
    moved_from = None
    reason = calendar.day_off_reason(day)
    if reason is not None:  # a term never ends on a day off
        moved_from = day
        if counted_days_off and counted_days_off[-1].day == day:
            counted_days_off.pop()  # the last day is moved over, not counted
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
        counted_days_off=tuple(counted_days_off),
    )


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Count the working days after `start` up to and including `end` (0 if before)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> date:
    """Return the working day `days` working days after `start`.

    With 0 days: `start` itself when it is a working day, otherwise the next one.
    A negative number of days raises ValueError.
    """
    return due_date(
        received_on=start, term=Term(days, working_days=True), calendar=calendar
    ).due_on


def resume_after_suspension(
    *, due_on: date, suspended_on: date, resumed_on: date, calendar: WorkCalendar
) -> date:
    """Move a due date by the days the term was suspended (clock stopped).

    The clock stops on the day the citizen is asked and restarts the day they answer;
    the due date moves by that many calendar days and never lands on a day off.
    A resumption dated before the suspension leaves the due date where it was (but
    still on a working day).
    """
    paused = max((resumed_on - suspended_on).days, 0)
    day = due_on + timedelta(days=paused)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day
