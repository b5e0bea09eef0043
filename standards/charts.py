"""Charts as inline SVG, drawn on the server: the same markup in the page and the PDF.

No `style` attributes (the Content-Security-Policy forbids them): presentation
attributes only. Each chart has a <title> and <desc>; the page and the PDF print the
same numbers in a table beside it for screen readers. In the tagged PDF the chart is a
Figure whose alternative text is the <title> (WeasyPrint reads no other attribute), so
the title must say what the chart shows on its own.
"""

from collections.abc import Sequence
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from standards.selectors.report_data import ChartPoint

WIDTH = 640
BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 220
FONT = "DejaVu Sans, Arial, sans-serif"
BAR_COLOUR = "#0b5394"  # 7.9:1 on white
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#6c757d"
_ids = count(1)


def _header(chart_id: str, title: str, description: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def bar_chart(
    *,
    title: str,
    description: str,
    points: Sequence[ChartPoint],
    maximum: float,
    prefix: str = "chart",
) -> SafeString:
    """Return horizontal bars, one per point; a missing value is written, not drawn."""
    chart_id = f"{prefix}-{next(_ids)}"
    height = max(len(points), 1) * (BAR_HEIGHT + GAP) + 2 * GAP
    plot = WIDTH - LABEL_WIDTH - 80
    parts = [_header(chart_id, title, description, height)]
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{GAP / 2}" x2="{LABEL_WIDTH}" '
        f'y2="{height - GAP / 2}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    for index, point in enumerate(points):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 4
        label = point.label if len(point.label) <= 32 else point.label[:31] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
        if point.value is None:
            parts.append(
                f'<text x="{LABEL_WIDTH + 6}" y="{middle}" fill="{TEXT_COLOUR}">'
                f"{escape(point.text)}</text>"
            )
            continue
        width = 0 if maximum <= 0 else max(plot * point.value / maximum, 1)
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle}" '
            f'fill="{TEXT_COLOUR}">{escape(point.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def column_chart(
    *,
    title: str,
    description: str,
    points: Sequence[ChartPoint],
    maximum: float,
    prefix: str = "chart",
) -> SafeString:
    """Return vertical columns (a trend over months); missing months are marked."""
    chart_id = f"{prefix}-{next(_ids)}"
    height = 240
    base = height - 40
    top = 20
    slots = max(len(points), 1)
    slot = (WIDTH - 40) / slots
    column = min(slot * 0.6, 60)
    parts = [_header(chart_id, title, description, height)]
    parts.append(
        f'<line x1="20" y1="{base}" x2="{WIDTH - 20}" y2="{base}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    for index, point in enumerate(points):
        centre = 20 + slot * index + slot / 2
        parts.append(
            f'<text x="{centre:.1f}" y="{base + 16}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}" font-size="10">{escape(point.axis_label)}</text>'
        )
        if point.value is None:
            parts.append(
                f'<text x="{centre:.1f}" y="{base - 6}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}" font-size="10">{escape(point.text)}</text>'
            )
            continue
        column_height = 0 if maximum <= 0 else (base - top) * point.value / maximum
        y = base - column_height
        parts.append(
            f'<rect x="{centre - column / 2:.1f}" y="{y:.1f}" width="{column:.1f}" '
            f'height="{column_height:.1f}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}" font-size="10">{escape(point.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
