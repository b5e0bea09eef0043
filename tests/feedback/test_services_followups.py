"""Unhappy answers with consent go to the department head, who follows up (#4)."""

from django.core import mail

import pytest

from feedback.errors import FeedbackError
from feedback.models import FollowUpItem, Resolved
from feedback.services.followups import follow_up_done
from feedback.services.surveys import survey_submit_anytime, survey_submit_invited
from requests_app.roles import Role
from tests.requests_app.factories import DepartmentFactory, StaffFactory

from .factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def test_low_score_with_consent_creates_a_follow_up_for_the_head(
    django_capture_on_commit_callbacks,
):
    department = DepartmentFactory()
    head = StaffFactory(
        role=Role.HEAD, departments=[department], email="head@example.org"
    )
    StaffFactory(role=Role.HEAD, departments=[DepartmentFactory()])
    invitation = SurveyInvitationFactory(
        token="tok", request__service__department=department
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = survey_submit_invited(
            invitation=invitation,
            answers={
                "courtesy": 2,
                "overall": 3,
                "resolved": Resolved.PARTLY,
                "has_consent": True,
            },
        )
    item = FollowUpItem.objects.get(response=response)
    assert item.department == department
    assert item.reason == "ниска оценка: любезност"  # stored in the site's language
    assert [m.to for m in mail.outbox] == [[head.email]]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"overall": 1, "has_consent": False}, False),
        ({"overall": 4, "resolved": Resolved.NO, "has_consent": True}, True),
        ({"overall": 3, "resolved": Resolved.PARTLY, "has_consent": True}, False),
    ],
    ids=["low-no-consent", "not-resolved-consent", "middling"],
)
def test_follow_up_needs_unhappiness_and_consent(answers, expected):
    response = survey_submit_anytime(answers=answers, service=None, language="bg")
    assert FollowUpItem.objects.filter(response=response).exists() is expected


def test_only_a_head_of_the_department_marks_it_done():
    department = DepartmentFactory()
    response = survey_submit_anytime(
        answers={"overall": 1, "has_consent": True}, service=None, language="bg"
    )
    item = FollowUpItem.objects.get(response=response)
    with pytest.raises(FeedbackError, match="cannot act"):
        follow_up_done(item=item, by=StaffFactory(role=Role.CLERK), note="Да.")
    head = StaffFactory(role=Role.HEAD, departments=[department])
    follow_up_done(item=item, by=head, note=" Обадих се. ")
    item.refresh_from_db()
    assert (item.done_by, item.note) == (head, "Обадих се.")
