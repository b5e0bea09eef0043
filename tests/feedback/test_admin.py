"""The admin: complaint kinds are editable; confidential texts never show (#4, #10).

Complaints and their access log are invisible in the admin to everyone but complaint
officers, a superuser included; citizens' contact details, survey comments and notes
of follow-up calls never show; suggestions are answered only on the staff page.
"""

from django.urls import reverse

import pytest

from feedback.dimensions import DIMENSION_CODES
from feedback.models import ComplaintAccess, FollowUpItem, Suggestion
from requests_app.roles import Role
from requests_app.services.staff import staff_roles_set
from tests.requests_app.factories import CitizenRequestFactory, UserFactory

from .conftest import SECRET
from .factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db

COMPLAINTS = reverse("admin:feedback_complaint_changelist")
ACCESS_LOG = reverse("admin:feedback_complaintaccess_changelist")


def complaint_url(complaint) -> str:
    return reverse("admin:feedback_complaint_change", args=[complaint.pk])


@pytest.fixture
def officer_in_the_admin(client):
    """A complaint officer who is also an administrator (the only way in)."""
    user = staff_roles_set(
        user=UserFactory(), roles=[Role.OFFICER, Role.ADMINISTRATOR], by=None
    )
    client.force_login(user)
    return user


def test_complaints_are_invisible_in_the_admin_even_to_a_superuser(admin_client):
    complaint = ComplaintFactory(body=SECRET, contact_email="secret.filer@example.org")
    ComplaintAccess.objects.create(
        complaint=complaint,
        officer=UserFactory(),
        action="view",
    )

    index = admin_client.get(reverse("admin:index")).content.decode()
    listing = admin_client.get(COMPLAINTS)
    access_log = admin_client.get(ACCESS_LOG)
    detail = admin_client.get(complaint_url(complaint))

    assert COMPLAINTS not in index
    assert ACCESS_LOG not in index
    assert (listing.status_code, access_log.status_code) == (403, 403)
    assert detail.status_code == 403
    assert SECRET not in detail.content.decode()
    assert "secret.filer" not in detail.content.decode()


def test_an_officer_sees_dates_and_status_only_and_never_a_case_naming_them(
    client, officer_in_the_admin
):
    complaint = ComplaintFactory(body=SECRET, contact_email="secret.filer@example.org")
    naming_them = ComplaintFactory(
        request=CitizenRequestFactory(), named_clerk=officer_in_the_admin
    )

    listing = client.get(COMPLAINTS)
    detail = client.get(complaint_url(complaint))

    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [complaint.pk]
    assert detail.status_code == 200
    assert SECRET not in detail.content.decode()
    assert "secret.filer" not in detail.content.decode()
    assert client.get(complaint_url(naming_them)).status_code == 302


def test_admin_edits_complaint_kind_terms(admin_client):
    kind = ComplaintKindFactory()
    page = admin_client.get(
        reverse("admin:feedback_complaintkind_change", args=[kind.pk])
    )
    assert 'name="acknowledge_days"' in page.content.decode()


def test_survey_answers_list_every_dimension(admin_client):
    SurveyResponseFactory(contact_email="secret.filer@example.org")
    page = admin_client.get(reverse("admin:feedback_surveyresponse_changelist"))
    html = page.content.decode()
    assert all(f"column-{code}" in html for code in DIMENSION_CODES)
    assert "secret.filer" not in html


def test_a_survey_answer_shows_scores_not_who_gave_them(admin_client):
    citizen_request = CitizenRequestFactory(registry_number="94-00-77/2026")
    response = SurveyResponseFactory(
        request=citizen_request,
        comment="Обадете ми се на 0888 123 456, Мария",
        contact_email="secret.filer@example.org",
    )

    page = admin_client.get(
        reverse("admin:feedback_surveyresponse_change", args=[response.pk])
    ).content.decode()

    assert "0888 123 456" not in page
    assert "secret.filer" not in page
    assert "94-00-77/2026" not in page


def test_the_note_of_a_follow_up_call_does_not_show(admin_client):
    item = FollowUpItem.objects.create(
        response=SurveyResponseFactory(),
        reason="Обща оценка 1 от 5",
        note="Обадих се на г-жа Иванова на 0888 123 456.",
    )

    page = admin_client.get(
        reverse("admin:feedback_followupitem_change", args=[item.pk])
    ).content.decode()

    assert "Обща оценка 1 от 5" in page
    assert "0888 123 456" not in page


def test_suggestions_are_read_only_and_keep_the_contributor_private(admin_client):
    suggestion = SuggestionFactory(contact_email="idea.author@example.org")
    url = reverse("admin:feedback_suggestion_change", args=[suggestion.pk])

    page = admin_client.get(url).content.decode()
    change = admin_client.post(url, {"status": "done", "response": "Готово."})

    assert suggestion.title in page
    assert "Георги Димитров" not in page
    assert "idea.author" not in page
    assert change.status_code == 403
    assert Suggestion.objects.get().response == ""
