"""What the management dashboard shows before the manager has chosen anything."""

from datetime import date

from standards import sources
from standards.periods import Period, PeriodKind, period_last_complete

# How far back the dashboard looks for a quarter with data: two years covers a
# municipality that started recently without scanning its whole history.
QUARTERS_LOOKED_BACK = 8


def _has_data(period: Period) -> bool:
    """Return whether any request was received in the period (whole municipality)."""
    return bool(
        sources.requests_figures.received_count(start=period.start, end=period.end)
    )


def dashboard_default_period(*, today: date) -> Period:
    """Return the period the dashboard opens on: the last complete quarter in which
    requests were received, else the year to date.

    A manager who opens the dashboard wants results, not a table of "no data": the
    quarter just ended may be empty (a new installation, a quiet service), so the
    dashboard goes back to the last quarter that has figures. When none of the last
    two years' quarters has any, the year so far is the honest default: it is where
    the first figures will appear.
    """
    period = period_last_complete(kind=PeriodKind.QUARTER, today=today)
    for _ in range(QUARTERS_LOOKED_BACK):
        if _has_data(period):
            return period
        period = period.previous()
    return Period(PeriodKind.CUSTOM, date(today.year, 1, 1), today)
