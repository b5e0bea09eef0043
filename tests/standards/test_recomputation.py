"""An independent recomputation of every indicator (#11).

A fixed year (2025) of requests, extensions, suspensions, complaints, survey answers
and suggestions; every indicator of `standards.indicators.definitions` is computed
here straight from the rows with plain SQL, written apart from the ORM selectors, and
compared with the dashboard page, the text of the PDF and the CSV of the report.

The report is made on 12 January 2026: a complaint whose acknowledgement is due on
14 January is pending then. The dashboard is live (today), so it is compared with
the same SQL as of today. Every day the fixture counts in is a weekday without a
public holiday, so working days are weekdays here (checked below with the
`holidays` package, not with the project's calendar).
"""

import datetime
import io
import re
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

import holidays
import pytest
from pypdf import PdfReader

from feedback.models import (
    Complaint,
    ComplaintKind,
    Resolved,
    Suggestion,
    SurveyInvitation,
    SurveyResponse,
)
from feedback.workflow import SuggestionStatus
from requests_app.models import CitizenRequest, EventKind, Extension, RequestEvent
from requests_app.roles import Role
from requests_app.workflow import Status
from standards import services
from standards.indicators.definitions import INDICATORS
from standards.models import Report
from tests.feedback.factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)
from tests.requests_app.factories import (
    CitizenRequestFactory,
    RequestEventFactory,
    ServiceFactory,
    StaffFactory,
)
from tests.standards.test_csv_excel import csv_table

from .factories import SOFIA, at, completed, extension

YEAR_START = datetime.date(2025, 1, 1)
YEAR_END = datetime.date(2025, 12, 31)
MADE_AT = datetime.datetime(2026, 1, 12, 9, tzinfo=SOFIA)
MADE_ON = MADE_AT.date()
D = datetime.date.fromisoformat
DIMENSIONS = ("courtesy", "clarity", "timeliness", "simplicity", "overall")


# --- The fixed year -------------------------------------------------------------------


def _complaint(kind, received, ack_due, acked, decide_due, decided):
    return ComplaintFactory(
        kind=kind,
        received_on=D(received),
        acknowledge_due_on=D(ack_due),
        acknowledged_on=D(acked) if acked else None,
        decide_due_on=D(decide_due),
        decided_on=D(decided) if decided else None,
    )


