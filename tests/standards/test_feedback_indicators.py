"""Complaint, survey and suggestion indicators, read through feedback's selectors (#5).

Q1 2026: five complaints and one signal received on 2 February (due for
acknowledgement on 9 February); four acknowledged in time, one late, the signal not
yet; all five complaints answered, four of them by the due date (2 March). Four
survey invitations, one answered. Three suggestions: two answered, one of them done.
"""

import datetime
import io

from django.utils import translation

import pytest
from pypdf import PdfReader

from standards.models import Report
from standards.periods import Period
from standards.selectors import report_build, scope_for
from standards.services import report_documents
from tests.feedback.factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)

from .factories import SOFIA

Q1 = Period("quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
RECEIVED = datetime.date(2026, 2, 2)


def at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(11), SOFIA
    )


@pytest.fixture
def feedback():
    complaint = ComplaintKindFactory()
    signal = ComplaintKindFactory(signal=True)
    acknowledged = ["2026-02-05"] * 4 + ["2026-02-12"]
    decided = ["2026-02-20", "2026-02-20", "2026-02-25", "2026-02-27", "2026-03-20"]
    for ack, answer in zip(acknowledged, decided, strict=True):
        ComplaintFactory(
            kind=complaint,
            received_on=RECEIVED,
            acknowledged_on=datetime.date.fromisoformat(ack),
            decided_on=datetime.date.fromisoformat(answer),
            decide_due_on=datetime.date(2026, 3, 2),
        )
    ComplaintFactory(kind=signal, received_on=RECEIVED)
    invitations = [
        SurveyInvitationFactory(created_at=at("2026-02-10")) for _ in range(4)
    ]
    SurveyResponseFactory(
        source="invitation",
        invitation=invitations[0],
        request=invitations[0].request,
        submitted_at=at("2026-02-11"),
    )
    SuggestionFactory(submitted_at=at("2026-01-15"))
    SuggestionFactory(
        submitted_at=at("2026-01-20"), first_responded_at=at("2026-02-01")
    )
    SuggestionFactory(
        submitted_at=at("2026-01-25"),
        first_responded_at=at("2026-02-01"),
        status="done",
    )


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_complaint_survey_and_suggestion_indicators(feedback):
    rows = {
        r.indicator.code: r for r in report_build(period=Q1, scope=scope_for()).rows
    }
    assert rows["complaints_received"].value_text == "5"
    assert rows["signals_received"].value_text == "fewer than 5"
    # 4 of the 6 cases acknowledged by the due date; 4 of the 5 answered in time.
    assert rows["complaints_acknowledged_share"].value_text == "66.7 %"
    assert rows["complaints_decided_share"].value_text == "80.0 %"
    assert rows["survey_response_rate"].value_text == "25.0 %"
    assert rows["satisfaction_overall"].value_text == "fewer than 5"
    assert rows["suggestions_received"].value_text == "3"
    assert rows["suggestions_answered"].value_text == "2"
    assert rows["suggestions_done"].value_text == "1"


@pytest.mark.django_db
def test_suggestions_are_not_split_by_department(feedback):
    from tests.requests_app.factories import DepartmentFactory

    data = report_build(period=Q1, scope=scope_for(department=DepartmentFactory()))
    rows = {r.indicator.code: r for r in data.rows}
    assert rows["suggestions_received"].status_text == "no data"


@pytest.mark.django_db
def test_report_holds_no_name_or_address_of_complainants(feedback):
    from feedback.models import Complaint, Suggestion

    people = [(c.contact_name, c.contact_email) for c in Complaint.objects.all()]
    people += [(s.contact_name, s.contact_email) for s in Suggestion.objects.all()]
    report = Report.objects.create(
        period_kind="quarter",
        start_on=Q1.start,
        end_on=Q1.end,
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    pdf, csv_bytes = report_documents(report)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    published = text + csv_bytes.decode()
    assert "66.7 %" in text
    for name, email in people:
        assert name not in published
        assert email not in published
