"""Satisfaction surveys: the invitation after a closed request and the answers (#4)."""

import datetime

from django.utils import timezone

import pytest

from feedback.errors import SurveyLinkUnusable
from feedback.models import SurveyInvitation, SurveyResponse
from feedback.services.surveys import (
    survey_complete,
    survey_invite,
    survey_score_record,
    survey_submit_anytime,
    survey_submit_invited,
)
from requests_app.models import Notice
from requests_app.services import request_transition
from requests_app.workflow import Status
from tests.requests_app.factories import CitizenRequestFactory

from .factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def test_closing_a_request_sends_one_survey_invitation(
    django_capture_on_commit_callbacks,
):
    """The survey hook: the invitation goes out when a request is closed (#4)."""
    citizen_request = CitizenRequestFactory(assigned=True)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            citizen_request=citizen_request, target=Status.CLOSED, by=None
        )
    invitation = SurveyInvitation.objects.get(request=citizen_request)
    notice = Notice.objects.get(kind="survey_invitation")
    assert notice.recipient == citizen_request.citizen_email
    assert "?score=1" in notice.body and "?score=5" in notice.body
    assert (
        invitation.expires_at.date()
        == (timezone.now() + datetime.timedelta(days=30)).date()
    )
    citizen_request.refresh_from_db()
    assert survey_invite(citizen_request=citizen_request) is None


def test_other_transitions_send_no_invitation():
    citizen_request = CitizenRequestFactory()
    request_transition(
        citizen_request=citizen_request, target=Status.IN_PROGRESS, by=None
    )
    assert not SurveyInvitation.objects.exists()


def test_one_click_score_uses_the_link():
    invitation = SurveyInvitationFactory(token="tok")
    response = survey_score_record(invitation=invitation, overall=4)
    assert response.overall == 4
    assert response.department_id == invitation.request.department_id
    with pytest.raises(SurveyLinkUnusable, match="cannot be used"):
        survey_score_record(invitation=invitation, overall=5)


def test_expired_link_is_refused():
    invitation = SurveyInvitationFactory(token="tok", expired=True)
    with pytest.raises(SurveyLinkUnusable, match="cannot be used") as error:
        survey_submit_invited(invitation=invitation, answers={"overall": 5})
    assert error.value.code == "expired"


def test_completing_after_a_score_keeps_the_score_and_works_once():
    invitation = SurveyInvitationFactory(token="tok")
    response = survey_score_record(invitation=invitation, overall=2)
    survey_complete(response_id=response.pk, answers={"overall": None, "courtesy": 5})
    response.refresh_from_db()
    assert (response.overall, response.courtesy) == (2, 5)
    with pytest.raises(SurveyLinkUnusable, match="completed already"):
        survey_complete(response_id=response.pk, answers={})
    assert SurveyResponse.objects.count() == 1


def test_contact_address_is_kept_only_with_consent():
    kept = survey_submit_anytime(
        answers={"has_consent": True, "contact_email": " a@example.org "},
        service=None,
        language="bg",
    )
    dropped = survey_submit_anytime(
        answers={"has_consent": False, "contact_email": "b@example.org"},
        service=None,
        language="bg",
    )
    assert (kept.contact_email, dropped.contact_email) == ("a@example.org", "")
