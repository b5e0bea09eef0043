"""The due date explained in words: which days counted, which did not, and why (#2)."""

from datetime import date

from django.utils import translation

import holidays
import pytest

from requests_app.deadlines import Term, WorkCalendar, due_date
from requests_app.explain import ExplainedDueDate, explain_due_date, format_day

EN_HOLIDAYS = dict(
    holidays.country_holidays("BG", years=range(2025, 2029), language="en_US").items()
)
BG_HOLIDAYS = dict(
    holidays.country_holidays("BG", years=range(2025, 2029), language="bg").items()
)


def explain(
    filed: str,
    days: int,
    *,
    working: bool = False,
    language: str = "en",
    calendar: WorkCalendar | None = None,
) -> list[str]:
    names = BG_HOLIDAYS if language == "bg" else EN_HOLIDAYS
    due = due_date(
        received_on=date.fromisoformat(filed),
        term=Term(days, working_days=working),
        calendar=calendar or WorkCalendar(holidays=names),
    )
    with translation.override(language):
        return explain_due_date(due)


def test_calendar_term_over_christmas_says_the_holidays_count():
    """The issue's example: filed 23 Dec 2026, 14 calendar days, due 6 Jan 2027 (#2)."""
    assert explain("2026-12-23", 14) == [
        "Filed on Wednesday, 23 December 2026; the term counts from Thursday, "
        "24 December 2026, the day after filing.",
        "14 calendar days: weekends and holidays within the term count.",
        "Thursday, 24 December 2026 counts as a calendar day, although it is a day "
        "off: Christmas Eve.",
        "Friday, 25 December 2026 counts as a calendar day, although it is a day off: "
        "Christmas Day.",
        "Saturday, 26 December 2026 counts as a calendar day, although it is a day "
        "off: Christmas Day.",
        "Monday, 28 December 2026 counts as a calendar day, although it is a day off: "
        "Christmas Day (observed).",
        "Friday, 1 January 2027 counts as a calendar day, although it is a day off: "
        "New Year's Day.",
        "Due date: Wednesday, 6 January 2027.",
    ]


def test_term_ending_on_a_sunday_explains_the_move_to_monday():
    lines = explain("2026-12-20", 14)

    assert lines[-2:] == [
        "The term ended on Sunday, 3 January 2027, a day off (weekend), so it moves "
        "to the next working day, Monday, 4 January 2027.",
        "Due date: Monday, 4 January 2027.",
    ]


def test_term_ending_on_christmas_eve_lists_every_day_off_it_moves_over():
    lines = explain("2026-12-10", 14)

    assert lines[2:] == [
        "The term ended on Thursday, 24 December 2026, a day off (Christmas Eve), "
        "so it moves to the next working day, Tuesday, 29 December 2026.",
        "Friday, 25 December 2026 is also a day off: Christmas Day.",
        "Saturday, 26 December 2026 is also a day off: Christmas Day.",
        "Sunday, 27 December 2026 is also a day off: weekend.",
        "Monday, 28 December 2026 is also a day off: Christmas Day (observed).",
        "Due date: Tuesday, 29 December 2026.",
    ]


def test_working_day_term_lists_each_day_not_counted():
    assert explain("2026-12-23", 1, working=True) == [
        "Filed on Wednesday, 23 December 2026; the term counts from Thursday, "
        "24 December 2026, the day after filing.",
        "1 working day: weekends, public holidays and declared days off are not "
        "counted.",
        "Thursday, 24 December 2026 not counted: Christmas Eve.",
        "Friday, 25 December 2026 not counted: Christmas Day.",
        "Saturday, 26 December 2026 not counted: Christmas Day.",
        "Sunday, 27 December 2026 not counted: weekend.",
        "Monday, 28 December 2026 not counted: Christmas Day (observed).",
        "Due date: Tuesday, 29 December 2026.",
    ]


@pytest.mark.parametrize(
    ("days", "working", "expected"),
    [
        pytest.param(1, False, "1 calendar day: weekends", id="1-calendar-day"),
        pytest.param(60, False, "60 calendar days: weekends", id="60-calendar-days"),
        pytest.param(1, True, "1 working day: weekends", id="1-working-day"),
        pytest.param(10, True, "10 working days: weekends", id="10-working-days"),
    ],
)
def test_term_length_uses_the_right_plural(days, working, expected):
    assert explain("2026-11-24", days, working=working)[1].startswith(expected)


def test_zero_day_term_on_a_working_day_is_due_the_same_day():
    assert explain("2026-11-24", 0) == [
        "Filed on Tuesday, 24 November 2026. The term is 0 days: the answer is due on "
        "the day of filing.",
        "Due date: Tuesday, 24 November 2026.",
    ]


def test_zero_day_term_on_good_friday_moves_past_easter():
    lines = explain("2026-04-10", 0)

    assert lines[1:] == [
        "The day of filing, Friday, 10 April 2026, is a day off (Good Friday), so the "
        "answer is due on the next working day, Tuesday, 14 April 2026.",
        "Saturday, 11 April 2026 is also a day off: Holy Saturday.",
        "Sunday, 12 April 2026 is also a day off: Easter.",
        "Monday, 13 April 2026 is also a day off: Easter.",
        "Due date: Tuesday, 14 April 2026.",
    ]


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        pytest.param(
            WorkCalendar(days_off={date(2026, 11, 27): "Decision No 123 of 2026"}),
            "Friday, 27 November 2026 not counted: declared day off: Decision No 123 "
            "of 2026.",
            id="declared-with-reason",
        ),
        pytest.param(
            WorkCalendar(days_off={date(2026, 11, 27): ""}),
            "Friday, 27 November 2026 not counted: declared day off.",
            id="declared-without-reason",
        ),
        pytest.param(
            WorkCalendar(holidays={date(2026, 11, 27): ""}),
            "Friday, 27 November 2026 not counted: public holiday.",
            id="holiday-without-name",
        ),
    ],
)
def test_day_off_without_a_name_still_says_why(calendar, expected):
    assert explain("2026-11-26", 1, working=True, calendar=calendar)[2] == expected


def test_explained_due_date_gives_templates_the_date_and_the_lines():
    due = due_date(
        received_on=date(2026, 12, 23),
        term=Term(14),
        calendar=WorkCalendar(holidays=EN_HOLIDAYS),
    )
    explained = ExplainedDueDate(due)

    assert explained.due_on == date(2027, 1, 6)
    with translation.override("en"):
        assert explained.explanation_lines == explain_due_date(due)


def test_explanation_is_in_bulgarian_with_lower_case_months():
    """Bulgarian is the default language; months are written in lower case (#2)."""
    lines = explain("2026-12-23", 14, language="bg")

    assert lines[0] == (
        "Подадено на сряда, 23 декември 2026 г.; срокът тече от четвъртък, "
        "24 декември 2026 г. – денят след подаването."
    )
    assert lines[1] == (
        "14 календарни дни: почивните и празничните дни в срока се броят."
    )
    assert lines[-1] == "Краен срок: сряда, 6 януари 2027 г."
    assert "Бъдни вечер" in lines[2]


def test_format_day_follows_the_active_language():
    with translation.override("en"):
        assert format_day(date(2027, 5, 4)) == "Tuesday, 4 May 2027"
    with translation.override("bg"):
        assert format_day(date(2027, 5, 4)) == "вторник, 4 май 2027 г."
