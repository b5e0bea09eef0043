"""The indicators: defined in code, each with its exact formula and the section of the
Service Standards (I–VI) it measures. Targets are data (`Target`).

Each compute function reads the figures of one period and scope (`Figures`, fetched
once through the other apps' selectors) and returns a `Measure`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import sources
from .models import ScopeKind
from .periods import Period

# Cells based on fewer answers than this are withheld: they could identify someone.
SMALL_COUNT = 5


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    DAYS = "days", _("working days")
    COUNT = "count", _("number")
    SCORE = "score", _("score 1–5")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


@dataclass(frozen=True)
class Scope:
    kind: str
    department_id: int | None = None
    service_id: int | None = None
    name: str = ""

    @property
    def key(self) -> str:
        if self.kind == ScopeKind.DEPARTMENT:
            return f"department:{self.department_id}"
        if self.kind == ScopeKind.SERVICE:
            return f"service:{self.service_id}"
        return "municipality"


@dataclass(frozen=True)
class Measure:
    value: float | None  # None: nothing to measure in this period and scope
    sample: int | None  # the cases or answers the value rests on


NO_DATA = Measure(None, None)


def _share(part: int | None, whole: int | None) -> Measure:
    if part is None or whole is None:
        return NO_DATA
    if whole == 0:
        return Measure(None, 0)
    return Measure(100.0 * part / whole, whole)


def _count(value: int | None) -> Measure:
    return NO_DATA if value is None else Measure(float(value), value)


class Figures:
    """The raw figures of one period and scope, each fetched once when first needed."""

    def __init__(self, period: Period, scope: Scope) -> None:
        self.period = period
        self.scope = scope

    @property
    def _args(self) -> dict[str, Any]:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "department_id": self.scope.department_id,
            "service_id": self.scope.service_id,
        }

    @cached_property
    def completion(self) -> sources.requests_figures.CompletionStats:
        return sources.requests_figures.completion_stats(**self._args)

    @cached_property
    def extensions(self) -> sources.requests_figures.ExtensionStats:
        return sources.requests_figures.extension_stats(**self._args)

    @cached_property
    def suspensions(self) -> int:
        return sources.requests_figures.suspension_count(**self._args)

    @cached_property
    def received(self) -> int:
        return sources.requests_figures.received_count(**self._args)

    @cached_property
    def handling_summary(
        self,
    ) -> tuple[
        sources.requests_figures.HandlingTime,
        list[sources.requests_figures.HandlingTime],
    ]:
        return sources.requests_figures.handling_times(**self._args)

    @property
    def handling(self) -> sources.requests_figures.HandlingTime:
        return self.handling_summary[0]

    @cached_property
    def complaints(self) -> sources.ComplaintFigures:
        if self.scope.kind == ScopeKind.SERVICE:
            return sources.ComplaintFigures()  # complaints are kept per department
        return sources.complaint_figures(
            start=self.period.start,
            end=self.period.end,
            department_id=self.scope.department_id,
        )

    @cached_property
    def survey(self) -> sources.SurveyFigures:
        return sources.survey_figures(**self._args)

    @cached_property
    def suggestions(self) -> sources.SuggestionFigures:
        if self.scope.kind != ScopeKind.MUNICIPALITY:
            return sources.SuggestionFigures()  # suggestions concern the municipality
        return sources.suggestion_figures(start=self.period.start, end=self.period.end)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise  # translated lazily
    section: str  # I–VI of the Service Standards
    formula: str | Promise
    unit: str
    direction: str
    compute: Callable[[Figures], Measure]
    # Based on citizens' answers or complaints: cells under SMALL_COUNT are withheld.
    is_private: bool = False

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)


def _satisfaction(standard: str) -> Callable[[Figures], Measure]:
    def compute(figures: Figures) -> Measure:
        if standard not in figures.survey.means:
            return NO_DATA if figures.survey.answers is None else Measure(None, 0)
        mean, count = figures.survey.means[standard]
        return Measure(None if mean is None else float(mean), count)

    return compute


INDICATORS: list[Indicator] = [
    Indicator(
        code="on_time_share",
        name=_("Requests completed on time"),
        section="IV",
        formula=_(
            "Requests closed or rejected in the period on or before their due date "
            "(including extensions and suspensions) ÷ all requests closed or rejected "
            "in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(f.completion.on_time, f.completion.completed),
    ),
    Indicator(
        code="extensions_in_time_share",
        name=_("Extensions announced before the due date"),
        section="IV",
        formula=_(
            "Extensions made in the period before the due date they extend, with the "
            "citizen notified at once ÷ all extensions made in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(
            f.extensions.announced_in_time, f.extensions.extensions
        ),
    ),
    Indicator(
        code="extensions_count",
        name=_("Extensions of the term"),
        section="IV",
        formula=_("Number of extensions of a request's term made in the period."),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: _count(f.extensions.extensions),
    ),
    Indicator(
        code="handling_median",
        name=_("Handling time, median"),
        section="IV",
        formula=_(
            "Median of the working days from the day after a request was received "
            "to the day it was closed or rejected, over the requests completed in "
            "the period (interpolated, as PostgreSQL percentile_cont(0.5))."
        ),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        compute=lambda f: Measure(f.handling.median, f.handling.count),
    ),
    Indicator(
        code="handling_p90",
        name=_("Handling time, 90th percentile"),
        section="IV",
        formula=_(
            "90th percentile of the same working days (percentile_cont(0.9)): nine "
            "requests in ten were completed within this many working days."
        ),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        compute=lambda f: Measure(f.handling.p90, f.handling.count),
    ),
    Indicator(
        code="suspensions_count",
        name=_("Suspensions of the term"),
        section="IV",
        formula=_(
            "Number of times in the period a term was suspended while waiting for "
            "the citizen."
        ),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: _count(f.suspensions),
    ),
    Indicator(
        code="requests_received",
        name=_("Requests received"),
        section="VI",
        formula=_("Number of requests received in the period (all channels)."),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=lambda f: _count(f.received),
    ),
    Indicator(
        code="complaints_received",
        name=_("Complaints received"),
        section="I",
        formula=_("Number of complaints about service received in the period."),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: _count(f.complaints.complaints),
        is_private=True,
    ),
    Indicator(
        code="signals_received",
        name=_("Signals received"),
        section="I",
        formula=_(
            "Number of signals of irregularity, abuse or law-breaking received in "
            "the period."
        ),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: _count(f.complaints.signals),
        is_private=True,
    ),
    Indicator(
        code="complaints_acknowledged_share",
        name=_("Complaints and signals acknowledged within 7 days"),
        section="V",
        formula=_(
            "Complaints, signals and proposals received in the period and "
            "acknowledged by their acknowledgement due date (7 days) ÷ all received "
            "in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(
            f.complaints.acknowledged_in_time, f.complaints.received
        ),
        is_private=True,
    ),
    Indicator(
        code="complaints_decided_share",
        name=_("Complaints and signals decided within the term"),
        section="V",
        formula=_(
            "Complaints, signals and proposals received in the period and already "
            "answered that were answered by their legal due date ÷ all of them "
            "already answered × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(f.complaints.decided_in_time, f.complaints.decided),
        is_private=True,
    ),
    Indicator(
        code="survey_response_rate",
        name=_("Survey response rate"),
        section="VI",
        formula=_(
            "Survey invitations sent in the period that were answered ÷ all "
            "invitations sent in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(f.survey.invited_responses, f.survey.invitations),
    ),
    Indicator(
        code="satisfaction_courtesy",
        name=_("Satisfaction: courtesy"),
        section="I",
        formula=_("Mean of the 1–5 courtesy ratings given in the period."),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=_satisfaction("courtesy"),
        is_private=True,
    ),
    Indicator(
        code="satisfaction_clarity",
        name=_("Satisfaction: clarity of information"),
        section="II",
        formula=_("Mean of the 1–5 ratings of clarity given in the period."),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=_satisfaction("clarity"),
        is_private=True,
    ),
    Indicator(
        code="satisfaction_timeliness",
        name=_("Satisfaction: timeliness"),
        section="IV",
        formula=_("Mean of the 1–5 ratings of timeliness given in the period."),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=_satisfaction("timeliness"),
        is_private=True,
    ),
    Indicator(
        code="satisfaction_simplicity",
        name=_("Satisfaction: simplicity of forms and procedures"),
        section="II",
        formula=_("Mean of the 1–5 ratings of simplicity given in the period."),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=_satisfaction("simplicity"),
        is_private=True,
    ),
    Indicator(
        code="satisfaction_overall",
        name=_("Satisfaction: overall"),
        section="V",
        formula=_("Mean of the 1–5 overall ratings given in the period."),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=_satisfaction("overall"),
        is_private=True,
    ),
    Indicator(
        code="resolved_share",
        name=_("Matter resolved"),
        section="V",
        formula=_(
            "Survey answers in the period saying the matter was resolved (“yes”) ÷ "
            "all answers to that question (yes, partly, no) × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: _share(f.survey.resolved_yes, f.survey.resolved_answers),
        is_private=True,
    ),
    Indicator(
        code="suggestions_received",
        name=_("Suggestions received"),
        section="V",
        formula=_("Number of suggestions received in the period."),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=lambda f: _count(f.suggestions.received),
    ),
    Indicator(
        code="suggestions_answered",
        name=_("Suggestions answered"),
        section="V",
        formula=_(
            "Number of suggestions received in the period that have been given a "
            "public response."
        ),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=lambda f: _count(f.suggestions.answered),
    ),
    Indicator(
        code="suggestions_done",
        name=_("Suggestions acted upon"),
        section="V",
        formula=_(
            "Number of suggestions received in the period whose status is “done” "
            "(you said, we did)."
        ),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=lambda f: _count(f.suggestions.done),
    ),
]

INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
SECTIONS = ("I", "II", "III", "IV", "V", "VI")
SECTION_NAMES = {
    "I": _("I. Attitude towards clients"),
    "II": _("II. Information for clients"),
    "III": _("III. Communication with clients"),
    "IV": _("IV. Keeping deadlines"),
    "V": _("V. Feedback mechanisms"),
    "VI": _("VI. Responsibility and accountability"),
}


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.section} — {i.name}") for i in INDICATORS]


def is_withheld(indicator: Indicator, measure: Measure) -> bool:
    """Return whether the cell rests on so few answers that it must not be shown."""
    return (
        indicator.is_private
        and measure.sample is not None
        and 0 < measure.sample < SMALL_COUNT
    )