@pytest.fixture
def year():
    """Requests: on time, late, rejected, open past due, completed after the year,
    extended, suspended; complaints and signals kept, missed and pending; survey
    answers; suggestions."""
    service_a = ServiceFactory(name_en="Sketch of a land plot")
    service_b = ServiceFactory(name_en="Certificate of heirs")
    requests = {
        "on_time": completed(
            service_a, received="2025-02-03", closed="2025-02-07", due="2025-02-17"
        ),
        "late": completed(
            service_a, received="2025-03-10", closed="2025-03-24", due="2025-03-21"
        ),
        "rejected": completed(
            service_b,
            received="2025-06-02",
            closed="2025-06-04",
            due="2025-06-16",
            rejected=True,
        ),
        "january": completed(
            service_b, received="2025-01-08", closed="2025-01-20", due="2025-01-22"
        ),
        "extended": completed(
            service_a, received="2025-07-07", closed="2025-07-30", due="2025-08-04"
        ),
        # Completed after the year, past its due date in the year: late in 2025.
        "closed_next_year": completed(
            service_a, received="2025-11-03", closed="2026-01-08", due="2025-11-17"
        ),
    }
    # Never completed, past its due date: late in 2025.
    CitizenRequestFactory(
        service=service_a, received_on=D("2025-10-06"), due_on=D("2025-10-20")
    )
    # Received in 2025, due in 2026: not settled in 2025.
    CitizenRequestFactory(
        service=service_b, received_on=D("2025-12-15"), due_on=D("2026-01-20")
    )
    # Received and completed in 2024: in no 2025 figure.
    completed(service_b, received="2024-11-04", closed="2024-11-08", due="2024-11-18")
    extension(requests["extended"], made="2025-07-15", is_late=False)
    extension(requests["extended"], made="2025-07-28", is_late=True)
    extension(requests["closed_next_year"], made="2025-11-20", is_late=True)
    for day in ("2025-03-12", "2025-07-10", "2024-12-10"):
        RequestEventFactory(
            request=requests["late"],
            kind=EventKind.SUSPENSION,
            created_at=datetime.datetime.combine(D(day), datetime.time(9), SOFIA),
        )

    complaint = ComplaintKindFactory()
    signal = ComplaintKindFactory(signal=True)
    # Six complaints: acknowledged in time, late, not yet and pending (due 14 Jan).
    for acked, decided in (("2025-03-05", "2025-03-20"), ("2025-03-05", "2025-03-20")):
        _complaint(complaint, "2025-03-03", "2025-03-10", acked, "2025-04-02", decided)
    _complaint(complaint, "2025-03-03", "2025-03-10", "2025-03-12", "2025-04-02", None)
    _complaint(complaint, "2025-12-30", "2026-01-06", "2026-01-02", "2026-01-29", None)
    _complaint(complaint, "2025-12-30", "2026-01-06", None, "2026-01-29", None)
    _complaint(complaint, "2025-12-30", "2026-01-14", None, "2026-01-29", None)
    # Five signals: acknowledged in time, three answered in time and two late.
    for decided in ("2025-05-20",) * 3 + ("2025-06-20",) * 2:
        _complaint(
            signal, "2025-05-05", "2025-05-12", "2025-05-07", "2025-06-04", decided
        )
    _complaint(complaint, "2024-12-20", "2024-12-27", None, "2025-01-20", None)

    # Survey: six invitations in 2025, five answered; one answer without one.
    scores = [(5, 4, 5, 3, 5), (4, 4, 4, 4, 4), (3, 2, 3, 3, 2), (5, 5, 4, 5, 5)]
    scores += [(2, 3, 1, 2, 1), (4, 5, 5, 4, 4)]
    resolved = [Resolved.YES, Resolved.YES, Resolved.NO, Resolved.PARTLY, None]
    resolved += [Resolved.YES]
    for index, (values, answer) in enumerate(zip(scores, resolved, strict=True)):
        fields = dict(zip(DIMENSIONS, values, strict=True))
        if index < 5:
            invitation = SurveyInvitationFactory(created_at=at("2025-04-01"))
            SurveyResponseFactory(
                source=SurveyResponse.Source.INVITATION,
                invitation=invitation,
                submitted_at=at("2025-04-03"),
                resolved=answer or "",
                **fields,
            )
        else:
            SurveyResponseFactory(
                submitted_at=at("2025-09-09"), resolved=answer or "", **fields
            )
    SurveyInvitationFactory(created_at=at("2025-10-01"))
    SurveyInvitationFactory(created_at=at("2024-12-01"))

    SuggestionFactory(submitted_at=at("2025-02-01"))
    SuggestionFactory(
        submitted_at=at("2025-03-01"), first_responded_at=at("2025-03-05")
    )
    SuggestionFactory(
        submitted_at=at("2025-05-01"),
        first_responded_at=at("2025-05-20"),
        status=SuggestionStatus.DONE,
    )
    SuggestionFactory(submitted_at=at("2024-06-01"), status=SuggestionStatus.DONE)
    return service_a, service_b


def test_the_fixture_counts_no_public_holiday_as_a_working_day():
    """Working days are weekdays here: no counted day is a Bulgarian holiday."""
    public = holidays.country_holidays("BG", years=[2025])
    spans = [
        ("2025-02-03", "2025-02-07"),
        ("2025-03-10", "2025-03-24"),
        ("2025-06-02", "2025-06-04"),
        ("2025-01-08", "2025-01-20"),
        ("2025-07-07", "2025-07-30"),
    ]
    for first, last in spans:
        day = D(first)
        while day <= D(last):
            assert day not in public, day
            day += datetime.timedelta(days=1)


