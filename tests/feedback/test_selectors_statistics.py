"""The typed figures the standards reports and the counts page read (#5)."""

import datetime

from django.utils import timezone

import pytest

from feedback.dimensions import DIMENSION_CODES
from feedback.models import Resolved, SurveyResponse
from feedback.selectors.statistics import (
    ComplaintFigures,
    DimensionMean,
    SuggestionFigures,
    complaint_counts_recent,
    complaint_figures,
    suggestion_figures,
    survey_figures,
)
from feedback.workflow import SuggestionStatus
from tests.requests_app.factories import CitizenRequestFactory, DepartmentFactory

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
PERIOD = {"start": START, "end": END}


def test_complaint_figures_count_kinds_and_terms_in_the_database(
    django_assert_max_num_queries,
):
    department = DepartmentFactory()
    signal = ComplaintKindFactory(signal=True)
    ComplaintKindFactory()
    ComplaintKindFactory(proposal=True)
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
        figures = complaint_figures(**PERIOD, department_id=None)
    assert figures == ComplaintFigures(
        received=2,
        complaints=1,
        signals=1,
        acknowledged_in_time=1,
        acknowledged_late=1,
        acknowledged_pending=0,
        decided=1,
        decided_in_time=0,
        decided_late=2,  # one answered late, one not answered past its due date
        decided_pending=0,
        by_kind=figures.by_kind,
    )
    assert [(k.code, k.count) for k in figures.by_kind] == [
        ("complaint", 1),
        ("signal", 1),
        ("proposal", 0),
    ]
    assert figures.open == 1
    assert complaint_figures(**PERIOD, department_id=department.pk).received == 1


def test_survey_figures_means_per_dimension_and_responses(
    django_assert_max_num_queries,
):
    at = timezone.make_aware(datetime.datetime(2026, 2, 10, 12))
    citizen_request = CitizenRequestFactory()
    answered = SurveyInvitationFactory(
        token="a", request=citizen_request, created_at=at
    )
    SurveyInvitationFactory(token="b", created_at=at)
    SurveyResponseFactory(
        source=SurveyResponse.Source.INVITATION,
        invitation=answered,
        department=citizen_request.department,
        service=citizen_request.service,
        courtesy=4,
        overall=5,
        resolved=Resolved.YES,
        submitted_at=at,
    )
    SurveyResponseFactory(
        courtesy=2, overall=None, resolved=Resolved.NO, submitted_at=at
    )
    SurveyResponseFactory(submitted_at=at - datetime.timedelta(days=60))  # outside
    with django_assert_max_num_queries(2):
        figures = survey_figures(**PERIOD, department_id=None, service_id=None)
    assert (figures.invitations, figures.invited_responses) == (2, 1)
    assert figures.answers == 2
    assert set(figures.means) == set(DIMENSION_CODES)
    assert figures.means["courtesy"] == DimensionMean(mean=3.0, answers=2)
    mean, answers = figures.means["overall"]
    assert (mean, answers) == (5.0, 1)
    assert (figures.resolved_yes, figures.resolved_answers) == (1, 2)
    by_department = survey_figures(
        **PERIOD, department_id=citizen_request.department_id, service_id=None
    )
    assert (by_department.invitations, by_department.answers) == (1, 1)
    by_service = survey_figures(
        **PERIOD, department_id=None, service_id=citizen_request.service_id
    )
    assert (by_service.invitations, by_service.answers) == (1, 1)


def test_suggestion_figures():
    at = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    SuggestionFactory(submitted_at=at)
    SuggestionFactory(
        submitted_at=at, status=SuggestionStatus.DONE, first_responded_at=at
    )
    SuggestionFactory(
        submitted_at=at, status=SuggestionStatus.PLANNED, first_responded_at=at
    )
    assert suggestion_figures(**PERIOD) == SuggestionFigures(
        received=3, answered=2, done=1
    )


def test_empty_period_gives_zeros_and_no_mean():
    survey = survey_figures(**PERIOD, department_id=None, service_id=None)
    assert (survey.answers, survey.invitations) == (0, 0)
    assert survey.means["overall"] == DimensionMean(mean=None, answers=0)
    assert complaint_figures(**PERIOD, department_id=None).received == 0
    assert suggestion_figures(**PERIOD).received == 0


def test_counts_page_figures_cover_the_last_year():
    today = timezone.localdate()
    ComplaintFactory(received_on=today - datetime.timedelta(days=30))
    ComplaintFactory(received_on=today - datetime.timedelta(days=400))
    assert complaint_counts_recent().received == 1


def test_complaints_still_within_their_term_are_pending_not_missed():
    """A report made on 1 December counted complaints due on 8 December as missed
    (#11): they are pending until acknowledged or their term ends."""
    received = datetime.date(2026, 12, 1)
    ComplaintFactory(
        received_on=received,
        acknowledge_due_on=datetime.date(2026, 12, 8),
        decide_due_on=datetime.date(2026, 12, 31),
    )
    ComplaintFactory(
        received_on=received,
        acknowledge_due_on=datetime.date(2026, 12, 8),
        acknowledged_on=received,
        decide_due_on=datetime.date(2026, 12, 31),
    )
    december = {"start": received, "end": datetime.date(2026, 12, 31)}
    on_first = complaint_figures(**december, department_id=None, as_of=received)
    assert (
        on_first.acknowledged_in_time,
        on_first.acknowledged_late,
        on_first.acknowledged_pending,
    ) == (1, 0, 1)
    assert (
        on_first.decided_in_time,
        on_first.decided_late,
        on_first.decided_pending,
    ) == (0, 0, 2)
    later = complaint_figures(
        **december, department_id=None, as_of=datetime.date(2026, 12, 9)
    )
    assert (
        later.acknowledged_in_time,
        later.acknowledged_late,
        later.acknowledged_pending,
    ) == (1, 1, 0)
