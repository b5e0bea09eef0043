"""Shared fixtures of the standards tests: a manager, and requests, answers and
feedback for the first quarter of 2026."""

import datetime
from decimal import Decimal

import pytest

from requests_app.roles import Role
from tests.feedback.factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)
from tests.requests_app.factories import ServiceFactory, StaffFactory

from .factories import TargetFactory, at, completed, survey_answers


@pytest.fixture
def manager():
    return StaffFactory(role=Role.MANAGER)


@pytest.fixture
def requests_q1():
    """One service with two requests completed in Q1 2026, one of them late."""
    service = ServiceFactory(name_en="Sketch of a land plot")
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    return service


@pytest.fixture
def quarter():
    """Q1 2026: service A of department A completes 3 requests (2 on time), service B
    of department B rejects 1 on time; Q4 2025: 1 request, on time. Survey: 3 answers
    for service A (fewer than 5) and 3 for service B, every standard rated alike."""
    service_a = ServiceFactory()
    service_b = ServiceFactory()
    completed(service_a, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service_a, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    completed(service_a, received="2026-01-05", closed="2026-01-19", due="2026-01-19")
    completed(
        service_b,
        received="2026-03-02",
        closed="2026-03-10",
        due="2026-03-16",
        rejected=True,
    )
    completed(service_a, received="2025-12-01", closed="2025-12-05", due="2025-12-15")
    survey_answers(5, 4, 3, service=service_a, day="2026-02-10")
    survey_answers(5, 5, 2, service=service_b, day="2026-03-12")
    TargetFactory(indicator="on_time_share", value=Decimal("95"))
    TargetFactory(
        indicator="on_time_share",
        scope_kind="department",
        department=service_a.department,
        value=Decimal("60"),
    )
    TargetFactory(indicator="handling_median", value=Decimal("5"))
    TargetFactory(indicator="satisfaction_overall", value=Decimal("4"))
    return service_a, service_b


@pytest.fixture
def feedback():
    """Q1 2026: five complaints and one signal received on 2 February (due for
    acknowledgement on 9 February); four acknowledged in time, one late, the signal
    not yet; all five complaints answered, four of them by the due date (2 March).
    Four survey invitations, one answered. Three suggestions: two answered, one of
    them done."""
    received = datetime.date(2026, 2, 2)
    complaint = ComplaintKindFactory()
    signal = ComplaintKindFactory(signal=True)
    acknowledged = ["2026-02-05"] * 4 + ["2026-02-12"]
    decided = ["2026-02-20", "2026-02-20", "2026-02-25", "2026-02-27", "2026-03-20"]
    for ack, answer in zip(acknowledged, decided, strict=True):
        ComplaintFactory(
            kind=complaint,
            received_on=received,
            acknowledged_on=datetime.date.fromisoformat(ack),
            decided_on=datetime.date.fromisoformat(answer),
            decide_due_on=datetime.date(2026, 3, 2),
        )
    ComplaintFactory(kind=signal, received_on=received)
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
