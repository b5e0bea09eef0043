"""The suggestions pages: published once answered; managers respond (#4)."""

from django.urls import reverse

import pytest

from feedback.models import Suggestion
from feedback.workflow import SuggestionStatus
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_suggestion_is_published_once_answered(client):
    client.post(
        reverse("feedback:suggestions"),
        {"title": "Пейки в чакалнята", "text": "Няма къде да се седне."},
    )
    suggestion = Suggestion.objects.get()
    assert "Пейки" not in client.get(reverse("feedback:suggestions")).content.decode()
    manager = StaffFactory(role=Role.MANAGER)
    client.force_login(manager)
    client.post(
        reverse("feedback:staff-suggestion-respond", args=[suggestion.pk]),
        {"status": SuggestionStatus.PLANNED, "response": "Ще поставим още пет пейки."},
    )
    client.logout()
    page = client.get(reverse("feedback:suggestions")).content.decode()
    assert "Пейки" in page and "още пет пейки" in page


@pytest.mark.parametrize("role", [Role.CLERK, Role.OFFICER, Role.HEAD])
def test_only_managers_reach_the_suggestion_back_office(client, role):
    suggestion = SuggestionFactory()
    client.force_login(StaffFactory(role=role))
    assert client.get(reverse("feedback:staff-suggestions")).status_code == 404
    url = reverse("feedback:staff-suggestion-respond", args=[suggestion.pk])
    assert client.post(url, {"status": SuggestionStatus.DONE}).status_code == 404


def test_garbage_suggestion_is_a_form_error_not_a_crash(client):
    page = client.post(reverse("feedback:suggestions"), {"title": "", "text": "\x00"})
    assert page.status_code == 200
    assert page.context["form"].errors
