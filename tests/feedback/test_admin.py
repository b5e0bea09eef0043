"""The admin: complaint kinds are editable; confidential texts never show (#4)."""

from django.urls import reverse

import pytest

from feedback.dimensions import DIMENSION_CODES
from feedback.models import Complaint

from .conftest import SECRET
from .factories import ComplaintFactory, ComplaintKindFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_complaints_without_their_text(admin_client):
    ComplaintFactory(body=SECRET, contact_email="secret.filer@example.org")
    page = admin_client.get(reverse("admin:feedback_complaint_changelist"))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert "secret.filer" not in page.content.decode()
    complaint = Complaint.objects.get()
    detail = admin_client.get(
        reverse("admin:feedback_complaint_change", args=[complaint.pk])
    )
    assert SECRET not in detail.content.decode()


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
