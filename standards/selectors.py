"""Reads of the standards app: the standards text, targets and the reports' numbers."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from requests_app.models import Department, Service

from . import sources
from .indicators import (
    INDICATORS,
    SECTION_NAMES,
    SECTIONS,
    Direction,
    Figures,
    Indicator,
    Measure,
    Scope,
    Unit,
    is_withheld,
)
from .models import ManagementComment, Report, ScopeKind, StandardsVersion, Target
from .periods import Period
from .text import Block, text_blocks

# --- The published standards -----------------------------------------------------


def standards_current(*, today: date | None = None) -> StandardsVersion | None:
    """Return the version in force today (the latest effective one)."""
    today = today or timezone.localdate()
    return StandardsVersion.objects.filter(effective_on__lte=today).first()


def standards_versions(*, today: date | None = None) -> QuerySet[StandardsVersion]:
    """Return every version that has taken effect, newest first."""
    today = today or timezone.localdate()
    return StandardsVersion.objects.filter(effective_on__lte=today)


@dataclass(frozen=True)
class StandardsText:
    version: StandardsVersion
    title: str
    blocks: list[Block]


def standards_text(version: StandardsVersion) -> StandardsText:
    """Return the title and blocks of a version in the active language."""
    if (get_language() or "bg").startswith("en"):
        title, body = version.title_en, version.body_en
    else:
        title, body = version.title_bg, version.body_bg
    return StandardsText(version=version, title=title, blocks=text_blocks(body))


# --- Scopes and targets ------------------------------------------------------------


def scope_for(
    *, department: Department | None = None, service: Service | None = None
) -> Scope:
    """Return the scope of a report: a service, else a department, else everything."""
    if service is not None:
        return Scope(ScopeKind.SERVICE, service_id=service.pk, name=service.name)
    if department is not None:
        return Scope(
            ScopeKind.DEPARTMENT, department_id=department.pk, name=department.name
        )
    return Scope(ScopeKind.MUNICIPALITY, name=gettext("Whole municipality"))


def scope_of(obj: Report | ManagementComment) -> Scope:
    return scope_for(department=obj.department, service=obj.service)


def target_for(*, indicator: str, scope: Scope, on: date) -> Target | None:
    """Return the target valid on `on`: the scope's own, else its department's, else
    the municipality's."""
    qs = Target.objects.filter(indicator=indicator, valid_from__lte=on)
    candidates = []
    if scope.service_id is not None:
        candidates.append(Q(scope_kind=ScopeKind.SERVICE, service_id=scope.service_id))
        department_id = (
            Service.objects.filter(pk=scope.service_id)
            .values_list("department_id", flat=True)
            .first()
        )
        candidates.append(
            Q(scope_kind=ScopeKind.DEPARTMENT, department_id=department_id)
        )
    if scope.department_id is not None:
        candidates.append(
            Q(scope_kind=ScopeKind.DEPARTMENT, department_id=scope.department_id)
        )
    candidates.append(Q(scope_kind=ScopeKind.MUNICIPALITY))
    for condition in candidates:
        target = qs.filter(condition).order_by("-valid_from", "-pk").first()
        if target is not None:
            return target
    return None


def _targets_for(*, scope: Scope, on: date) -> dict[str, float]:
    """Return {indicator code: target value} for the scope (a few small queries)."""
    result = {}
    for indicator in INDICATORS:
        target = target_for(indicator=indicator.code, scope=scope, on=on)
        if target is not None:
            result[indicator.code] = float(target.value)
    return result


# --- Report numbers ---------------------------------------------------------------

SATISFACTION_LABELS = {
    "courtesy": _("Courtesy"),
    "clarity": _("Clarity"),
    "timeliness": _("Timeliness"),
    "simplicity": _("Simplicity"),
    "overall": _("Overall"),
}


DECIMALS = {Unit.PERCENT: 1, Unit.DAYS: 1, Unit.COUNT: 0, Unit.SCORE: 2}


def format_number(value: float, unit: str, *, localized: bool = True) -> str:
    """Return `value` rounded for its unit; localized for people, plain for CSV."""
    decimals = DECIMALS[Unit(unit)]
    if not localized:
        return f"{value:.{decimals}f}"
    return number_format(round(value, decimals), decimals, use_l10n=True)


def format_measure(value: float | None, unit: str) -> str:
    """Return the value with its unit for the page and the PDF."""
    if value is None:
        return "—"
    text = format_number(value, unit)
    if unit == Unit.PERCENT:
        return f"{text} %"
    return text


