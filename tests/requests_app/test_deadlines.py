"""Due dates on the Bulgarian work calendar (#2): pure module, no database, no clock.

The calendar is the real `holidays` data for Bulgaria (English names), plus the declared
days off and working Saturdays that staff would add in the admin.
"""

from datetime import date

import holidays
import pytest

from requests_app.deadlines import (
    CalendarChange,
    DayOffReason,
    DayState,
    DueDate,
    DueRecord,
    DueStep,
    SkippedDay,
    Term,
    WorkCalendar,
    add_working_days,
    calendar_declaring,
    due_date,
    due_date_after_calendar_change,
    extension_is_late,
    extension_latest,
    paused_days,
    restart_after_answer,
    resume_after_suspension,
    working_days_between,
)

BG_HOLIDAYS = dict(
    holidays.country_holidays("BG", years=range(2025, 2029), language="en_US").items()
)
# Hypothetical decisions of the Council of Ministers, as staff would enter them.
DECLARED_OFF = {date(2026, 11, 27): "Day off declared for the test"}
WORKING_SATURDAY = date(2026, 11, 21)

WEEKEND = DayOffReason.WEEKEND
HOLIDAY = DayOffReason.HOLIDAY
DECLARED = DayOffReason.DECLARED


def bg_calendar(
    *,
    days_off: dict[date, str] | None = None,
    working_days: frozenset[date] = frozenset(),
) -> WorkCalendar:
    """Return the real Bulgarian calendar with optional staff-declared days."""
    return WorkCalendar(
        holidays=BG_HOLIDAYS, days_off=days_off or {}, working_days=working_days
    )


CALENDAR = bg_calendar()
WITH_DAY_OFF = bg_calendar(days_off=DECLARED_OFF)
WITH_WORKING_SATURDAY = bg_calendar(working_days=frozenset({WORKING_SATURDAY}))


def d(text: str) -> date:
    return date.fromisoformat(text)


def due(filed: str, days: int, working: bool = False, calendar=CALENDAR) -> DueDate:
    return due_date(
        received_on=d(filed), term=Term(days, working_days=working), calendar=calendar
    )


