"""The report as an open-data CSV in long format and as a PDF: the same numbers as
the page (`report_build`), never recomputed."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from standards.charts import bar_chart, column_chart
from standards.indicators.definitions import SECTION_NAMES, SECTIONS
from standards.indicators.measures import Unit
from standards.models import ScopeKind
from standards.selectors.indicator_rows import Row, format_number
from standards.selectors.report_data import ChartPoint, ReportData

# Excel opens a CSV by the reader's regional settings: in Bulgarian ones the list
# separator is ";" and the decimal separator ",", and without a byte order mark it
# reads the file as Windows-1251. So every CSV the product offers is UTF-8 with a
# BOM, ";"-separated, with numbers written as the reader writes them.
EXCEL_BOM = "\ufeff"
EXCEL_DELIMITER = ";"


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return a CSV that Excel opens correctly in any regional setting: UTF-8 with
    a BOM, ";" between fields, CRLF line ends (RFC 4180), every text quoted when it
    needs to be."""
    buffer = io.StringIO()
    buffer.write(EXCEL_BOM)
    writer = csv.writer(buffer, delimiter=EXCEL_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_number(value: float | None, unit: str) -> str:
    """Return the value rounded for its unit with the active language's decimal
    separator and no thousands separator, so that Excel reads it as a number."""
    if value is None:
        return ""
    plain = format_number(value, unit, localized=False)
    return plain.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def csv_columns() -> list[str]:
    """Return the report CSV's header in the active language."""
    return [
        gettext("Period"),
        pgettext("CSV column", "First day"),
        pgettext("CSV column", "Last day"),
        gettext("Scope"),
        pgettext("CSV column", "Name"),
        pgettext("CSV column", "Section of the standards"),
        gettext("Indicator"),
        gettext("Unit"),
        gettext("Value"),
        gettext("Sample size"),
        gettext("Target"),
        gettext("Previous period"),
        gettext("Change"),
        gettext("Result"),
        pgettext("CSV column", "Note"),
        pgettext("CSV column", "Pending, not yet due"),
        pgettext("CSV column", "Provisional"),
    ]


def _yes_no(value: bool) -> str:
    return pgettext("CSV cell", "yes") if value else pgettext("CSV cell", "no")


def report_csv(data: ReportData) -> bytes:
    """Return one row per indicator per scope for the period, for Excel (see
    `excel_csv`), in the active language: the report's.

    Names, not codes: the period's label, the kind and the name of the scope, the
    section of the standards, the indicator and its unit, the result. Withheld
    cells (fewer than 5 answers) have no value and say why in the note. "Pending"
    gives, beside an on-time share, the cases still within their term (left out of
    the share); "provisional" is "yes" on every row when the period had not ended
    when the report was made.
    """
    period = data.period
    first = [period.label, period.start.isoformat(), period.end.isoformat()]
    provisional = _yes_no(data.is_provisional)
    section_iv = str(SECTION_NAMES["IV"])
    percent_label = str(Unit(Unit.PERCENT).label)
    days_label = str(Unit(Unit.DAYS).label)
    no_data = gettext("no data")
    rows: list[list[Any]] = []
    scope = data.scope
    for row in data.rows:
        unit = row.indicator.unit
        rows.append(
            [
                *first,
                str(ScopeKind(scope.kind).label),
                scope.name,
                str(SECTION_NAMES[row.indicator.section]),
                str(row.indicator.name),
                row.indicator.unit_label,
                "" if row.is_withheld else csv_number(row.measure.value, unit),
                ""
                if row.is_withheld or row.measure.sample is None
                else row.measure.sample,
                csv_number(row.target, unit),
                "" if row.was_withheld else csv_number(row.previous.value, unit),
                csv_number(row.change, unit),
                row.status_text,
                gettext("fewer than 5") if row.is_withheld else "",
                "" if row.pending is None else row.pending,
                provisional,
            ]
        )
    on_time_name = gettext("Requests completed on time")
    department = str(ScopeKind.DEPARTMENT.label)
    for point in data.departments:
        rows.append(
            [
                *first,
                department,
                point.label,
                section_iv,
                on_time_name,
                percent_label,
                csv_number(point.value, Unit.PERCENT),
                point.sample,
                "",
                "",
                "",
                no_data if point.value is None else "",
                "",
                "",
                provisional,
            ]
        )
    service = str(ScopeKind.SERVICE.label)
    for item in data.handling_by_service:
        for name, value in (
            (gettext("Handling time, median"), item["median_plain"]),
            (gettext("Handling time, 90th percentile"), item["p90_plain"]),
        ):
            # Rounded already, with a point: only the separator is the reader's.
            value = value.replace(".", str(get_format("DECIMAL_SEPARATOR")))
            rows.append(
                [
                    *first,
                    service,
                    item["service"],
                    section_iv,
                    name,
                    days_label,
                    value,
                    item["count"],
                    "",
                    "",
                    "",
                    "" if value else no_data,
                    "",
                    "",
                    provisional,
                ]
            )
    return excel_csv(csv_columns(), rows)


def report_sections(data: ReportData) -> list[tuple[str, list[Row]]]:
    """Return every section of the Service Standards (I–VI) with its indicators.

    A section no indicator measures yet is listed with no rows, and the page says
    so: the headings carry the standards' own numbers, and leaving a section out
    made them jump (II, then IV) without a word about the missing one.
    """
    return [
        (
            str(SECTION_NAMES[section]),
            [row for row in data.rows if row.indicator.section == section],
        )
        for section in SECTIONS
    ]


def _drawn(chart: SafeString, points: list[ChartPoint]) -> SafeString | str:
    """Return the chart, or "" when no point has a value to draw: the page then
    says there is nothing to chart, instead of showing an empty frame."""
    return chart if any(point.value is not None for point in points) else ""


def report_charts(data: ReportData) -> dict[str, Any]:
    """Return what the page and the PDF draw beside the numbers: the three charts as
    inline SVG ("" when a chart has nothing to draw) and the sections of the
    standards with their indicators."""
    return {
        "sections": report_sections(data),
        "trend_chart": _drawn(
            column_chart(
                title=gettext("Requests completed on time, by month"),
                description=gettext(
                    "Share of requests completed on time in each month of the "
                    "period; the same numbers are in the table that follows."
                ),
                points=data.trend,
                maximum=100,
                prefix="trend",
            ),
            data.trend,
        ),
        "satisfaction_chart": _drawn(
            bar_chart(
                title=gettext("Mean satisfaction per standard (1–5)"),
                description=gettext(
                    "Mean rating for each standard; the same numbers, with the "
                    "number of answers, are in the table that follows."
                ),
                points=data.satisfaction,
                maximum=5,
                prefix="satisfaction",
            ),
            data.satisfaction,
        ),
        "departments_chart": _drawn(
            bar_chart(
                title=gettext("Requests completed on time, by department"),
                description=gettext(
                    "Share of requests completed on time in each department; the "
                    "same numbers are in the table that follows."
                ),
                points=data.departments,
                maximum=100,
                prefix="departments",
            ),
            data.departments,
        ),
    }