# --- The recomputation: plain SQL on the tables ---------------------------------------


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _one(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _day(column: str) -> str:
    """Return the local (Sofia) day of a stored datetime column.

    The fixture's times are between 09:00 and 12:00 Sofia time, the same day in UTC.
    """
    if connection.vendor == "postgresql":
        return f"CAST({column} AT TIME ZONE 'UTC' AS DATE)"
    return f"DATE({column})"


def _percentile(values: list[int], fraction: float) -> float | None:
    """Return percentile_cont over the values (linear interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _working_days(received: datetime.date, done: datetime.date) -> int:
    return sum(
        1
        for offset in range(1, (done - received).days + 1)
        if (received + datetime.timedelta(days=offset)).weekday() < 5
    )


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def recompute(as_of: datetime.date) -> dict[str, tuple[float | None, int | None]]:
    """Return {indicator code: (value, sample)} for 2025, as of `as_of`."""
    start, end = YEAR_START, YEAR_END
    requests = _table(CitizenRequest)
    closed_day = _day("closed_at")
    done = f"CASE WHEN status IN (%s, %s) AND {closed_day} <= %s THEN {closed_day} END"
    done_params = [Status.CLOSED, Status.REJECTED, as_of]
    # On time: completed by its due date, counted on the day it was completed. Late:
    # not completed by its due date, counted on the due date, once that has passed.
    on_time, late = _one(
        f"""
        SELECT
            COALESCE(SUM(CASE WHEN done_on <= due_on
                AND done_on BETWEEN %s AND %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN (done_on IS NULL OR done_on > due_on)
                AND due_on BETWEEN %s AND %s AND due_on < %s THEN 1 ELSE 0 END), 0)
        FROM (SELECT {done} AS done_on, due_on FROM {requests}) AS r
        """,
        [start, end, start, end, as_of, *done_params],
    )
    # Handling: working days from the received day to the completion day.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT received_on, {closed_day} FROM {requests}
            WHERE status IN (%s, %s) AND {closed_day} BETWEEN %s AND %s
            """,
            [Status.CLOSED, Status.REJECTED, start, end],
        )
        handling = [
            _working_days(_as_date(received), _as_date(day))
            for received, day in cursor.fetchall()
        ]
    extensions, in_time = _one(
        f"""
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN is_late THEN 0 ELSE 1 END), 0)
        FROM {_table(Extension)} WHERE {_day("created_at")} BETWEEN %s AND %s
        """,
        [start, end],
    )
    (suspensions,) = _one(
        f"""
        SELECT COUNT(*) FROM {_table(RequestEvent)}
        WHERE kind = %s AND {_day("created_at")} BETWEEN %s AND %s
        """,
        [EventKind.SUSPENSION, start, end],
    )
    (received,) = _one(
        f"SELECT COUNT(*) FROM {requests} WHERE received_on BETWEEN %s AND %s",
        [start, end],
    )
    complaints = _table(Complaint)
    kinds = _table(ComplaintKind)
    kind_counts = dict(
        _rows(
            f"""
            SELECT k.code, COUNT(*) FROM {complaints} c
            JOIN {kinds} k ON k.id = c.kind_id
            WHERE c.received_on BETWEEN %s AND %s GROUP BY k.code
            """,
            [start, end],
        )
    )

    def kept(due: str, done_on: str) -> tuple[int, int]:
        row = _one(
            f"""
            SELECT
                COALESCE(SUM(CASE WHEN {done_on} <= %s AND {done_on} <= {due}
                    THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN ({done_on} <= %s AND {done_on} > {due})
                    OR (({done_on} IS NULL OR {done_on} > %s) AND {due} < %s)
                    THEN 1 ELSE 0 END), 0)
            FROM {complaints} WHERE received_on BETWEEN %s AND %s
            """,
            [as_of, as_of, as_of, as_of, start, end],
        )
        return row[0], row[1]

    ack_in_time, ack_late = kept("acknowledge_due_on", "acknowledged_on")
    decided_in_time, decided_late = kept("decide_due_on", "decided_on")
    responses = _table(SurveyResponse)
    invitations, answered = _one(
        f"""
        SELECT COUNT(*), COUNT(r.id) FROM {_table(SurveyInvitation)} i
        LEFT JOIN {responses} r ON r.invitation_id = i.id
        WHERE {_day("i.created_at")} BETWEEN %s AND %s
        """,
        [start, end],
    )
    means = {}
    for code in DIMENSIONS:
        mean, answers = _one(
            f"""
            SELECT AVG({code}), COUNT({code}) FROM {responses}
            WHERE {_day("submitted_at")} BETWEEN %s AND %s
            """,
            [start, end],
        )
        means[code] = (None if mean is None else float(mean), answers)
    resolved_yes, resolved_all = _one(
        f"""
        SELECT COALESCE(SUM(CASE WHEN resolved = %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN resolved IN (%s, %s, %s) THEN 1 ELSE 0 END), 0)
        FROM {responses} WHERE {_day("submitted_at")} BETWEEN %s AND %s
        """,
        [Resolved.YES, Resolved.YES, Resolved.PARTLY, Resolved.NO, start, end],
    )
    suggestions, suggestions_answered, suggestions_done = _one(
        f"""
        SELECT COUNT(*),
            COALESCE(SUM(CASE WHEN first_responded_at IS NULL THEN 0 ELSE 1 END), 0),
            COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0)
        FROM {_table(Suggestion)} WHERE {_day("submitted_at")} BETWEEN %s AND %s
        """,
        [SuggestionStatus.DONE, start, end],
    )
    result = {
        "on_time_share": (_share(on_time, on_time + late), on_time + late),
        "extensions_in_time_share": (_share(in_time, extensions), extensions),
        "extensions_count": (extensions, extensions),
        "handling_median": (_percentile(handling, 0.5), len(handling)),
        "handling_p90": (_percentile(handling, 0.9), len(handling)),
        "suspensions_count": (suspensions, suspensions),
        "requests_received": (received, received),
        "complaints_received": (kind_counts.get("complaint", 0),) * 2,
        "signals_received": (kind_counts.get("signal", 0),) * 2,
        "complaints_acknowledged_share": (
            _share(ack_in_time, ack_in_time + ack_late),
            ack_in_time + ack_late,
        ),
        "complaints_decided_share": (
            _share(decided_in_time, decided_in_time + decided_late),
            decided_in_time + decided_late,
        ),
        "survey_response_rate": (_share(answered, invitations), invitations),
        "resolved_share": (_share(resolved_yes, resolved_all), resolved_all),
        "suggestions_received": (suggestions, suggestions),
        "suggestions_answered": (suggestions_answered, suggestions_answered),
        "suggestions_done": (suggestions_done, suggestions_done),
    }
    for code, measure in means.items():
        result[f"satisfaction_{code}"] = measure
    return result


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return D(str(value)[:10])


