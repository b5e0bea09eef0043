"""The public performance figures: the last 12 months per service, department and
for the whole municipality.

Each figure is an indicator of the reports (`standards.indicators`), computed by the
same code over the same daily figures and withheld by the same rule (`is_withheld`:
fewer than 5 answers), so the public page never disagrees with a report made over
the same period and scope. Only counts, shares and means leave here: no names of
citizens, no texts, no contact details.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from requests_app.models import Department, Service
from standards.indicators.definitions import INDICATORS_BY_CODE, is_withheld
from standards.indicators.figures import Figures
from standards.indicators.measures import NO_DATA, Scope
from standards.models import ScopeKind
from standards.periods import Period, PeriodKind
from standards.selectors.indicator_rows import Row, format_number
from standards.selectors.targets import scope_for

# The indicators a citizen sees, in the order shown: share delivered on time, median
# working days, overall satisfaction and the number of requests received.
ON_TIME = "on_time_share"
MEDIAN_DAYS = "handling_median"
SATISFACTION = "satisfaction_overall"
CASES = "requests_received"
PUBLIC_INDICATORS = (ON_TIME, MEDIAN_DAYS, SATISFACTION, CASES)


def performance_period(*, today: date) -> Period:
    """Return the last 12 months up to and including `today` (a rolling year)."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(PeriodKind.CUSTOM, year_ago + timedelta(days=1), today)


def _row(code: str, figures: Figures) -> Row:
    """Return one indicator as the reports' rows show it (same value, same text, same
    withholding); no target and no previous period on the public page."""
    indicator = INDICATORS_BY_CODE[code]
    measure = indicator.compute(figures)
    withheld = is_withheld(indicator, measure)
    if withheld:
        status = "withheld"
    elif measure.value is None:
        status = "no_data"
    else:
        status = "no_target"
    return Row(
        indicator=indicator,
        measure=measure,
        previous=NO_DATA,
        target=None,
        is_withheld=withheld,
        was_withheld=False,
        status=status,
    )


@dataclass
class ScopePerformance:
    """The public figures of one scope over one period."""

    scope: Scope
    period: Period
    on_time: Row
    median_days: Row
    satisfaction: Row
    cases: Row
    department_name: str = ""  # a service's department

    @property
    def rows(self) -> list[Row]:
        return [self.on_time, self.median_days, self.satisfaction, self.cases]


def scope_performance(
    *, scope: Scope, today: date | None = None, department_name: str = ""
) -> ScopePerformance:
    """Return the public figures of `scope` over the 12 months up to `today`; terms
    are judged as of `today`, as a report made today judges them."""
    today = today or timezone.localdate()
    period = performance_period(today=today)
    figures = Figures(period, scope, as_of=today)
    return ScopePerformance(
        scope=scope,
        period=period,
        on_time=_row(ON_TIME, figures),
        median_days=_row(MEDIAN_DAYS, figures),
        satisfaction=_row(SATISFACTION, figures),
        cases=_row(CASES, figures),
        department_name=department_name,
    )


def service_performance(
    *, service: Service, today: date | None = None
) -> ScopePerformance:
    """Return the public figures of one service."""
    return scope_performance(scope=scope_for(service=service), today=today)


def municipality_performance(*, today: date | None = None) -> ScopePerformance:
    """Return the public figures of the whole municipality."""
    return scope_performance(scope=scope_for(), today=today)


@dataclass
class PerformanceTable:
    """The public figures of the municipality, each department and each service."""

    period: Period
    municipality: ScopePerformance
    departments: list[ScopePerformance]
    services: list[ScopePerformance]


def performance_table(*, today: date | None = None) -> PerformanceTable:
    """Return the public figures of the municipality, of each department with active
    services and of each active service, in the catalogue's order."""
    today = today or timezone.localdate()
    services = list(
        Service.objects.filter(is_active=True)
        .select_related("department")
        .order_by("department__order", "department__name", "name", "pk")
    )
    departments = Department.objects.filter(
        pk__in={service.department_id for service in services}
    ).order_by("order", "name", "pk")
    return PerformanceTable(
        period=performance_period(today=today),
        municipality=municipality_performance(today=today),
        departments=[
            scope_performance(scope=scope_for(department=department), today=today)
            for department in departments
        ],
        services=[
            scope_performance(
                scope=scope_for(service=service),
                today=today,
                department_name=service.department.name,
            )
            for service in services
        ],
    )


def _csv_cell(row: Row) -> str:
    """Return a value for a spreadsheet in the reader's language: the number written
    with the active language's decimal mark (a comma in Bulgarian, so that Excel set
    to Bulgarian reads it as a number), "fewer than 5" when withheld, else empty."""
    if row.is_withheld:
        return gettext("fewer than 5")
    if row.measure.value is None:
        return ""
    return format_number(row.measure.value, row.indicator.unit)


def _csv_sample(row: Row) -> str:
    if row.is_withheld:
        return gettext("fewer than 5")
    return "" if row.measure.sample is None else str(row.measure.sample)


def performance_csv_rows(table: PerformanceTable) -> list[list[str]]:
    """Return the table as spreadsheet rows, headers first, in the active language:
    names, never codes."""
    header = [
        gettext("Level"),
        gettext("Department"),
        gettext("Service"),
        gettext("Requests completed on time (%)"),
        gettext("Requests the share rests on"),
        gettext("Handling time, median (working days)"),
        gettext("Requests completed"),
        gettext("Overall satisfaction (1–5)"),
        gettext("Survey answers"),
        gettext("Requests received"),
    ]
    kinds = {
        ScopeKind.MUNICIPALITY: gettext("Whole municipality"),
        ScopeKind.DEPARTMENT: gettext("Department"),
        ScopeKind.SERVICE: gettext("Service"),
    }
    rows = [header]
    every = [table.municipality, *table.departments, *table.services]
    for item in every:
        kind = item.scope.kind
        department = {
            ScopeKind.MUNICIPALITY: "",
            ScopeKind.DEPARTMENT: item.scope.name,
            ScopeKind.SERVICE: item.department_name,
        }[ScopeKind(kind)]
        rows.append(
            [
                kinds[ScopeKind(kind)],
                department,
                item.scope.name if kind == ScopeKind.SERVICE else "",
                _csv_cell(item.on_time),
                _csv_sample(item.on_time),
                _csv_cell(item.median_days),
                _csv_sample(item.median_days),
                _csv_cell(item.satisfaction),
                _csv_sample(item.satisfaction),
                _csv_cell(item.cases),
            ]
        )
    return rows


def performance_csv(table: PerformanceTable) -> bytes:
    """Return the table as CSV that Excel set to Bulgarian opens as it is: UTF-8
    with a byte order mark (else it reads Cyrillic as Windows-1251) and ";" between
    cells (the list separator where the decimal mark is a comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(performance_csv_rows(table))
    return buffer.getvalue().encode("utf-8-sig")