# (filed, days, working days?, calendar, due)
DUE_DATE_CASES = [
    # Weekends (November 2026: Fri 20, Sat 21, Sun 22, Mon 23).
    pytest.param("2026-11-20", 1, True, CALENDAR, "2026-11-23", id="fri+1wd->mon"),
    pytest.param("2026-11-20", 1, False, CALENDAR, "2026-11-23", id="fri+1cd=sat->mon"),
    pytest.param("2026-11-19", 2, False, CALENDAR, "2026-11-23", id="thu+2cd=sat->mon"),
    pytest.param("2026-11-19", 3, False, CALENDAR, "2026-11-23", id="thu+3cd=sun->mon"),
    pytest.param("2026-11-19", 4, False, CALENDAR, "2026-11-23", id="thu+4cd=mon"),
    pytest.param("2026-11-21", 1, True, CALENDAR, "2026-11-23", id="sat+1wd->mon"),
    pytest.param("2026-11-22", 1, False, CALENDAR, "2026-11-23", id="sun+1cd=mon"),
    pytest.param("2026-11-23", 5, True, CALENDAR, "2026-11-30", id="mon+5wd->next-mon"),
    pytest.param("2026-11-18", 14, False, CALENDAR, "2026-12-02", id="wed+14cd=wed"),
    pytest.param("2026-11-18", 10, True, CALENDAR, "2026-12-02", id="wed+10wd=wed"),
    # Orthodox Easter 2026: Good Friday 10 Apr, Holy Saturday 11, Easter 12, Monday 13.
    pytest.param(
        "2026-04-09", 1, False, CALENDAR, "2026-04-14", id="easter26:thu+1cd->tue"
    ),
    pytest.param(
        "2026-04-09", 1, True, CALENDAR, "2026-04-14", id="easter26:thu+1wd->tue"
    ),
    pytest.param(
        "2026-04-08", 3, True, CALENDAR, "2026-04-15", id="easter26:wed+3wd->wed"
    ),
    pytest.param(
        "2026-04-10", 14, False, CALENDAR, "2026-04-24", id="easter26:fri+14cd"
    ),
    pytest.param(
        "2026-04-12", 0, False, CALENDAR, "2026-04-14", id="easter26:sun+0->tue"
    ),
    # Orthodox Easter 2027: 30 Apr to 3 May; 1 May is Holy Saturday, so 4 May is off.
    pytest.param(
        "2027-04-29", 1, False, CALENDAR, "2027-05-05", id="easter27:thu+1cd->wed"
    ),
    pytest.param(
        "2027-04-29", 1, True, CALENDAR, "2027-05-05", id="easter27:thu+1wd->wed"
    ),
    pytest.param(
        "2027-05-03", 1, False, CALENDAR, "2027-05-05", id="easter27:4-may-off"
    ),
    pytest.param(
        "2027-04-29", 2, True, CALENDAR, "2027-05-07", id="easter27:+2wd-6may-off"
    ),
    # Substitute days: 24 May 2026 is a Sunday (25 May off), 6 Sep 2026 too (7 Sep off).
    pytest.param("2026-05-22", 2, False, CALENDAR, "2026-05-26", id="24may-sun->tue"),
    pytest.param("2026-05-22", 1, True, CALENDAR, "2026-05-26", id="fri+1wd-25may-off"),
    pytest.param("2026-09-05", 1, False, CALENDAR, "2026-09-08", id="6sep-sun->tue"),
    pytest.param("2026-09-04", 1, True, CALENDAR, "2026-09-08", id="fri+1wd-7sep-off"),
    # Declared day off (Fri 27 Nov 2026, hypothetical).
    pytest.param(
        "2026-11-26", 1, True, WITH_DAY_OFF, "2026-11-30", id="declared:thu+1wd"
    ),
    pytest.param(
        "2026-11-25", 2, False, WITH_DAY_OFF, "2026-11-30", id="declared:wed+2cd"
    ),
    pytest.param(
        "2026-11-26", 1, True, CALENDAR, "2026-11-27", id="undeclared:thu+1wd"
    ),
    # Saturday 21 Nov 2026 declared a working day (hypothetical).
    pytest.param(
        "2026-11-20", 1, True, WITH_WORKING_SATURDAY, "2026-11-21", id="worksat:fri+1wd"
    ),
    pytest.param(
        "2026-11-19",
        2,
        False,
        WITH_WORKING_SATURDAY,
        "2026-11-21",
        id="worksat:thu+2cd",
    ),
    pytest.param(
        "2026-11-19", 3, True, WITH_WORKING_SATURDAY, "2026-11-23", id="worksat:thu+3wd"
    ),
    pytest.param(
        "2026-11-21", 0, False, WITH_WORKING_SATURDAY, "2026-11-21", id="worksat:sat+0"
    ),
    # Year end: 24-26 Dec 2026 holidays, 27 Sunday, 28 Dec substitute for 26 Dec (Sat);
    # 31 Dec 2025 and 2 Jan 2026 one-off days off known to the holidays package.
    pytest.param("2026-12-23", 14, False, CALENDAR, "2027-01-06", id="23dec+14cd=6jan"),
    pytest.param(
        "2026-12-20", 14, False, CALENDAR, "2027-01-04", id="20dec+14cd=sun->mon"
    ),
    pytest.param(
        "2026-12-10", 14, False, CALENDAR, "2026-12-29", id="10dec+14cd=24dec->29"
    ),
    pytest.param("2026-12-23", 1, True, CALENDAR, "2026-12-29", id="23dec+1wd->29dec"),
    pytest.param("2026-12-23", 14, True, CALENDAR, "2027-01-18", id="23dec+14wd"),
    pytest.param("2025-12-30", 1, True, CALENDAR, "2026-01-05", id="30dec25+1wd->5jan"),
    pytest.param(
        "2025-12-29", 2, False, CALENDAR, "2026-01-05", id="29dec25+2cd=31->5jan"
    ),
    pytest.param(
        "2026-01-01", 1, False, CALENDAR, "2026-01-05", id="1jan26+1cd=2jan-off"
    ),
    # 0-day terms: the filing day itself when it is a working day, else the next one.
    pytest.param("2026-11-24", 0, False, CALENDAR, "2026-11-24", id="0cd-tue=same-day"),
    pytest.param("2026-11-24", 0, True, CALENDAR, "2026-11-24", id="0wd-tue=same-day"),
    pytest.param("2026-11-21", 0, False, CALENDAR, "2026-11-23", id="0cd-sat->mon"),
    pytest.param("2026-12-24", 0, True, CALENDAR, "2026-12-29", id="0wd-24dec->29dec"),
    # 60-day terms.
    pytest.param("2026-11-24", 60, False, CALENDAR, "2027-01-25", id="60cd=sat->mon"),
    pytest.param(
        "2026-11-24", 60, True, CALENDAR, "2027-02-22", id="60wd-over-new-year"
    ),
    pytest.param(
        "2027-03-15", 60, False, CALENDAR, "2027-05-14", id="60cd-over-easter27"
    ),
]