# --- Formatting the expected values as a reader sees them -----------------------------

DECIMALS = {"percent": 1, "days": 1, "count": 0, "score": 2}


def _rounded(value: float, unit: str) -> str:
    quantum = Decimal(1).scaleb(-DECIMALS[unit])
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_EVEN))


def page_text(value: float | None, sample: int | None, unit: str, private: bool) -> str:
    """Return the value as the page and the PDF show it (English)."""
    if private and sample is not None and 0 < sample < 5:
        return "fewer than 5"
    if value is None:
        return "—"
    text = _rounded(value, unit)
    return f"{text} %" if unit == "percent" else text


def csv_text(value: float | None, sample: int | None, unit: str, private: bool) -> str:
    if value is None or (private and sample is not None and 0 < sample < 5):
        return ""
    return _rounded(value, unit)


def test_the_fixture_covers_every_indicator():
    """The recomputation knows every indicator of the table, and no other."""
    assert {i.code for i in INDICATORS} == set(_expected_codes())


def _expected_codes() -> list[str]:
    codes = [
        "on_time_share",
        "extensions_in_time_share",
        "extensions_count",
        "handling_median",
        "handling_p90",
        "suspensions_count",
        "requests_received",
        "complaints_received",
        "signals_received",
        "complaints_acknowledged_share",
        "complaints_decided_share",
        "survey_response_rate",
        "resolved_share",
        "suggestions_received",
        "suggestions_answered",
        "suggestions_done",
    ]
    return codes + [f"satisfaction_{code}" for code in DIMENSIONS]


