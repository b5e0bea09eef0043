"""The public complaint pages: filing, the receipt code, following the case (#4)."""

import io

from django.urls import reverse
from django.utils import translation

import pytest
from pypdf import PdfReader

from feedback.models import Complaint
from feedback.workflow import ComplaintStatus
from requests_app.throttles import COMPLAINT_FOLLOW_UP

from .factories import ComplaintFactory, ComplaintKindFactory

pytestmark = pytest.mark.django_db


def test_filing_shows_the_code_once_and_the_proof_downloads_once(client):
    kind = ComplaintKindFactory()
    page = client.post(
        reverse("feedback:complaint-create"),
        {"kind": kind.pk, "body": "Грубо отношение.", "contact_name": ""},
    )
    assert page.status_code == 302
    first = client.get(reverse("feedback:complaint-filed"))
    code = first.context["code"]
    assert code and code in first.content.decode()
    assert client.get(reverse("feedback:complaint-filed")).context["code"] is None
    proof = client.get(reverse("feedback:complaint-proof"))
    assert proof["Content-Type"] == "application/pdf"
    assert client.get(reverse("feedback:complaint-proof")).status_code == 404


def test_form_says_anonymous_signals_are_not_processed(client):
    signal = ComplaintKindFactory(signal=True)
    page = client.get(reverse("feedback:complaint-create"))
    assert "111(4)" in page.content.decode()
    page = client.post(
        reverse("feedback:complaint-create"), {"kind": signal.pk, "body": "Нередност"}
    )
    assert page.status_code == 200
    assert "contact_name" in page.context["form"].errors
    assert not Complaint.objects.exists()


def test_follow_up_adds_information(client):
    complaint = ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "ABCD-EFGH-JKMN-PQRS"}
    )
    client.post(reverse("feedback:complaint-case"), {"text": "Имам и снимка."})
    assert complaint.messages.get().text == "Имам и снимка."
    client.post(reverse("feedback:complaint-case"), {"forget": "1"})
    assert client.get(reverse("feedback:complaint-case")).status_code == 302


def test_closed_case_offers_no_form_to_add_information(client):
    complaint = ComplaintFactory(
        code="ABCD-EFGH-JKMN-PQRS", status=ComplaintStatus.CLOSED
    )
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "ABCD-EFGH-JKMN-PQRS"}
    )
    page = client.post(reverse("feedback:complaint-case"), {"text": "Още нещо."})
    assert page.context["can_add"] is False
    assert "This case is closed." in page.content.decode()
    assert not complaint.messages.exists()


def test_wrong_code_finds_nothing(client):
    page = client.post(reverse("feedback:complaint-follow-up"), {"code": "0000-0000"})
    assert page.status_code == 200
    assert page.context["form"].errors["code"]
    assert client.get(reverse("feedback:complaint-case")).status_code == 302


def test_follow_up_lookup_is_rate_limited(client):
    """Too many code lookups from one address answer 429 (#4)."""
    url = reverse("feedback:complaint-follow-up")
    for _ in range(COMPLAINT_FOLLOW_UP.rate.limit):
        assert client.post(url, {"code": "WRONG"}).status_code == 200
    assert client.post(url, {"code": "WRONG"}).status_code == 429


def test_proof_of_filing_says_what_when_code_and_how(client):
    kind = ComplaintKindFactory()
    with translation.override("bg"):  # filed in Bulgarian: the proof is in Bulgarian
        create = reverse("feedback:complaint-create")
        filed = reverse("feedback:complaint-filed")
        proof = reverse("feedback:complaint-proof")
    client.post(create, {"kind": kind.pk, "body": "Текст"})
    code = client.get(filed).context["code"]
    pdf = client.get(proof).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert code in text
    assert "Жалба" in text
    assert "/complaints/follow-up/" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("feedback:complaint-create", {"kind": "x' OR 1=1", "body": "a" * 30000}),
        ("feedback:complaint-follow-up", {"code": "Ж" * 500}),
    ],
    ids=["complaint", "follow-up"],
)
def test_garbage_input_is_a_form_error_not_a_crash(client, name, data):
    page = client.post(reverse(name), data)
    assert page.status_code == 200
    assert page.context["form"].errors
