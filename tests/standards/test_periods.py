"""Report periods: pure date arithmetic (#5)."""

from datetime import date

import pytest

from standards.periods import Period, period_for, period_last_complete


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("month", 2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
        ("quarter", 2026, 4, date(2026, 10, 1), date(2026, 12, 31)),
        ("half", 2026, 1, date(2026, 1, 1), date(2026, 6, 30)),
        ("year", 2028, 1, date(2028, 1, 1), date(2028, 12, 31)),
    ],
    ids=["february", "q4", "h1", "leap-year"],
)
def test_period_for(kind, year, number, start, end):
    period = period_for(kind=kind, year=year, number=number)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (
            Period("quarter", date(2026, 1, 1), date(2026, 3, 31)),
            (date(2025, 10, 1), date(2025, 12, 31)),
        ),
        (
            Period("month", date(2026, 3, 1), date(2026, 3, 31)),
            (date(2026, 2, 1), date(2026, 2, 28)),
        ),
        (
            Period("custom", date(2026, 3, 10), date(2026, 3, 19)),
            (date(2026, 2, 28), date(2026, 3, 9)),
        ),
    ],
    ids=["q1->q4", "march->february", "custom-10-days"],
)
def test_previous_period(period, previous):
    before = period.previous()
    assert (before.start, before.end) == previous


def test_last_complete_quarter_and_year():
    assert period_last_complete(kind="quarter", today=date(2026, 4, 2)).start == date(
        2026, 1, 1
    )
    year = period_last_complete(kind="year", today=date(2027, 1, 3))
    assert (year.start, year.end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_months_are_clipped_to_the_period():
    months = Period("custom", date(2026, 1, 15), date(2026, 3, 10)).months()
    assert [(m.start, m.end) for m in months] == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot end before"):
        Period("custom", date(2026, 3, 10), date(2026, 3, 1))
