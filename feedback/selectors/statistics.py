"""Figures of complaints, surveys and suggestions: counts and means only.

The typed interface for the standards app's reports and for the managers' counts page.
Every figure is computed with database aggregates; no names, texts or contact details
leave this module.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from feedback.dimensions import DIMENSION_CODES
from feedback.models import (
    Complaint,
    ComplaintKind,
    Resolved,
    Suggestion,
    SurveyInvitation,
    SurveyResponse,
)
from feedback.workflow import SuggestionStatus

# The codes of the complaint kinds counted on their own (`ComplaintKind.code`).
COMPLAINT_KIND = "complaint"
SIGNAL_KIND = "signal"


@dataclass(frozen=True)
class KindCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ComplaintFigures:
    """Cases received in a period (all kinds), and how their terms were kept."""

    received: int  # complaints, signals and proposals
    complaints: int  # of the kind "complaint"
    signals: int  # of the kind "signal"
    acknowledged_in_time: int  # on or before the acknowledgement due date
    decided: int  # answered
    decided_in_time: int  # answered on or before the decision due date
    by_kind: tuple[KindCount, ...]  # every kind, in the kinds' order

    @property
    def open(self) -> int:
        """Return the cases not answered yet."""
        return self.received - self.decided


class DimensionMean(NamedTuple):
    mean: float | None  # 1-5; None when nobody scored the dimension
    answers: int  # the answers that scored it


@dataclass(frozen=True)
class SurveyFigures:
    """Survey answers given in a period."""

    invitations: int  # invitations sent in the period
    invited_responses: int  # answers to those invitations
    answers: int  # every answer, any-time surveys included
    means: Mapping[str, DimensionMean]  # by dimension code, every dimension
    resolved_yes: int  # answers saying the matter was resolved
    resolved_answers: int  # answers to that question (yes, partly or no)


@dataclass(frozen=True)
class SuggestionFigures:
    """Suggestions received in a period."""

    received: int
    answered: int  # given a public response
    done: int  # acted upon ("you said, we did")


def _period(start: date, end: date, field: str) -> Q:
    """Return `field` within start..end inclusive (a date or a datetime field)."""
    if field.endswith("_on"):
        return Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def complaint_figures(
    *, start: date, end: date, department_id: int | None
) -> ComplaintFigures:
    """Return the figures of cases received from `start` to `end` (inclusive).

    `department_id` limits them to complaints about requests of that department.
    """
    complaints = Complaint.objects.filter(_period(start, end, "received_on"))
    if department_id is not None:
        complaints = complaints.filter(department_id=department_id)
    totals = complaints.aggregate(
        received=Count("pk"),
        acknowledged_in_time=Count(
            "pk", filter=Q(acknowledged_on__lte=F("acknowledge_due_on"))
        ),
        decided=Count("pk", filter=Q(decided_on__isnull=False)),
        decided_in_time=Count("pk", filter=Q(decided_on__lte=F("decide_due_on"))),
    )
    counts = dict(
        complaints.values_list("kind_id")
        .annotate(n=Count("pk"))
        .values_list("kind_id", "n")
    )
    by_kind = tuple(
        KindCount(code=kind.code, name=kind.name, count=counts.get(kind.pk, 0))
        for kind in ComplaintKind.objects.all()
    )
    by_code = {kind.code: kind.count for kind in by_kind}
    return ComplaintFigures(
        **totals,
        complaints=by_code.get(COMPLAINT_KIND, 0),
        signals=by_code.get(SIGNAL_KIND, 0),
        by_kind=by_kind,
    )


def complaint_counts_recent(*, days: int = 365) -> ComplaintFigures:
    """Return the figures of the last `days` days (the managers' counts page)."""
    today = timezone.localdate()
    return complaint_figures(
        start=today - timedelta(days=days), end=today, department_id=None
    )


def survey_figures(
    *, start: date, end: date, department_id: int | None, service_id: int | None
) -> SurveyFigures:
    """Return the figures of surveys from `start` to `end` (inclusive): means and
    counts only, never comments."""
    invitations = SurveyInvitation.objects.filter(_period(start, end, "created_at"))
    responses = SurveyResponse.objects.filter(_period(start, end, "submitted_at"))
    if department_id is not None:
        invitations = invitations.filter(request__department_id=department_id)
        responses = responses.filter(department_id=department_id)
    if service_id is not None:
        invitations = invitations.filter(request__service_id=service_id)
        responses = responses.filter(service_id=service_id)
    invited = invitations.aggregate(
        invitations=Count("pk"), invited_responses=Count("response")
    )
    aggregates: dict[str, Any] = {
        "answers": Count("pk"),
        "resolved_yes": Count("pk", filter=Q(resolved=Resolved.YES)),
        "resolved_answers": Count("pk", filter=Q(resolved__in=Resolved.values)),
    }
    for code in DIMENSION_CODES:
        aggregates[f"{code}_mean"] = Avg(code)
        aggregates[f"{code}_count"] = Count(code)
    row = responses.aggregate(**aggregates)
    means = {
        code: DimensionMean(
            mean=None if row[f"{code}_mean"] is None else float(row[f"{code}_mean"]),
            answers=row[f"{code}_count"],
        )
        for code in DIMENSION_CODES
    }
    return SurveyFigures(
        invitations=invited["invitations"],
        invited_responses=invited["invited_responses"],
        answers=row["answers"],
        means=means,
        resolved_yes=row["resolved_yes"],
        resolved_answers=row["resolved_answers"],
    )


def suggestion_figures(*, start: date, end: date) -> SuggestionFigures:
    """Return the figures of suggestions received from `start` to `end` (inclusive)."""
    suggestions = Suggestion.objects.filter(_period(start, end, "submitted_at"))
    row = suggestions.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(first_responded_at__isnull=False)),
        done=Count("pk", filter=Q(status=SuggestionStatus.DONE)),
    )
    return SuggestionFigures(**row)
