"""How an indicator turns the figures of a period and scope into a `Measure`.

The compute functions of the indicator table (`definitions`) are built from these.
"""

from collections.abc import Callable

from standards import sources
from standards.indicators.figures import Figures
from standards.indicators.measures import NO_DATA, Measure

Compute = Callable[[Figures], Measure]


def share(part: int, whole: int) -> Measure:
    """Return `part` as a percentage of `whole`; no value when `whole` is zero."""
    if whole == 0:
        return Measure(None, 0)
    return Measure(100.0 * part / whole, whole)


def on_time_share(on_time: int, late: int, pending: int) -> Measure:
    """Return the share of cases that kept their term among those whose term ended
    or that were completed; `pending` cases (still within their term) are left out
    and shown beside it."""
    whole = on_time + late
    value = None if whole == 0 else 100.0 * on_time / whole
    return Measure(value, whole, pending)


def count(value: int) -> Measure:
    """Return a number of cases as a measure resting on that many cases."""
    return Measure(float(value), value)


def on_complaints(read: Callable[[sources.ComplaintFigures], Measure]) -> Compute:
    """Return a compute function over the complaint figures; no data where none are
    kept (a service)."""

    def compute(figures: Figures) -> Measure:
        complaints = figures.complaints
        return NO_DATA if complaints is None else read(complaints)

    return compute


def on_suggestions(read: Callable[[sources.SuggestionFigures], Measure]) -> Compute:
    """Return a compute function over the suggestion figures; no data where none are
    kept (a department or a service)."""

    def compute(figures: Figures) -> Measure:
        suggestions = figures.suggestions
        return NO_DATA if suggestions is None else read(suggestions)

    return compute


def satisfaction_mean(code: str) -> Compute:
    """Return the compute function of the mean rating of one satisfaction dimension."""

    def compute(figures: Figures) -> Measure:
        mean, answers = figures.survey.means[code]  # every dimension is there
        return Measure(None if mean is None else float(mean), answers)

    return compute