@dataclass
class Row:
    """One indicator of a report, ready to show (strings) and to export (numbers)."""

    indicator: Indicator
    measure: Measure
    previous: Measure
    target: float | None
    is_withheld: bool
    was_withheld: bool
    status: str  # met, not_met, no_target, no_data, withheld

    @property
    def value_text(self) -> str:
        if self.is_withheld:
            return gettext("fewer than 5")
        return format_measure(self.measure.value, self.indicator.unit)

    @property
    def previous_text(self) -> str:
        if self.was_withheld:
            return gettext("fewer than 5")
        return format_measure(self.previous.value, self.indicator.unit)

    @property
    def target_text(self) -> str:
        return format_measure(self.target, self.indicator.unit)

    @property
    def change(self) -> float | None:
        if self.is_withheld or self.was_withheld:
            return None
        if self.measure.value is None or self.previous.value is None:
            return None
        return self.measure.value - self.previous.value

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        text = format_number(abs(change), self.indicator.unit)
        if round(change, DECIMALS[Unit(self.indicator.unit)]) == 0:
            return "±0"
        sign = "+" if change > 0 else "−"
        if self.indicator.unit == Unit.PERCENT:
            # Translators: percentage points, the change of a share.
            return sign + text + " " + pgettext("percentage points", "pp")
        return sign + text

    @property
    def sample_text(self) -> str:
        if self.measure.sample is None:
            return "—"
        if self.is_withheld:
            return gettext("fewer than 5")
        return str(self.measure.sample)

    @property
    def status_text(self) -> str:
        return {
            "met": gettext("met"),
            "not_met": gettext("not met"),
            "no_target": gettext("no target set"),
            "no_data": gettext("no data"),
            "withheld": gettext("not published (fewer than 5)"),
        }[self.status]


def _status(indicator: Indicator, measure: Measure, target: float | None) -> str:
    if is_withheld(indicator, measure):
        return "withheld"
    if measure.value is None:
        return "no_data"
    if target is None:
        return "no_target"
    digits = DECIMALS[Unit(indicator.unit)]
    value = round(measure.value, digits)
    if indicator.direction == Direction.HIGHER:
        return "met" if value >= target else "not_met"
    return "met" if value <= target else "not_met"


def indicator_rows(
    *, period: Period, scope: Scope, figures: Figures | None = None
) -> list[Row]:
    """Return every indicator for the period and scope, with target and previous."""
    current = figures or Figures(period, scope)
    previous = Figures(period.previous(), scope)
    targets = _targets_for(scope=scope, on=period.end)
    rows = []
    for indicator in INDICATORS:
        measure = indicator.compute(current)
        before = indicator.compute(previous)
        target = targets.get(indicator.code)
        rows.append(
            Row(
                indicator=indicator,
                measure=measure,
                previous=before,
                target=target,
                is_withheld=is_withheld(indicator, measure),
                was_withheld=is_withheld(indicator, before),
                status=_status(indicator, measure, target),
            )
        )
    return rows


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
    """Return every number of a report (the page, the PDF and the CSV show these)."""
    figures = Figures(period, scope)
    rows = indicator_rows(period=period, scope=scope, figures=figures)
    by_code = {row.indicator.code: row for row in rows}
    args = {
        "department_id": scope.department_id,
        "service_id": scope.service_id,
    }
    months = sources.requests_figures.completion_by_month(
        start=period.start, end=period.end, **args
    )
    trend = [
        _share_point(
            month.label,
            *months.get(month.start, (0, 0)),
            short_label=date_format(month.start, "M"),
        )
        for month in period.months()
    ]
    satisfaction = []
    for code in sources.SATISFACTION_STANDARDS:
        row = by_code[f"satisfaction_{code}"]
        value = None if row.is_withheld else row.measure.value
        satisfaction.append(
            ChartPoint(
                str(SATISFACTION_LABELS[code]),
                value,
                row.value_text,
                row.sample_text,
            )
        )
    departments, department_ids = [], []
    if scope.kind != ScopeKind.SERVICE:
        for group in sources.requests_figures.completion_by_department(
            start=period.start, end=period.end
        ):
            if scope.department_id not in (None, group.key):
                continue
            departments.append(_share_point(group.name, group.completed, group.on_time))
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
        generated_at=now or timezone.now(),
        sections=[(s, r) for s, r in sections if r],
    )


# --- Generated reports -----------------------------------------------------------


def report_published_list() -> QuerySet[Report]:
    """Return the reports the public archive lists."""
    return Report.objects.filter(
        is_published=True, status=Report.Status.DONE
    ).select_related("department", "service")


def report_recent_list(*, limit: int = 20) -> QuerySet[Report]:
    return Report.objects.select_related("department", "service", "requested_by")[
        :limit
    ]
