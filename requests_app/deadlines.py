"""Legal due dates from plain values: no ORM, no clock, no settings.

Rules (Bulgaria), as the domain brief states them (DOMAIN.md, "Deadline rules"): a
term counts from the day after the event; calendar days unless the law says working
days; a term that ends on a non-working day ends on the next working day; public
holidays are those of the Labour Code art. 154. The brief names no article for the
counting rule itself, so none is cited here: check the official text before quoting
one to citizens (citations shown to people live in `requests_app.legal`).

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


# Asking the citizen for something either pauses the term or restarts it, as the law
# that governs the service says (`Service.suspension_rule`, data per service).


def paused_days(
    *,
    suspended_on: date,
    resumed_on: date,
    working_days: bool,
    calendar: WorkCalendar,
) -> int:
    """Count the days the clock stood still: after `suspended_on`, up to `resumed_on`.

    Working days for a working-day term (a weekend spent waiting costs the office
    nothing), calendar days otherwise; 0 when the answer is dated before the question.
    """
    if working_days:
        return working_days_between(suspended_on, resumed_on, calendar)
    return max((resumed_on - suspended_on).days, 0)


def resume_after_suspension(
    *,
    due_on: date,
    suspended_on: date,
    resumed_on: date,
    working_days: bool,
    calendar: WorkCalendar,
) -> date:
    """Move a due date by the days the term was paused (the clock stopped).

    The clock stops on the day the citizen is asked and goes on the day they answer.
    A working-day term moves by the paused working days, counted as working days; a
    calendar-day term moves by the paused calendar days. The result never lands on a
    day off. A resumption dated before the suspension leaves the due date where it
    was (but still on a working day).
    """
    paused = paused_days(
        suspended_on=suspended_on,
        resumed_on=resumed_on,
        working_days=working_days,
        calendar=calendar,
    )
    if working_days:
        return add_working_days(due_on, paused, calendar)
    day = due_on + timedelta(days=paused)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def restart_after_answer(
    *, answered_on: date, term: Term, calendar: WorkCalendar
) -> DueDate:
    """Return the due date when the full term runs again from the citizen's answer.

    Access to Public Information Act (ЗДОИ) art. 29(1): when the request is unclear,
    the term of art. 28(1) runs from the day the applicant clarifies it; counting
    starts, as for any term, the day after.
    """
    return due_date(received_on=answered_on, term=term, calendar=calendar)


def extension_latest(
    *,
    original_due_on: date,
    max_days: int,
    calendar: WorkCalendar,
    suspended_days: int = 0,
) -> date:
    """Return the latest due date that all extensions of a case together may reach.

    The service's maximum (`max_days`, calendar days, from the catalogue) counts from
    the original due date, not from the current one, so repeated extensions cannot add
    up past it. A suspension moves the due date because the clock stood still (see
    `resume_after_suspension`); `suspended_days` is how far the due date moved for such
    reasons other than extensions, and the bound moves with it, so a suspension neither
    uses up nor adds extension days. Like any term, the bound never ends on a day off:
    it moves to the next working day.
    """
    day = original_due_on + timedelta(days=suspended_days + max_days)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def extension_is_late(*, due_on: date, made_on: date) -> bool:
    """Return whether an extension made on `made_on` comes after the term it extends.

    A term counted in days runs until the end of its last day, so an extension made on
    the due date itself is made while the term runs, in time; from the next day on it
    is late. (The general rule for terms counted in days; the article that states it
    for administrative proceedings is not confirmed here.)
    """
    return made_on > due_on


# --- A day off or a working day declared after filing ---------------------------------
#
# Staff declare days in the calendar while cases run. An open case's due date is
# recomputed from what it follows from: the filing day and the term, then each later
# decision in order (a paused term resumed, a term restarted, a date fixed by an
# extension), all on the new calendar and with the rules above. Two rules bound it:
#
# - A term that ends on a non-working day ends on the next working day (Civil Procedure
#   Code (ГПК) art. 60(6), the rule applied to administrative terms; the article that
#   states it for the administrative phase under АПК is not confirmed here). So a day
#   off declared on a due date moves it to the next working day, and one declared
#   inside a working-day term moves it by one working day. A date fixed by an extension
#   stays as decided unless it is now a day off.
# - A date never moves earlier than the administration announced it (at filing, in a
#   resumption or in an extension): a working Saturday declared later may let the
#   office answer sooner, but the citizen keeps the date they were given to plan by
#   and to count their own time to appeal a tacit refusal from. Only a move made by the
#   calendar itself is undone when its cause goes (a day off deleted or cancelled by a
#   working day).


class DayState(StrEnum):
    """How staff declared a day; PLAIN: as the holidays package has it."""

    PLAIN = "plain"
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


@dataclass(frozen=True)
class CalendarChange:
    """One day of the work calendar declared differently: before and after."""

    day: date
    before: DayState
    after: DayState


@dataclass(frozen=True)
class DueStep:
    """A decision after filing that set the due date, with the date it announced.

    A resumed term carries `suspended_on` and `resumed_on`; a restarted term carries
    `restarted_on` (the full term runs again from that day); otherwise the date was
    fixed by the decision (an extension).
    """

    announced_on: date
    suspended_on: date | None = None
    resumed_on: date | None = None
    restarted_on: date | None = None


@dataclass(frozen=True)
class DueRecord:
    """What an open case's due date follows from, and the date stored now."""

    received_on: date
    term: Term
    original_due_on: date
    due_on: date
    steps: tuple[DueStep, ...] = ()


