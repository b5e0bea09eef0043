"""Suggestions: the municipality's public responses (#4)."""

from django.core import mail

import pytest

from feedback.errors import FeedbackError
from feedback.services.suggestions import suggestion_respond
from feedback.workflow import SuggestionStatus
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_contributor_is_told_of_each_status_change(django_capture_on_commit_callbacks):
    manager = StaffFactory(role=Role.MANAGER)
    suggestion = SuggestionFactory(contact_email="idea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_respond(
            suggestion=suggestion,
            by=manager,
            status=SuggestionStatus.UNDER_REVIEW,
            response="Разглеждаме.",
        )
        suggestion_respond(
            suggestion=suggestion,
            by=manager,
            status=SuggestionStatus.DONE,
            response="Направено.",
        )
    assert len(mail.outbox) == 2
    suggestion.refresh_from_db()
    assert suggestion.done_at is not None


def test_declining_needs_a_reason():
    manager = StaffFactory(role=Role.MANAGER)
    with pytest.raises(FeedbackError, match="reason"):
        suggestion_respond(
            suggestion=SuggestionFactory(),
            by=manager,
            status=SuggestionStatus.DECLINED,
            response=" ",
        )


def test_a_response_cannot_set_the_first_status():
    with pytest.raises(FeedbackError, match="Choose a status"):
        suggestion_respond(
            suggestion=SuggestionFactory(),
            by=StaffFactory(role=Role.MANAGER),
            status=SuggestionStatus.RECEIVED,
            response="",
        )


def test_only_managers_respond_to_suggestions():
    clerk = StaffFactory(role=Role.CLERK)
    with pytest.raises(FeedbackError, match="cannot respond"):
        suggestion_respond(
            suggestion=SuggestionFactory(),
            by=clerk,
            status=SuggestionStatus.PLANNED,
            response="Да.",
        )
