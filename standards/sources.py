"""The figures the reports need from `requests_app` and `feedback`, read only through
their selectors (`requests_app.selectors_reports`, `feedback.selectors`) and turned
into this app's own small value objects. Only counts and means cross: no names, no
texts, no contact details.

`feedback.selectors` is looked up when first needed, so that a missing function gives
"no data" rather than an import error.
"""

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from requests_app import selectors_reports as requests_figures

SATISFACTION_STANDARDS = ("courtesy", "clarity", "timeliness", "simplicity", "overall")


@dataclass(frozen=True)
class ComplaintFigures:
    received: int | None = None  # complaints, signals and proposals
    complaints: int | None = None
    signals: int | None = None
    acknowledged_in_time: int | None = None
    decided: int | None = None
    decided_in_time: int | None = None


@dataclass(frozen=True)
class SurveyFigures:
    invitations: int | None = None
    invited_responses: int | None = None  # answers to those invitations
    answers: int | None = None  # every answer, any-time surveys included
    means: Mapping[str, tuple[float | None, int]] = field(default_factory=dict)
    resolved_yes: int | None = None
    resolved_answers: int | None = None


@dataclass(frozen=True)
class SuggestionFigures:
    received: int | None = None
    answered: int | None = None
    done: int | None = None


def _feedback_selector(name: str) -> Any:
    try:
        module = importlib.import_module("feedback.selectors")
    except ImportError:
        return None
    return getattr(module, name, None)


def complaint_figures(
    *, start: date, end: date, department_id: int | None
) -> ComplaintFigures:
    """Return complaint figures of cases received in the period (counts only)."""
    selector = _feedback_selector("complaint_stats")
    if selector is None:
        return ComplaintFigures()
    # The selector filters on the department foreign key: an id works as well.
    data = selector(start, end, department=department_id)
    by_kind = {kind["code"]: kind["count"] for kind in data["by_kind"]}
    return ComplaintFigures(
        received=data["received"],
        complaints=by_kind.get("complaint", 0),
        signals=by_kind.get("signal", 0),
        acknowledged_in_time=data["acknowledged_in_term"],
        decided=data["decided"],
        decided_in_time=data["decided_in_term"],
    )


def survey_figures(
    *, start: date, end: date, department_id: int | None, service_id: int | None
) -> SurveyFigures:
    """Return survey figures of the period (means and counts only, no comments)."""
    selector = _feedback_selector("survey_stats")
    if selector is None:
        return SurveyFigures()
    data = selector(start, end, department=department_id, service=service_id)
    means = {
        name: (entry["mean"], entry["count"])
        for name, entry in data["standards"].items()
        if name in SATISFACTION_STANDARDS
    }
    resolved = data["resolved"]
    return SurveyFigures(
        invitations=data["invitations"],
        invited_responses=data["invited_responses"],
        answers=data["responses"],
        means=means,
        resolved_yes=resolved.get("yes", 0),
        resolved_answers=sum(resolved.values()),
    )


def suggestion_figures(*, start: date, end: date) -> SuggestionFigures:
    selector = _feedback_selector("suggestion_stats")
    if selector is None:
        return SuggestionFigures()
    data = selector(start, end)
    return SuggestionFigures(
        received=data["received"], answered=data["answered"], done=data["done"]
    )


__all__ = [
    "ComplaintFigures",
    "SuggestionFigures",
    "SurveyFigures",
    "complaint_figures",
    "requests_figures",
    "suggestion_figures",
    "survey_figures",
]