def calendar_declaring(
    calendar: WorkCalendar, day: date, state: DayState, name: str = ""
) -> WorkCalendar:
    """Return `calendar` with `day` declared as `state` (PLAIN: not declared)."""
    days_off = {k: v for k, v in calendar.days_off.items() if k != day}
    working = calendar.working_days - {day}
    if state == DayState.DAY_OFF:
        days_off[day] = name
    elif state == DayState.WORKING_DAY:
        working = working | {day}
    return WorkCalendar(
        holidays=calendar.holidays, days_off=days_off, working_days=working
    )


def due_date_replayed(record: DueRecord, calendar: WorkCalendar) -> date:
    """Return the due date `record` follows from on `calendar`, never before announced.

    Each step starts from the date the previous one gave; the result of each is never
    earlier than the date that step announced to the citizen.
    """
    term = record.term
    due_on = max(
        due_date(received_on=record.received_on, term=term, calendar=calendar).due_on,
        record.original_due_on,
    )
    for step in record.steps:
        if step.restarted_on is not None:
            computed = restart_after_answer(
                answered_on=step.restarted_on, term=term, calendar=calendar
            ).due_on
        elif step.suspended_on is not None and step.resumed_on is not None:
            computed = resume_after_suspension(
                due_on=due_on,
                suspended_on=step.suspended_on,
                resumed_on=step.resumed_on,
                working_days=term.working_days,
                calendar=calendar,
            )
        else:  # fixed by decision: stays, unless it is now a day off
            computed = add_working_days(step.announced_on, 0, calendar)
        due_on = max(computed, step.announced_on)
    return due_on


def due_date_after_calendar_change(
    record: DueRecord, *, change: CalendarChange, calendar: WorkCalendar
) -> date:
    """Return the due date of an open case once `change` is made (`calendar`: after).

    The case is recomputed on the calendar before and after the change; when the
    stored date is the one computed before, it becomes the one computed after. A stored
    date that does not follow from the recorded decisions (set by an older rule, or by
    hand) is left alone, except that it never stays on a day off.
    """
    before = calendar_declaring(calendar, change.day, change.before)
    if record.due_on == due_date_replayed(record, before):
        return due_date_replayed(record, calendar)
    return add_working_days(record.due_on, 0, calendar)
