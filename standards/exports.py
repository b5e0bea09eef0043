"""The report as an open-data CSV in long format and as a PDF: the same numbers as
the page (`report_build`), never recomputed."""

import csv
import io
from typing import Any

from django.utils.translation import gettext

from standards.charts import bar_chart, column_chart
from standards.indicators.measures import Unit
from standards.selectors.indicator_rows import format_number
from standards.selectors.report_data import ReportData

CSV_COLUMNS = [
    "period_kind",
    "period_start",
    "period_end",
    "scope_kind",
    "scope_id",
    "scope_name",
    "indicator",
    "indicator_name",
    "section",
    "unit",
    "value",
    "sample_size",
    "target",
    "previous_value",
    "change",
    "status",
    "note",
    "pending",
    "provisional",
]


def _plain(value: float | None, unit: str) -> str:
    return "" if value is None else format_number(value, unit, localized=False)


def report_csv(data: ReportData) -> bytes:
    """Return one row per indicator per scope for the period (UTF-8, comma-separated).

    Withheld cells (fewer than 5 answers) have no value and say why in `note`.
    `pending` gives, beside an on-time share, the cases still within their term (left
    out of the share); `provisional` is 1 on every row when the period had not ended
    when the report was made, else 0.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    period = data.period
    common = {
        "period_kind": period.kind,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "provisional": int(data.is_provisional),
        "pending": "",
    }
    scope = data.scope
    scope_id = scope.service_id or scope.department_id or ""
    for row in data.rows:
        unit = row.indicator.unit
        writer.writerow(
            {
                **common,
                "scope_kind": scope.kind,
                "scope_id": scope_id,
                "scope_name": scope.name,
                "indicator": row.indicator.code,
                "indicator_name": str(row.indicator.name),
                "section": row.indicator.section,
                "unit": unit,
                "value": "" if row.is_withheld else _plain(row.measure.value, unit),
                "sample_size": ""
                if row.is_withheld or row.measure.sample is None
                else row.measure.sample,
                "target": _plain(row.target, unit),
                "previous_value": ""
                if row.was_withheld
                else _plain(row.previous.value, unit),
                "change": _plain(row.change, unit),
                "status": row.status,
                "note": gettext("fewer than 5") if row.is_withheld else "",
                "pending": "" if row.pending is None else row.pending,
            }
        )
    on_time_name = gettext("Requests completed on time")
    for point, key in zip(data.departments, data.department_ids, strict=True):
        writer.writerow(
            {
                **common,
                "scope_kind": "department",
                "scope_id": key,
                "scope_name": point.label,
                "indicator": "on_time_share",
                "indicator_name": on_time_name,
                "section": "IV",
                "unit": Unit.PERCENT,
                "value": _plain(point.value, Unit.PERCENT),
                "sample_size": point.sample,
                "target": "",
                "previous_value": "",
                "change": "",
                "status": "no_data" if point.value is None else "",
                "note": "",
            }
        )
    for item in data.handling_by_service:
        for code, name, value in (
            ("handling_median", gettext("Handling time, median"), "median_plain"),
            ("handling_p90", gettext("Handling time, 90th percentile"), "p90_plain"),
        ):
            writer.writerow(
                {
                    **common,
                    "scope_kind": "service",
                    "scope_id": item["service_id"],
                    "scope_name": item["service"],
                    "indicator": code,
                    "indicator_name": name,
                    "section": "IV",
                    "unit": Unit.DAYS,
                    "value": item[value],
                    "sample_size": item["count"],
                    "target": "",
                    "previous_value": "",
                    "change": "",
                    "status": "",
                    "note": "",
                }
            )
    return buffer.getvalue().encode("utf-8")


def report_charts(data: ReportData) -> dict[str, Any]:
    """Return the three charts of a report as inline SVG."""
    return {
        "trend_chart": column_chart(
            title=gettext("Requests completed on time, by month"),
            description=gettext(
                "Share of requests completed on time in each month of the period; "
                "the same numbers are in the table that follows."
            ),
            points=data.trend,
            maximum=100,
            prefix="trend",
        ),
        "satisfaction_chart": bar_chart(
            title=gettext("Mean satisfaction per standard (1–5)"),
            description=gettext(
                "Mean rating for each standard; the same numbers, with the number of "
                "answers, are in the table that follows."
            ),
            points=data.satisfaction,
            maximum=5,
            prefix="satisfaction",
        ),
        "departments_chart": bar_chart(
            title=gettext("Requests completed on time, by department"),
            description=gettext(
                "Share of requests completed on time in each department; the same "
                "numbers are in the table that follows."
            ),
            points=data.departments,
            maximum=100,
            prefix="departments",
        ),
    }
