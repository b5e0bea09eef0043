"""The stored work calendar: holidays package plus the days staff declare (#2)."""

from datetime import date

from django.utils import translation

import pytest

from requests_app.deadlines import DayOffReason, SkippedDay, Term
from requests_app.selectors.calendar import due_date_for, work_calendar_for

from .factories import CalendarDayFactory

pytestmark = pytest.mark.django_db


def test_declared_day_off_moves_the_due_date():
    """31 Dec 2026 declared off: 1 working day from 30 Dec ends on 4 Jan 2027 (#2)."""
    term = Term(1, working_days=True)
    assert due_date_for(received_on=date(2026, 12, 30), term=term).due_on == date(
        2026, 12, 31
    )

    CalendarDayFactory(day=date(2026, 12, 31))
    with translation.override("en"):
        result = due_date_for(received_on=date(2026, 12, 30), term=term)

    assert result.due_on == date(2027, 1, 4)
    assert result.skipped[0] == SkippedDay(
        date(2026, 12, 31),
        DayOffReason.DECLARED,
        "Day off declared by the Council of Ministers",
    )


def test_declared_working_saturday_can_be_the_due_date():
    """Saturday 19 Dec 2026 declared working: 1 working day from Friday ends on it."""
    term = Term(1, working_days=True)
    assert due_date_for(received_on=date(2026, 12, 18), term=term).due_on == date(
        2026, 12, 21
    )

    CalendarDayFactory(working_day=True)

    assert due_date_for(received_on=date(2026, 12, 18), term=term).due_on == date(
        2026, 12, 19
    )


def test_calendar_term_ending_on_a_working_saturday_stays_there():
    CalendarDayFactory(working_day=True)

    result = due_date_for(received_on=date(2026, 12, 17), term=Term(2))

    assert result.due_on == date(2026, 12, 19)
    assert result.moved_from is None


@pytest.mark.parametrize(
    ("language", "holiday", "declared"),
    [
        pytest.param(
            "en",
            "Christmas Eve",
            "Day off declared by the Council of Ministers",
            id="en",
        ),
        pytest.param(
            "bg", "Бъдни вечер", "Обявен от Министерския съвет неработен ден", id="bg"
        ),
    ],
)
def test_names_follow_the_active_language(language, holiday, declared):
    CalendarDayFactory(day=date(2026, 12, 31))

    with translation.override(language):
        calendar = work_calendar_for(start=date(2026, 12, 1), end=date(2026, 12, 31))

    assert calendar.day_off_reason(date(2026, 12, 24)) == (
        DayOffReason.HOLIDAY,
        holiday,
    )
    assert calendar.day_off_reason(date(2026, 12, 31)) == (
        DayOffReason.DECLARED,
        declared,
    )


def test_calendar_reaches_into_the_next_year_in_one_query(django_assert_num_queries):
    """Terms filed in December end in January: its holidays and declared days count."""
    CalendarDayFactory(day=date(2027, 1, 4))
    CalendarDayFactory(day=date(2029, 1, 4))  # beyond the calendar's reach

    with django_assert_num_queries(1):
        calendar = work_calendar_for(start=date(2026, 12, 1), end=date(2026, 12, 31))

    assert calendar.is_working_day(date(2027, 1, 1)) is False  # New Year's Day
    assert calendar.is_working_day(date(2027, 1, 4)) is False  # declared
    assert calendar.is_working_day(date(2029, 1, 4)) is True  # not loaded
    assert calendar.is_working_day(date(2027, 12, 28)) is False  # observed Christmas


def test_due_date_for_the_last_years_python_knows():
    """Dates near 9999 compute when they fit, and overflow cleanly when they do not."""
    late = due_date_for(received_on=date(9999, 12, 1), term=Term(3))
    assert late.due_on.year == 9999

    with pytest.raises(OverflowError, match="out of range"):
        due_date_for(received_on=date(9999, 12, 20), term=Term(30))
