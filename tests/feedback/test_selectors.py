"""Selectors: confidentiality and the figures the standards reports read (#4, #5)."""

import datetime

from django.utils import timezone

import pytest

from feedback import selectors
from feedback.models import SuggestionStatus
from requests_app.roles import Role
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    StaffFactory,
    UserFactory,
)

from .factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 3, 31)


def test_superuser_without_the_officer_role_sees_no_complaint():
    ComplaintFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert list(selectors.complaint_list_for(viewer=admin)) == []


def test_officer_sees_every_case_but_the_ones_naming_them():
    officer = StaffFactory(role=Role.OFFICER)
    visible = ComplaintFactory()
    ComplaintFactory(named_clerk=officer)
    assert list(selectors.complaint_list_for(viewer=officer)) == [visible]


def test_complaint_stats_counts_kinds_and_terms_in_the_database(
    django_assert_max_num_queries,
):
    department = DepartmentFactory()
    signal = ComplaintKindFactory(signal=True)
    ComplaintKindFactory()
    day = datetime.date(2026, 2, 2)
    ComplaintFactory(
        kind=signal,
        department=department,
        received_on=day,
        acknowledge_due_on=day + datetime.timedelta(days=7),
        acknowledged_on=day + datetime.timedelta(days=3),
        decide_due_on=day + datetime.timedelta(days=60),
        decided_on=day + datetime.timedelta(days=70),
    )
    ComplaintFactory(
        received_on=day,
        acknowledge_due_on=day,
        acknowledged_on=day + datetime.timedelta(days=9),
    )
    ComplaintFactory(received_on=datetime.date(2025, 12, 31))  # outside the period
    with django_assert_max_num_queries(3):
        stats = selectors.complaint_stats(START, END)
    assert stats["received"] == 2
    assert {row["code"]: row["count"] for row in stats["by_kind"]} == {
        "complaint": 1,
        "signal": 1,
    }
    assert (stats["acknowledged"], stats["acknowledged_in_term"]) == (2, 1)
    assert (stats["decided"], stats["decided_in_term"], stats["open"]) == (1, 0, 1)
    assert selectors.complaint_stats(START, END, department=department)["received"] == 1


def test_survey_stats_means_per_standard_and_response_rate(
    django_assert_max_num_queries,
):
    at = timezone.make_aware(datetime.datetime(2026, 2, 10, 12))
    citizen_request = CitizenRequestFactory()
    answered = SurveyInvitationFactory(
        token="a", request=citizen_request, created_at=at
    )
    SurveyInvitationFactory(token="b", created_at=at)
    SurveyResponseFactory(
        source="invitation",
        invitation=answered,
        department=citizen_request.department,
        courtesy=4,
        overall=5,
        resolved="yes",
        submitted_at=at,
    )
    SurveyResponseFactory(courtesy=2, overall=None, resolved="no", submitted_at=at)
    SurveyResponseFactory(submitted_at=at - datetime.timedelta(days=60))  # outside
    with django_assert_max_num_queries(2):
        stats = selectors.survey_stats(START, END)
    assert (stats["invitations"], stats["invited_responses"]) == (2, 1)
    assert stats["response_rate"] == 0.5
    assert stats["responses"] == 2
    assert stats["standards"]["courtesy"] == {"mean": 3.0, "count": 2}
    assert stats["standards"]["overall"] == {"mean": 5.0, "count": 1}
    assert stats["resolved"] == {"yes": 1, "partly": 0, "no": 1}
    assert stats["share_resolved"] == 0.5
    by_department = selectors.survey_stats(
        START, END, department=citizen_request.department
    )
    assert (by_department["invitations"], by_department["responses"]) == (1, 1)


def test_suggestion_stats():
    at = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    SuggestionFactory(submitted_at=at)
    SuggestionFactory(
        submitted_at=at, status=SuggestionStatus.DONE, first_responded_at=at
    )
    SuggestionFactory(
        submitted_at=at, status=SuggestionStatus.PLANNED, first_responded_at=at
    )
    stats = selectors.suggestion_stats(START, END)
    assert (stats["received"], stats["answered"], stats["done"], stats["planned"]) == (
        3,
        2,
        1,
        1,
    )


def test_empty_period_gives_zeros_and_no_division_by_zero():
    assert selectors.survey_stats(START, END)["response_rate"] is None
    assert selectors.complaint_stats(START, END)["received"] == 0
    assert selectors.suggestion_stats(START, END)["received"] == 0