@pytest.mark.parametrize(
    ("filed", "days", "working", "calendar", "expected"), DUE_DATE_CASES
)
def test_due_date(filed, days, working, calendar, expected):
    """The due date follows the Bulgarian rules for each kind of term (#2)."""
    result = due(filed, days, working, calendar)

    assert result.due_on == d(expected)
    assert calendar.is_working_day(result.due_on) is True


def test_working_day_term_skips_each_day_off_with_its_reason():
    """The explanation lists every day left out of the term and why (#2)."""
    result = due("2026-12-23", 1, working=True)

    assert result.skipped == (
        SkippedDay(d("2026-12-24"), HOLIDAY, "Christmas Eve"),
        SkippedDay(d("2026-12-25"), HOLIDAY, "Christmas Day"),
        SkippedDay(d("2026-12-26"), HOLIDAY, "Christmas Day"),
        SkippedDay(d("2026-12-27"), WEEKEND, ""),
        SkippedDay(d("2026-12-28"), HOLIDAY, "Christmas Day (observed)"),
    )
    assert result.not_counted == result.skipped
    assert result.moved_over == ()
    assert result.moved_from is None
    assert result.counted_days_off == ()


def test_working_day_term_names_easter_2027_and_the_substitute_for_1_may():
    """1 May 2027 is Holy Saturday, so 4 May is off; 6 May is St George's Day (#2)."""
    result = due("2027-04-29", 2, working=True)

    assert [(s.day, s.reason) for s in result.skipped] == [
        (d("2027-04-30"), HOLIDAY),
        (d("2027-05-01"), HOLIDAY),
        (d("2027-05-02"), HOLIDAY),
        (d("2027-05-03"), HOLIDAY),
        (d("2027-05-04"), HOLIDAY),
        (d("2027-05-06"), HOLIDAY),
    ]
    assert result.skipped[0].name == "Good Friday"
    assert "Holy Saturday" in result.skipped[1].name
    assert "Labor Day" in result.skipped[1].name
    assert result.skipped[4].name.endswith("(observed)")


def test_working_day_term_skips_weekends_with_the_weekend_reason():
    result = due("2026-11-20", 1, working=True)

    assert result.skipped == (
        SkippedDay(d("2026-11-21"), WEEKEND),
        SkippedDay(d("2026-11-22"), WEEKEND),
    )


def test_60_working_days_skip_the_year_end_holidays_and_every_weekend():
    result = due("2026-11-24", 60, working=True)

    holidays_skipped = [s.day for s in result.skipped if s.reason == HOLIDAY]
    assert holidays_skipped == [
        d("2026-12-24"),
        d("2026-12-25"),
        d("2026-12-26"),
        d("2026-12-28"),
        d("2027-01-01"),
    ]
    # 25 Nov 2026 .. 22 Feb 2027 is 90 days: 60 working, 5 holidays, 25 weekend days.
    assert len(result.skipped) == 90 - 60
    assert sum(s.reason == WEEKEND for s in result.skipped) == 25


def test_declared_day_off_is_skipped_with_its_name():
    result = due("2026-11-26", 1, working=True, calendar=WITH_DAY_OFF)

    assert result.skipped[0] == SkippedDay(
        d("2026-11-27"), DECLARED, "Day off declared for the test"
    )


