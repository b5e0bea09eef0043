"""Explain a due date in plain words, in the active language.

Citizens asked to see how a due date was reached: from which day the term counts, which
days were left out and why, and why it moved. Holiday names are the calendar's own, in
the language it was loaded in (see `selectors.calendar.work_calendar_for`), so load the
calendar and explain in the same language.

`due_date_explanation` turns a `DueDate` into one structured result: pages and PDFs
render its parts (the `due_date_explanation` template filter), e-mails and the
`due_date` command print its sentences.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from requests_app.deadlines import (
    CalendarChange,
    DayOffReason,
    DayState,
    DueDate,
    SkippedDay,
)

# Django's Bulgarian catalogue capitalises month names ("26 Декември"), but Bulgarian
# writes them in lower case. These msgids are Django's own ("alt. month", the month
# inside a full date, date format "E"), so the project catalogue overrides them.
ALT_MONTH_NAMES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)


def format_day(day: date) -> str:
    """Return `day` as written inside a sentence: "Saturday, 26 December 2026"."""
    # Translators: a Django date format (see the "date" template filter) for a day
    # inside a sentence. l = weekday, j = day, E = month name in a full date, Y = year.
    return date_format(day, pgettext("date in a sentence", "l, j E Y"))


def _why_off(skipped: SkippedDay) -> str:
    """Return why a day is off: "weekend", the holiday's name or the declared reason."""
    if skipped.reason == DayOffReason.WEEKEND:
        return gettext("weekend")
    if skipped.reason == DayOffReason.DECLARED:
        if skipped.name:
            # Translators: a one-off day off declared by the Council of Ministers.
            return gettext("declared day off: %(name)s") % {"name": skipped.name}
        return gettext("declared day off")
    return skipped.name or gettext("public holiday")


def _term_lines(due: DueDate) -> list[str]:
    """Return the opening lines: the filing day, the start and length of the term."""
    filed = format_day(due.received_on)
    days = due.term.days
    if days == 0:
        return [
            gettext(
                "Filed on %(filed)s. The term is 0 days: the answer is due on the "
                "day of filing."
            )
            % {"filed": filed}
        ]
    counted_from = gettext(
        "Filed on %(filed)s; the term counts from %(start)s, the day after filing."
    ) % {"filed": filed, "start": format_day(due.counted_from)}
    if due.term.working_days:
        length = ngettext(
            "%(count)d working day: weekends, public holidays and declared days off "
            "are not counted.",
            "%(count)d working days: weekends, public holidays and declared days off "
            "are not counted.",
            days,
        )
    else:
        length = ngettext(
            "%(count)d calendar day: weekends and holidays within the term count.",
            "%(count)d calendar days: weekends and holidays within the term count.",
            days,
        )
    return [counted_from, length % {"count": days}]


def _moved_lines(due: DueDate) -> list[str]:
    """Return why the due date moved past the end of the term, day by day."""
    moved_over = due.moved_over
    if not moved_over:
        return []
    first, *others = moved_over
    values = {
        "end": format_day(first.day),
        "reason": _why_off(first),
        "due": format_day(due.due_on),
    }
    if due.term.days == 0:
        line = gettext(
            "The day of filing, %(end)s, is a day off (%(reason)s), so the answer "
            "is due on the next working day, %(due)s."
        )
    else:
        line = gettext(
            "The term ended on %(end)s, a day off (%(reason)s), so it moves to the "
            "next working day, %(due)s."
        )
    lines = [line % values]
    lines.extend(
        gettext("%(day)s is also a day off: %(reason)s.")
        % {"day": format_day(s.day), "reason": _why_off(s)}
        for s in others
    )
    return lines


@dataclass(frozen=True)
class ExplainedDay:
    """A day off met by a term, and why it is one, in words."""

    day: date
    text: str  # "Thursday, 24 December 2026"
    reason: str  # "weekend", the holiday's name, "declared day off: ..."


@dataclass(frozen=True)
class DueDateExplanation:
    """A due date explained: one result, shown as a page section or as sentences.

    Pages and PDFs render the parts (sentences and lists of days with their reasons);
    e-mails and the `due_date` command print `lines`, the same facts as sentences.
    """

    due_on: date
    term: list[str]  # how the term is counted
    not_counted: list[ExplainedDay]  # days off left out of a working-day term
    counted_days_off: list[ExplainedDay]  # days off inside a calendar-day term
    moved: list[str]  # why the end moved to the next working day
    due: str  # "Due date: ..."

    @property
    def lines(self) -> list[str]:
        """Return the explanation as sentences, in reading order."""
        lines = list(self.term)
        lines.extend(
            gettext("%(day)s not counted: %(reason)s.")
            % {"day": day.text, "reason": day.reason}
            for day in self.not_counted
        )
        lines.extend(
            gettext(
                "%(day)s counts as a calendar day, although it is a day off: "
                "%(reason)s."
            )
            % {"day": day.text, "reason": day.reason}
            for day in self.counted_days_off
        )
        lines.extend(self.moved)
        lines.append(self.due)
        return lines


def _explained(skipped: SkippedDay) -> ExplainedDay:
    return ExplainedDay(
        day=skipped.day, text=format_day(skipped.day), reason=_why_off(skipped)
    )


def due_date_explanation(due: DueDate) -> DueDateExplanation:
    """Return `due` explained in the active language."""
    return DueDateExplanation(
        due_on=due.due_on,
        term=_term_lines(due),
        not_counted=[_explained(s) for s in due.not_counted],
        counted_days_off=[_explained(s) for s in due.counted_days_off],
        moved=_moved_lines(due),
        due=gettext("Due date: %(due)s.") % {"due": format_day(due.due_on)},
    )


