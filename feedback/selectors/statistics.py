"""Figures of complaints, surveys and suggestions: counts and means only.

The typed interface for the standards app's reports and for the managers' counts page.
Every figure is computed with database aggregates; no names, texts or contact details
leave this module.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Avg, Count, Q
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
from requests_app.selectors.statistics import OnTimeState, timeliness_filters

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
    """Cases received in a period (all kinds), and how their terms were kept.

    In time, late and pending as of the day the figures are made
    (`requests_app.selectors.statistics.on_time_state`): a case not yet acknowledged
    or answered whose term has not ended is pending, neither in time nor late.
    """

    received: int  # complaints, signals and proposals
    complaints: int  # of the kind "complaint"
    signals: int  # of the kind "signal"
    acknowledged_in_time: int  # on or before the acknowledgement due date
    acknowledged_late: int  # after it, or not yet and the due date has passed
    acknowledged_pending: int  # not yet, still within the term
    decided: int  # answered
    decided_in_time: int  # answered on or before the decision due date
    decided_late: int  # answered after it, or not yet and the due date has passed
    decided_pending: int  # not answered yet, still within the term
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
    *,
    start: date,
    end: date,
    department_id: int | None,
    as_of: date | None = None,
) -> ComplaintFigures:
    """Return the figures of cases received from `start` to `end` (inclusive), their
    terms judged as of `as_of` (the day the report is made; today when not given).

    `department_id` limits them to complaints about requests of that department.
    """
    if as_of is None:
        as_of = timezone.localdate()
    complaints = Complaint.objects.filter(_period(start, end, "received_on"))
    if department_id is not None:
        complaints = complaints.filter(department_id=department_id)
    acknowledged = timeliness_filters(
        due="acknowledge_due_on", done="acknowledged_on", as_of=as_of
    )
    decided = timeliness_filters(due="decide_due_on", done="decided_on", as_of=as_of)
    totals = complaints.aggregate(
        received=Count("pk"),
        acknowledged_in_time=Count("pk", filter=acknowledged[OnTimeState.ON_TIME]),
        acknowledged_late=Count("pk", filter=acknowledged[OnTimeState.LATE]),
        acknowledged_pending=Count("pk", filter=acknowledged[OnTimeState.PENDING]),
        decided=Count("pk", filter=Q(decided_on__isnull=False, decided_on__lte=as_of)),
        decided_in_time=Count("pk", filter=decided[OnTimeState.ON_TIME]),
        decided_late=Count("pk", filter=decided[OnTimeState.LATE]),
        decided_pending=Count("pk", filter=decided[OnTimeState.PENDING]),
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
        start=today - timedelta(days=days), end=today, department_id=None, as_of=today
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