def test_calendar_term_ending_on_a_day_off_moves_and_says_from_where():
    """The term ended on 24 Dec 2026; 24-28 Dec are off, so it is due on 29 Dec (#2)."""
    result = due("2026-12-10", 14)

    assert result.moved_from == d("2026-12-24")
    assert [s.day for s in result.moved_over] == [
        d("2026-12-24"),
        d("2026-12-25"),
        d("2026-12-26"),
        d("2026-12-27"),
        d("2026-12-28"),
    ]
    assert result.moved_over[3].reason == WEEKEND
    assert result.not_counted == ()
    assert result.counted_days_off == ()  # the end day is moved over, not counted


def test_calendar_term_counts_the_holidays_inside_it():
    """14 calendar days from 23 Dec 2026 count Christmas and New Year (#2)."""
    result = due("2026-12-23", 14)

    assert result.skipped == ()
    assert result.moved_from is None
    assert [(s.day, s.name) for s in result.counted_days_off] == [
        (d("2026-12-24"), "Christmas Eve"),
        (d("2026-12-25"), "Christmas Day"),
        (d("2026-12-26"), "Christmas Day"),
        (d("2026-12-28"), "Christmas Day (observed)"),
        (d("2027-01-01"), "New Year's Day"),
    ]


def test_calendar_term_ending_on_a_holiday_counts_the_earlier_ones_only():
    """20 Dec 2026 + 5 days ends on Christmas Day: 24 Dec counted, 25 moved over."""
    result = due("2026-12-20", 5)

    assert [s.day for s in result.counted_days_off] == [d("2026-12-24")]
    assert result.moved_from == d("2026-12-25")
    assert result.due_on == d("2026-12-29")


def test_calendar_term_ending_on_a_sunday_keeps_the_holidays_it_counted():
    result = due("2026-12-20", 14)

    assert result.moved_from == d("2027-01-03")
    assert result.moved_over == (SkippedDay(d("2027-01-03"), WEEKEND),)
    assert len(result.counted_days_off) == 5


def test_zero_day_term_on_a_day_off_moves_from_the_filing_day():
    result = due("2026-04-10", 0)

    assert result.moved_from == d("2026-04-10")
    assert [s.name for s in result.moved_over] == [
        "Good Friday",
        "Holy Saturday",
        "Easter",
        "Easter",
    ]
    assert result.due_on == d("2026-04-14")


def test_counting_starts_the_day_after_filing():
    result = due("2026-11-23", 1)

    assert result.counted_from == d("2026-11-24")
    assert result.due_on == d("2026-11-24")


def test_negative_term_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        Term(-1)


@pytest.mark.parametrize(
    ("day", "calendar", "expected"),
    [
        pytest.param("2026-11-24", CALENDAR, None, id="tuesday-working"),
        pytest.param("2026-11-21", CALENDAR, (WEEKEND, ""), id="saturday-weekend"),
        pytest.param("2026-11-22", CALENDAR, (WEEKEND, ""), id="sunday-weekend"),
        pytest.param("2026-03-03", CALENDAR, (HOLIDAY, "Liberation Day"), id="3-march"),
        pytest.param(
            "2026-11-27",
            WITH_DAY_OFF,
            (DECLARED, "Day off declared for the test"),
            id="declared-off",
        ),
        pytest.param("2026-11-21", WITH_WORKING_SATURDAY, None, id="working-saturday"),
        pytest.param(
            "2026-03-03",
            bg_calendar(days_off={d("2026-03-03"): "Declared"}),
            (DECLARED, "Declared"),
            id="declared-wins-over-holiday",
        ),
        pytest.param(
            "2026-03-03",
            bg_calendar(working_days=frozenset({d("2026-03-03")})),
            None,
            id="declared-working-wins-over-holiday",
        ),
    ],
)
def test_day_off_reason(day, calendar, expected):
    assert calendar.day_off_reason(d(day)) == expected


