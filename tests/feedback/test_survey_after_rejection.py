"""A rejected request is surveyed too, so satisfaction is not measured on successes
only (#11)."""

import pytest

from feedback.models import SurveyInvitation
from feedback.services.surveys import survey_invite
from requests_app.models import Notice
from requests_app.services import request_transition
from requests_app.workflow import Status
from tests.requests_app.factories import CitizenRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("target", "is_invited"),
    [
        pytest.param(Status.REJECTED, True, id="rejected->invited"),
        pytest.param(Status.IN_PROGRESS, False, id="in-progress->not-invited"),
    ],
)
def test_a_rejection_sends_one_survey_invitation(
    django_capture_on_commit_callbacks, target, is_invited
):
    citizen_request = CitizenRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(citizen_request=citizen_request, target=target, by=None)
    assert SurveyInvitation.objects.filter(request=citizen_request).exists() is (
        is_invited
    )
    notices = Notice.objects.filter(kind="survey_invitation", request=citizen_request)
    assert notices.count() == int(is_invited)
    if is_invited:
        assert notices.get().recipient == citizen_request.citizen_email


def test_a_rejected_request_is_invited_once():
    citizen_request = CitizenRequestFactory()
    request_transition(citizen_request=citizen_request, target=Status.REJECTED, by=None)
    citizen_request.refresh_from_db()
    assert survey_invite(citizen_request=citizen_request) is None
    assert SurveyInvitation.objects.filter(request=citizen_request).count() == 1
