"""Every number of a report: the dashboard, the PDF and the CSV show these."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from feedback.dimensions import DIMENSIONS
from standards import sources
from standards.indicators.definitions import SECTION_NAMES, SECTIONS
from standards.indicators.figures import Figures
from standards.indicators.measures import Scope, Unit
from standards.models import ManagementComment, ScopeKind
from standards.periods import Period, period_is_provisional
from standards.selectors.indicator_rows import (
    Row,
    format_measure,
    format_number,
    indicator_rows,
)


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float | None  # None: nothing to show (no data, or withheld)
    text: str  # the value as shown, or why it is missing
    sample: str
    short_label: str = ""  # under a column, where space is short

    @property
    def axis_label(self) -> str:
        return self.short_label or self.label


@dataclass
class ReportData:
    period: Period
    previous_period: Period
    scope: Scope
    rows: list[Row]
    trend: list[ChartPoint]
    satisfaction: list[ChartPoint]
    departments: list[ChartPoint]
    department_ids: list[int]
    handling_by_service: list[dict]
    comments: list[ManagementComment]
    generated_at: datetime
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)

    @property
    def as_of(self) -> date:
        """Return the day terms are judged on: the day the report is made."""
        return timezone.localdate(self.generated_at)

    @property
    def is_provisional(self) -> bool:
        """Return whether the period had not ended when the report was made."""
        return period_is_provisional(self.period, as_of=self.as_of)

    @property
    def samples(self) -> list[Row]:
        """Rows whose sample size the methodology lists."""
        return [row for row in self.rows if row.measure.sample is not None]


def _share_point(
    label: str, completed: int, on_time: int, short_label: str = ""
) -> ChartPoint:
    if completed == 0:
        return ChartPoint(label, None, gettext("no data"), "0", short_label)
    value = 100.0 * on_time / completed
    text = format_measure(value, Unit.PERCENT)
    return ChartPoint(label, value, text, str(completed), short_label)


def report_build(
    *, period: Period, scope: Scope, now: datetime | None = None
) -> ReportData:
    """Return every number of a report (the page, the PDF and the CSV show these),
    as of `now` (the time the report is made): a case still within its term then is
    pending."""
    generated_at = now or timezone.now()
    as_of = timezone.localdate(generated_at)
    figures = Figures(period, scope, as_of=as_of)
    rows = indicator_rows(period=period, scope=scope, as_of=as_of, figures=figures)
    by_code = {row.indicator.code: row for row in rows}
    args = {
        "department_id": scope.department_id,
        "service_id": scope.service_id,
    }
    months = sources.requests_figures.completion_by_month(
        start=period.start, end=period.end, as_of=as_of, **args
    )
    trend = [
        _share_point(
            month.label,
            *months.get(month.start, (0, 0)),
            # Translators: a Django date format for a month on a chart's axis: "M" gives
            # "Jul", "b" the lower-case "юли" that Bulgarian writes.
            short_label=date_format(month.start, pgettext("month on a chart", "M")),
        )
        for month in period.months()
    ]
    satisfaction = []
    for dimension in DIMENSIONS:
        row = by_code[f"satisfaction_{dimension.code}"]
        value = None if row.is_withheld else row.measure.value
        satisfaction.append(
            ChartPoint(str(dimension.label), value, row.value_text, row.sample_text)
        )
    departments, department_ids = [], []
    if scope.kind != ScopeKind.SERVICE:
        for group in sources.requests_figures.completion_by_department(
            start=period.start, end=period.end, as_of=as_of
        ):
            if scope.department_id not in (None, group.key):
                continue
            departments.append(_share_point(group.name, group.settled, group.on_time))
            department_ids.append(group.key)
    handling = [
        {
            "service": item.service_name,
            "service_id": item.service_id,
            "count": item.count,
            "median": format_measure(item.median, Unit.DAYS),
            "p90": format_measure(item.p90, Unit.DAYS),
            "median_plain": ""
            if item.median is None
            else format_number(item.median, Unit.DAYS, localized=False),
            "p90_plain": ""
            if item.p90 is None
            else format_number(item.p90, Unit.DAYS, localized=False),
        }
        for item in figures.handling_summary[1]
    ]
    same_scope: dict[str, Any] = {
        "scope_kind": scope.kind,
        "department_id": scope.department_id,
        "service_id": scope.service_id,
    }
    comments = list(
        ManagementComment.objects.filter(
            start_on=period.start, end_on=period.end, **same_scope
        )
    )
    sections = [
        (
            str(SECTION_NAMES[section]),
            [row for row in rows if row.indicator.section == section],
        )
        for section in SECTIONS
    ]
    return ReportData(
        period=period,
        previous_period=period.previous(),
        scope=scope,
        rows=rows,
        trend=trend,
        satisfaction=satisfaction,
        departments=departments,
        department_ids=department_ids,
        handling_by_service=handling,
        comments=comments,
        generated_at=generated_at,
        sections=[(s, r) for s, r in sections if r],
    )