@pytest.mark.parametrize(
    ("start", "end", "calendar", "expected"),
    [
        pytest.param("2026-11-20", "2026-11-23", CALENDAR, 1, id="fri->mon=1"),
        pytest.param("2026-11-20", "2026-11-20", CALENDAR, 0, id="same-day=0"),
        pytest.param("2026-11-23", "2026-11-20", CALENDAR, 0, id="end-before-start=0"),
        pytest.param("2026-11-16", "2026-11-30", CALENDAR, 10, id="two-weeks=10"),
        pytest.param("2026-12-23", "2026-12-29", CALENDAR, 1, id="christmas-2026=1"),
        pytest.param("2026-04-09", "2026-04-14", CALENDAR, 1, id="easter-2026=1"),
        pytest.param("2027-04-29", "2027-05-07", CALENDAR, 2, id="easter-2027=2"),
        pytest.param("2025-12-30", "2026-01-05", CALENDAR, 1, id="new-year-2026=1"),
        pytest.param(
            "2026-11-20", "2026-11-23", WITH_WORKING_SATURDAY, 2, id="working-sat=2"
        ),
        pytest.param("2026-11-26", "2026-11-30", WITH_DAY_OFF, 1, id="declared-off=1"),
    ],
)
def test_working_days_between(start, end, calendar, expected):
    assert working_days_between(d(start), d(end), calendar) == expected


@pytest.mark.parametrize(
    ("start", "days", "calendar", "expected"),
    [
        pytest.param("2026-11-20", 1, CALENDAR, "2026-11-23", id="fri+1->mon"),
        pytest.param("2026-11-20", 5, CALENDAR, "2026-11-27", id="fri+5->fri"),
        pytest.param("2026-04-09", 1, CALENDAR, "2026-04-14", id="easter26+1->tue"),
        pytest.param("2026-12-23", 1, CALENDAR, "2026-12-29", id="23dec+1->29dec"),
        pytest.param("2026-11-24", 0, CALENDAR, "2026-11-24", id="tue+0=tue"),
        pytest.param("2026-11-21", 0, CALENDAR, "2026-11-23", id="sat+0->mon"),
        pytest.param(
            "2026-11-20", 1, WITH_WORKING_SATURDAY, "2026-11-21", id="worksat"
        ),
        pytest.param("2026-11-26", 1, WITH_DAY_OFF, "2026-11-30", id="declared-off"),
    ],
)
def test_add_working_days(start, days, calendar, expected):
    assert add_working_days(d(start), days, calendar) == d(expected)


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="cannot be negative"):
        add_working_days(d("2026-11-20"), -1, CALENDAR)


def test_add_and_count_working_days_agree_for_every_day_of_2026():
    """Adding N working days and counting them back gives N, from any starting day."""
    start = d("2026-01-01")
    for offset in range(365):
        day = date.fromordinal(start.toordinal() + offset)
        for days in (1, 2, 5, 10, 14):
            end = add_working_days(day, days, CALENDAR)
            assert working_days_between(day, end, CALENDAR) == days, (day, days)
            assert CALENDAR.is_working_day(end) is True


@pytest.mark.parametrize(
    ("due_on", "suspended", "resumed", "expected"),
    [
        pytest.param(
            "2026-11-23", "2026-11-17", "2026-11-20", "2026-11-26", id="3-days"
        ),
        pytest.param(
            "2026-11-23", "2026-11-17", "2026-11-17", "2026-11-23", id="same-day"
        ),
        pytest.param(
            "2026-11-23", "2026-11-20", "2026-11-17", "2026-11-23", id="resumed-before"
        ),
        pytest.param(
            "2026-11-19", "2026-11-02", "2026-11-04", "2026-11-23", id="lands-sat->mon"
        ),
        pytest.param(
            "2026-12-16", "2026-12-01", "2026-12-09", "2026-12-29", id="lands-24dec->29"
        ),
        pytest.param(
            "2026-04-08", "2026-03-30", "2026-04-01", "2026-04-14", id="lands-easter26"
        ),
    ],
)
def test_resume_after_suspension(due_on, suspended, resumed, expected):
    """A calendar-day term moves by the calendar days paused, onto a working day."""
    result = resume_after_suspension(
        due_on=d(due_on),
        suspended_on=d(suspended),
        resumed_on=d(resumed),
        working_days=False,
        calendar=CALENDAR,
    )

    assert result == d(expected)