def explain_due_date(due: DueDate) -> list[str]:
    """Return sentences explaining `due` in the active language, in reading order."""
    return due_date_explanation(due).lines


def explain_pause(
    *,
    suspended_on: date,
    resumed_on: date,
    days: int,
    working_days: bool,
    old_due_on: date,
    new_due_on: date,
) -> str:
    """Return, in one sentence, how a paused term moved the due date."""
    if working_days:
        text = ngettext(
            "The term was paused from %(from)s to %(to)s, while we waited for your "
            "answer: %(count)d working day. The due date moves by as many working "
            "days, from %(old)s to %(new)s.",
            "The term was paused from %(from)s to %(to)s, while we waited for your "
            "answer: %(count)d working days. The due date moves by as many working "
            "days, from %(old)s to %(new)s.",
            days,
        )
    else:
        text = ngettext(
            "The term was paused from %(from)s to %(to)s, while we waited for your "
            "answer: %(count)d day. The due date moves by as many days, from "
            "%(old)s to %(new)s.",
            "The term was paused from %(from)s to %(to)s, while we waited for your "
            "answer: %(count)d days. The due date moves by as many days, from "
            "%(old)s to %(new)s.",
            days,
        )
    return text % {
        "from": format_day(suspended_on),
        "to": format_day(resumed_on),
        "count": days,
        "old": format_day(old_due_on),
        "new": format_day(new_due_on),
    }


def explain_restart(*, due: DueDate, old_due_on: date, legal_basis: str) -> list[str]:
    """Return sentences saying that the full term runs again from the answer."""
    days = due.term.days
    if due.term.working_days:
        length = ngettext("%(count)d working day", "%(count)d working days", days) % {
            "count": days
        }
    else:
        length = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    lines = [
        gettext(
            "Your answer arrived on %(answered)s. The law says that the full term "
            "(%(length)s) then runs again, counted from %(start)s, the day after "
            "your answer."
        )
        % {
            "answered": format_day(due.received_on),
            "length": length,
            "start": format_day(due.counted_from),
        }
    ]
    if legal_basis:
        lines.append(gettext("Legal basis: %(basis)s.") % {"basis": legal_basis})
    lines.extend(_moved_lines(due) if days else [])
    lines.append(
        gettext("The due date moves from %(old)s to %(new)s.")
        % {"old": format_day(old_due_on), "new": format_day(due.due_on)}
    )
    return lines


@dataclass(frozen=True)
class ExplainedDueDate:
    """A due date for e-mail templates: `due_on` and its `explanation_lines`."""

    due: DueDate

    @property
    def due_on(self) -> date:
        """Return the due date."""
        return self.due.due_on

    @property
    def explanation_lines(self) -> list[str]:
        """Return the explanation in the language active when rendered."""
        return explain_due_date(self.due)


@dataclass(frozen=True)
class ExtensionFacts:
    """One extension of a due date, as recorded when it was made."""

    old_due_on: date
    new_due_on: date
    reason: str  # the reason's name, in the reader's language
    original_due_on: date
    max_days: int  # the service's maximum, counted from the original due date
    latest_on: date  # the latest date extensions could reach when it was made
    is_late: bool = False  # made after the due date, by the head of the department


def extension_lines(extension: ExtensionFacts) -> list[str]:
    """Return an extension in sentences: both dates, the reason, the limit, lateness."""
    lines = [
        gettext("The due date was extended from %(old)s to %(new)s.")
        % {
            "old": format_day(extension.old_due_on),
            "new": format_day(extension.new_due_on),
        },
        gettext("Reason: %(reason)s") % {"reason": extension.reason},
        ngettext(
            "Extensions are limited to %(count)d day after the original due date, "
            "%(original)s: at most until %(latest)s.",
            "Extensions are limited to %(count)d days after the original due date, "
            "%(original)s: at most until %(latest)s.",
            extension.max_days,
        )
        % {
            "count": extension.max_days,
            "original": format_day(extension.original_due_on),
            "latest": format_day(extension.latest_on),
        },
    ]
    if extension.is_late:
        lines.append(
            gettext(
                "The due date had already passed: the head of the department extended "
                "it late."
            )
        )
    return lines


def explain_calendar_move(
    *, change: CalendarChange, old_due_on: date, new_due_on: date
) -> str:
    """Return, in one sentence, why a day declared in the calendar moved a due date.

    A term never ends on a day off, and a working-day term does not count days off;
    a date never moves earlier than the one the citizen was given.
    """
    if change.after == DayState.DAY_OFF:
        text = gettext(
            "A day off was declared on %(day)s: the due date moves from %(old)s to "
            "%(new)s."
        )
    elif change.after == DayState.WORKING_DAY:
        text = gettext(
            "A working day was declared on %(day)s: the due date moves from %(old)s "
            "to %(new)s, never earlier than the date you were given."
        )
    elif change.before == DayState.DAY_OFF:
        text = gettext(
            "The day off on %(day)s was cancelled: the due date moves from %(old)s "
            "to %(new)s, never earlier than the date you were given."
        )
    else:
        text = gettext(
            "The working day on %(day)s was cancelled: the due date moves from "
            "%(old)s to %(new)s."
        )
    return text % {
        "day": format_day(change.day),
        "old": format_day(old_due_on),
        "new": format_day(new_due_on),
    }