# --- The comparisons ------------------------------------------------------------------


@pytest.mark.django_db
def test_recomputed_figures_are_the_hand_counted_ones(year):
    """The SQL itself is checked against the fixture, counted by hand."""
    figures = recompute(MADE_ON)
    # 4 on time (January, February, rejected, extended); 3 late (March, open,
    # completed next year).
    assert figures["on_time_share"] == (pytest.approx(400 / 7), 7)
    # Extensions: 3, one in time; suspensions: 2 in 2025.
    assert figures["extensions_in_time_share"][1] == 3
    assert figures["suspensions_count"] == (2, 2)
    # Received in 2025: 8 requests.
    assert figures["requests_received"] == (8, 8)
    # Working days: 4, 10, 2, 8, 17 -> median 8, p90 at 3.6 -> 10 + 0.6 * 7.
    assert figures["handling_median"] == (8, 5)
    assert figures["handling_p90"][0] == pytest.approx(14.2)
    # Acknowledged: 2 + 1 + 5 in time, 1 + 1 late, 1 pending (due 14 January).
    assert figures["complaints_acknowledged_share"] == (pytest.approx(80.0), 10)
    # Answered: 2 + 3 in time; 1 (open since April) + 2 late; 3 pending.
    assert figures["complaints_decided_share"] == (pytest.approx(62.5), 8)
    assert figures["survey_response_rate"] == (pytest.approx(5 / 6 * 100), 6)
    assert figures["resolved_share"] == (60.0, 5)
    assert figures["suggestions_received"] == (3, 3)


@pytest.mark.django_db
def test_report_pdf_and_csv_show_the_recomputed_figures(year):
    report = Report.objects.create(
        period_kind="year",
        start_on=YEAR_START,
        end_on=YEAR_END,
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
        started_at=MADE_AT,
    )
    pdf, csv_bytes = services.report_documents(report)
    expected = recompute(MADE_ON)

    # The CSV is for Excel (#14): named columns and rows, in the report's language.
    names = {str(indicator.name): indicator.code for indicator in INDICATORS}
    in_csv = {
        names[r["Indicator"]]: r
        for r in csv_table(csv_bytes)
        if r["Scope"] == "Whole municipality"
    }
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    summary = text.split("1. Results against targets")[2]  # after the contents
    summary = summary.split("2. Charts")[0]
    for indicator in INDICATORS:
        value, sample = expected[indicator.code]
        shown = page_text(value, sample, indicator.unit, indicator.is_private)
        assert in_csv[indicator.code]["Value"] == csv_text(
            value, sample, indicator.unit, indicator.is_private
        ), indicator.code
        assert f"{indicator.name} {shown}" in summary, indicator.code
    assert in_csv["complaints_acknowledged_share"]["Pending, not yet due"] == ""
    assert "fewer than 5 pending, not yet due" in summary
    assert {r["Provisional"] for r in in_csv.values()} == {"no"}


@pytest.mark.django_db
def test_dashboard_shows_the_recomputed_figures(client, year):
    client.force_login(StaffFactory(role=Role.MANAGER))
    with translation.override("en"):
        address = reverse("standards:dashboard")
    response = client.get(
        address, {"period_kind": "year", "year": "2025", "number": "1"}
    )
    page = response.content.decode()
    expected = recompute(timezone.localdate())
    for indicator in INDICATORS:
        value, sample = expected[indicator.code]
        shown = page_text(value, sample, indicator.unit, indicator.is_private)
        cell = re.search(
            rf'data-indicator="{indicator.code}">.*?<td class="value">([^<]*)',
            page,
            re.DOTALL,
        )
        assert cell is not None, indicator.code
        assert cell.group(1).strip() == shown, indicator.code
    # Beside each on-time share: nothing is within its term any more.
    on_time = page.split('data-indicator="on_time_share"')[1].split("</tr>")[0]
    assert "0 pending, not yet due" in on_time