# A working-day term paused: the date moves by the paused WORKING days (#11).
# Columns: due date, asked on, answered on, calendar, paused working days, new due date.
PAUSE_WORKING_DAY_CASES = [
    pytest.param(
        "2026-11-25", "2026-11-20", "2026-11-23", CALENDAR, 1, "2026-11-26",
        id="fri->mon-is-1wd",
    ),
    pytest.param(
        "2026-11-25", "2026-11-17", "2026-11-17", CALENDAR, 0, "2026-11-25",
        id="same-day-0wd",
    ),
    pytest.param(
        "2026-11-25", "2026-11-20", "2026-11-17", CALENDAR, 0, "2026-11-25",
        id="resumed-before-0wd",
    ),
    pytest.param(
        "2026-11-25", "2026-11-16", "2026-11-23", CALENDAR, 5, "2026-12-02",
        id="a-week-is-5wd",
    ),
    pytest.param(
        "2026-12-30", "2026-12-22", "2026-12-29", CALENDAR, 2, "2027-01-04",
        id="christmas-week-2wd-over-new-year",
    ),
    pytest.param(
        "2026-11-25", "2026-11-20", "2026-11-23", WITH_WORKING_SATURDAY, 2,
        "2026-11-27", id="working-saturday-counts",
    ),
    pytest.param(
        "2026-12-01", "2026-11-26", "2026-11-30", WITH_DAY_OFF, 1, "2026-12-02",
        id="declared-day-off-not-counted",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("due_on", "suspended", "resumed", "calendar", "paused", "expected"),
    PAUSE_WORKING_DAY_CASES,
)
def test_pause_on_a_working_day_term_moves_by_working_days(
    due_on, suspended, resumed, calendar, paused, expected
):
    """A weekend or holiday spent waiting does not shorten a working-day term."""
    assert (
        paused_days(
            suspended_on=d(suspended),
            resumed_on=d(resumed),
            working_days=True,
            calendar=calendar,
        )
        == paused
    )
    result = resume_after_suspension(
        due_on=d(due_on),
        suspended_on=d(suspended),
        resumed_on=d(resumed),
        working_days=True,
        calendar=calendar,
    )

    assert result == d(expected)


@pytest.mark.parametrize(
    ("answered", "days", "working", "expected"),
    [
        pytest.param("2026-11-30", 14, False, "2026-12-14", id="14d-from-answer"),
        pytest.param("2026-11-22", 14, False, "2026-12-07", id="14d-sun->mon"),
        pytest.param("2026-12-22", 3, True, "2026-12-30", id="3wd-over-christmas"),
        pytest.param("2026-12-18", 14, False, "2027-01-04", id="14d-1jan->4jan"),
    ],
)
def test_restart_runs_the_full_term_from_the_answer(answered, days, working, expected):
    """Access to Public Information Act art. 29(1): the term runs again in full."""
    result = restart_after_answer(
        answered_on=d(answered), term=Term(days, working), calendar=CALENDAR
    )

    assert result.due_on == d(expected)
    assert result.counted_from == d(answered) + date.resolution


@pytest.mark.parametrize(
    ("original", "max_days", "suspended_days", "expected"),
    [
        pytest.param("2026-12-01", 14, 0, "2026-12-15", id="tue+14->tue"),
        pytest.param("2026-12-01", 0, 0, "2026-12-01", id="no-extension-allowed"),
        pytest.param("2026-12-04", 15, 0, "2026-12-21", id="ends-sat->mon"),
        pytest.param("2026-12-10", 14, 0, "2026-12-29", id="ends-24dec->29"),
        pytest.param("2026-12-21", 14, 0, "2027-01-04", id="across-new-year"),
        pytest.param("2026-12-01", 14, 7, "2026-12-22", id="suspended-7-days"),
        pytest.param("2026-12-01", 14, -1, "2026-12-14", id="moved-back-1-day"),
        pytest.param("2026-12-01", 30, 0, "2026-12-31", id="30-days"),
    ],
)
def test_extension_latest(original, max_days, suspended_days, expected):
    """The maximum counts from the original due date, moved by suspensions only."""
    result = extension_latest(
        original_due_on=d(original),
        max_days=max_days,
        calendar=CALENDAR,
        suspended_days=suspended_days,
    )

    assert result == d(expected)


@pytest.mark.parametrize(
    ("due_on", "made_on", "expected"),
    [
        pytest.param("2026-12-01", "2026-11-24", False, id="a-week-before"),
        pytest.param("2026-12-01", "2026-11-30", False, id="day-before"),
        pytest.param("2026-12-01", "2026-12-01", False, id="on-the-due-date"),
        pytest.param("2026-12-01", "2026-12-02", True, id="day-after"),
        pytest.param("2026-12-31", "2027-01-04", True, id="after-new-year"),
    ],
)
def test_extension_is_late(due_on, made_on, expected):
    """An extension is in time while the term runs, the due date included."""
    assert extension_is_late(due_on=d(due_on), made_on=d(made_on)) is expected


# --- A day declared after filing (#11) ----------------------------------------------

OFF, WORKING, PLAIN = DayState.DAY_OFF, DayState.WORKING_DAY, DayState.PLAIN


def case(
    filed: str,
    days: int,
    working: bool,
    original: str,
    due_on: str,
    steps: tuple[DueStep, ...] = (),
) -> DueRecord:
    return DueRecord(
        received_on=d(filed),
        term=Term(days, working_days=working),
        original_due_on=d(original),
        due_on=d(due_on),
        steps=steps,
    )


def resumed(announced: str, suspended: str, resumed_on: str) -> DueStep:
    return DueStep(d(announced), suspended_on=d(suspended), resumed_on=d(resumed_on))


# 14 calendar days from Tue 24 Nov 2026 end on Tue 8 Dec; so do 10 working days.
CAL_14 = case("2026-11-24", 14, False, "2026-12-08", "2026-12-08")
WD_10 = case("2026-11-24", 10, True, "2026-12-08", "2026-12-08")
EXTENDED = case(
    "2026-11-24", 14, False, "2026-12-08", "2026-12-18", (DueStep(d("2026-12-18")),)
)
# Asked on 26 Nov, answered on 1 Dec: 3 working days paused, 8 Dec -> 11 Dec.
WD_RESUMED = case(
    "2026-11-24",
    10,
    True,
    "2026-12-08",
    "2026-12-11",
    (resumed("2026-12-11", "2026-11-26", "2026-12-01"),),
)
RESTARTED = case(
    "2026-11-24",
    14,
    False,
    "2026-12-08",
    "2026-12-15",
    (DueStep(d("2026-12-15"), restarted_on=d("2026-12-01")),),
)


@pytest.mark.parametrize(
    ("record", "day", "before", "after", "declared", "expected"),
    [
        pytest.param(
            CAL_14,
            "2026-12-08",
            PLAIN,
            OFF,
            {},
            "2026-12-09",
            id="cal:off-on-due->next-wd",
        ),
        pytest.param(
            CAL_14,
            "2026-12-03",
            PLAIN,
            OFF,
            {},
            "2026-12-08",
            id="cal:off-inside-term->same",
        ),
        pytest.param(
            WD_10,
            "2026-12-03",
            PLAIN,
            OFF,
            {},
            "2026-12-09",
            id="wd:off-inside-term->+1wd",
        ),
        pytest.param(
            WD_10, "2026-12-08", PLAIN, OFF, {}, "2026-12-09", id="wd:off-on-due->+1wd"
        ),
        pytest.param(
            WD_10,
            "2026-12-10",
            PLAIN,
            OFF,
            {},
            "2026-12-08",
            id="wd:off-after-due->same",
        ),
        pytest.param(
            WD_10,
            "2026-11-20",
            PLAIN,
            OFF,
            {},
            "2026-12-08",
            id="wd:off-before-filing->same",
        ),
        pytest.param(
            WD_10,
            "2026-11-24",
            PLAIN,
            OFF,
            {},
            "2026-12-08",
            id="wd:off-on-filing-day->same",
        ),
        pytest.param(
            WD_10,
            "2026-11-28",
            PLAIN,
            WORKING,
            {},
            "2026-12-08",
            id="wd:working-sat-inside->never-earlier",
        ),
        pytest.param(
            case("2026-11-28", 14, False, "2026-12-14", "2026-12-14"),
            "2026-12-12",
            PLAIN,
            WORKING,
            {},
            "2026-12-14",
            id="cal:ended-sat-made-working->never-earlier",
        ),
        pytest.param(
            case("2026-11-24", 14, False, "2026-12-08", "2026-12-09"),
            "2026-12-08",
            OFF,
            PLAIN,
            {},
            "2026-12-08",
            id="cal:day-off-deleted->back",
        ),
        pytest.param(
            case("2026-11-24", 10, True, "2026-12-08", "2026-12-10"),
            "2026-12-03",
            OFF,
            PLAIN,
            {"2026-12-04": ""},
            "2026-12-09",
            id="wd:one-of-two-days-off-deleted->back-one",
        ),
        pytest.param(
            case("2026-11-24", 14, False, "2026-12-09", "2026-12-09"),
            "2026-12-08",
            OFF,
            PLAIN,
            {},
            "2026-12-09",
            id="cal:day-off-known-at-filing-deleted->announced-kept",
        ),
        pytest.param(
            case("2026-11-24", 10, True, "2026-12-08", "2026-12-09"),
            "2026-11-28",
            PLAIN,
            WORKING,
            {"2026-12-03": ""},
            "2026-12-08",
            id="wd:working-sat-offsets-day-off->announced",
        ),
        pytest.param(
            EXTENDED,
            "2026-12-15",
            PLAIN,
            OFF,
            {},
            "2026-12-18",
            id="ext:off-before-fixed-date->same",
        ),
        pytest.param(
            EXTENDED,
            "2026-12-18",
            PLAIN,
            OFF,
            {},
            "2026-12-21",
            id="ext:fixed-fri-made-off->mon",
        ),
        pytest.param(
            WD_RESUMED,
            "2026-12-10",
            PLAIN,
            OFF,
            {},
            "2026-12-14",
            id="resumed:off-after-resume->+1wd",
        ),
        pytest.param(
            WD_RESUMED,
            "2026-11-27",
            PLAIN,
            OFF,
            {},
            "2026-12-11",
            id="resumed:off-while-paused->same",
        ),
        pytest.param(
            RESTARTED,
            "2026-12-15",
            PLAIN,
            OFF,
            {},
            "2026-12-16",
            id="restarted:off-on-new-due->next-wd",
        ),
        pytest.param(
            RESTARTED,
            "2026-12-08",
            PLAIN,
            OFF,
            {},
            "2026-12-15",
            id="restarted:off-on-old-due->same",
        ),
        pytest.param(
            case("2026-11-24", 10, True, "2026-12-08", "2026-12-17"),
            "2026-12-03",
            PLAIN,
            OFF,
            {},
            "2026-12-17",
            id="hand-set:off-inside->left-alone",
        ),
        pytest.param(
            case("2026-11-24", 10, True, "2026-12-08", "2026-12-17"),
            "2026-12-17",
            PLAIN,
            OFF,
            {},
            "2026-12-18",
            id="hand-set:made-off->next-wd",
        ),
        pytest.param(
            case("2026-12-02", 0, False, "2026-12-02", "2026-12-02"),
            "2026-12-02",
            PLAIN,
            OFF,
            {},
            "2026-12-03",
            id="0-days:filing-day-made-off->next",
        ),
        pytest.param(
            case("2026-12-14", 5, True, "2026-12-21", "2026-12-21"),
            "2026-12-21",
            PLAIN,
            OFF,
            {},
            "2026-12-22",
            id="wd:off-before-christmas->22dec",
        ),
        pytest.param(
            case("2026-12-15", 5, True, "2026-12-22", "2026-12-22"),
            "2026-12-22",
            PLAIN,
            OFF,
            {"2026-12-23": ""},
            "2026-12-29",
            id="wd:off-runs-into-christmas->29dec",
        ),
    ],
)
def test_due_date_after_calendar_change(record, day, before, after, declared, expected):
    """A day declared after filing moves an open case's due date, never earlier."""
    others = bg_calendar(days_off={d(k): v for k, v in declared.items()})
    calendar = calendar_declaring(others, d(day), after, "Declared for the test")
    change = CalendarChange(day=d(day), before=before, after=after)
    result = due_date_after_calendar_change(record, change=change, calendar=calendar)
    assert result == d(expected)
