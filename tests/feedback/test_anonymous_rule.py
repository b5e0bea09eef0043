"""One rule on anonymous proposals, in the same words on every page a citizen can
send one from (#14): by law (АПК art. 111(4)) an anonymous proposal or signal is not
examined; the suggestions page takes an idea without a name, reads it and may answer
it in public, and says that it is then not examined as a proposal."""

from django.urls import reverse
from django.utils import translation

import pytest

from feedback.forms import anonymous_rule
from feedback.models import Complaint, Suggestion

from .factories import ComplaintKindFactory

pytestmark = pytest.mark.django_db


def page_text(client, name: str, language: str) -> str:
    with translation.override(language):
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "bg"])
def test_complaints_and_suggestions_pages_state_the_same_rule(client, language):
    ComplaintKindFactory(signal=True)
    with translation.override(language):
        rule = anonymous_rule()
    complaints = page_text(client, "feedback:complaint-create", language)
    suggestions = page_text(client, "feedback:suggestions", language)
    assert rule in complaints
    assert rule in suggestions


def test_the_rule_cites_the_administrative_procedure_code():
    with translation.override("en"):
        rule = anonymous_rule()
    assert "111(4)" in rule
    assert "are not examined" in rule


def test_no_page_promises_that_an_anonymous_proposal_is_examined(client):
    ComplaintKindFactory(signal=True)
    for name in ("feedback:complaint-create", "feedback:suggestions"):
        text = page_text(client, name, "en")
        assert "You may stay anonymous" not in text
        assert "not processed" not in text  # one word for it: "not examined"
    suggestions = page_text(client, "feedback:suggestions", "en")
    assert "it is not examined as a proposal" in suggestions
    assert reverse("feedback:complaint-create") in suggestions


def test_an_anonymous_proposal_is_refused_on_the_complaints_page(client):
    """What the complaint form says is what it does."""
    proposal = ComplaintKindFactory(signal=True)
    response = client.post(
        reverse("feedback:complaint-create"),
        {"kind": proposal.pk, "body": "Удължете работното време."},
    )
    assert response.status_code == 200
    assert "contact_name" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_an_anonymous_suggestion_is_kept_as_the_suggestions_page_says(client):
    """What the suggestions page says is what it does: kept without a name, not a
    proposal with a legal term."""
    response = client.post(
        reverse("feedback:suggestions"),
        {"title": "Пейки пред входа", "text": "Поставете пейки за чакащите."},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.contact_name == ""
    assert not Complaint.objects.exists()
