"""The raw figures of one period and scope, read through the other apps' selectors."""

from datetime import date
from functools import cached_property
from typing import Any

from standards import sources
from standards.indicators.measures import Scope
from standards.models import ScopeKind
from standards.periods import Period


class Figures:
    """The raw figures of one period and scope, each fetched once when first needed.

    `complaints` and `suggestions` are None where they are not kept: complaints per
    service, suggestions per department or service. Terms are judged as of `as_of`
    (the day the report is made): a case still within its term is pending.
    """

    def __init__(self, period: Period, scope: Scope, *, as_of: date) -> None:
        self.period = period
        self.scope = scope
        self.as_of = as_of

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
        return sources.requests_figures.completion_stats(**self._args, as_of=self.as_of)

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
        sources.requests_handling.HandlingTime,
        list[sources.requests_handling.HandlingTime],
    ]:
        return sources.requests_handling.handling_times(**self._args)

    @property
    def handling(self) -> sources.requests_handling.HandlingTime:
        return self.handling_summary[0]

    @cached_property
    def complaints(self) -> sources.ComplaintFigures | None:
        if self.scope.kind == ScopeKind.SERVICE:
            return None  # complaints are kept per department
        return sources.complaint_figures(
            start=self.period.start,
            end=self.period.end,
            department_id=self.scope.department_id,
            as_of=self.as_of,
        )

    @cached_property
    def survey(self) -> sources.SurveyFigures:
        return sources.survey_figures(**self._args)

    @cached_property
    def suggestions(self) -> sources.SuggestionFigures | None:
        if self.scope.kind != ScopeKind.MUNICIPALITY:
            return None  # suggestions concern the municipality
        return sources.suggestion_figures(start=self.period.start, end=self.period.end)
