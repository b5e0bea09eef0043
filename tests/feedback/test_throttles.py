"""Throttles on the public feedback forms: only accepted submissions count (#10)."""

from django.urls import reverse

import pytest

from feedback.models import Complaint, Suggestion, SurveyResponse
from tests.requests_app.factories import ServiceFactory
from tests.requests_app.filing_files import filing_data

from .factories import ComplaintFactory, ComplaintKindFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


@pytest.fixture
def rates(settings):
    settings.THROTTLE_RATES = {
        "filing": "3/h",
        "filing-email": "2/d",
        "lookup": "3/10m",
        "lookup-email": "2/d",
        "forms": "3/h",
    }
    return settings.THROTTLE_RATES


def complain(client, kind, body="Грубо отношение на гишето.", **extra):
    data = {"kind": kind.pk, "body": body, "contact_name": ""}
    return client.post(reverse("feedback:complaint-create"), {**data, **extra})


def test_complaint_filing_is_limited_per_client_and_errors_do_not_count(client, rates):
    kind = ComplaintKindFactory()
    for _ in range(5):
        assert complain(client, kind, body="").status_code == 200  # body missing

    answers = [complain(client, kind).status_code for _ in range(4)]

    assert answers == [302, 302, 302, 429]
    assert Complaint.objects.count() == 3


def test_a_limited_filer_is_told_when_to_try_again(client, rates):
    kind = ComplaintKindFactory()
    for _ in range(3):
        complain(client, kind)

    response = complain(client, kind)

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "You can send it again from" in response.content.decode()


def test_complaints_and_requests_share_the_cap_of_one_e_mail_address(client, rates):
    """Receipts and acknowledgements to one mailbox are capped together (#10)."""
    service = ServiceFactory()
    kind = ComplaintKindFactory()
    filed = client.post(
        f"/en/services/{service.code}/apply/",
        filing_data(citizen_email="maria@example.org"),
    )
    complained = complain(
        client,
        kind,
        contact_name="Мария Петрова",
        contact_email="Maria@example.org",
        REMOTE_ADDR="192.0.2.1",
    )
    refused = complain(
        client,
        kind,
        contact_name="Мария Петрова",
        contact_email="maria@example.org",
        REMOTE_ADDR="192.0.2.2",
    )

    assert [filed.status_code, complained.status_code, refused.status_code] == [
        302,
        302,
        429,
    ]
    assert Complaint.objects.count() == 1


def test_receipt_code_lookups_count_wrong_codes_but_not_empty_forms(client, rates):
    url = reverse("feedback:complaint-follow-up")
    ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    for _ in range(5):
        assert client.post(url, {"code": ""}).status_code == 200

    answers = [client.post(url, {"code": "0000-0000"}).status_code for _ in range(3)]

    assert answers == [200, 200, 200]  # "no case has this code", counted
    assert client.post(url, {"code": "ABCD-EFGH-JKMN-PQRS"}).status_code == 429


def test_adding_information_counts_only_what_was_added(client, rates):
    complaint = ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "ABCD-EFGH-JKMN-PQRS"}
    )
    url = reverse("feedback:complaint-case")
    for _ in range(5):
        assert client.post(url, {"text": ""}).status_code == 200

    answers = [client.post(url, {"text": f"Още {n}."}).status_code for n in range(4)]

    assert answers == [302, 302, 302, 429]
    assert complaint.messages.count() == 3


def test_survey_counts_only_answers_sent(client, rates):
    url = reverse("feedback:survey")
    for _ in range(5):
        assert client.post(url, {"overall": "9"}).status_code == 200  # no such score

    answers = []
    for _ in range(4):
        client.cookies.clear()  # one answer per browser a day: a new browser each time
        answers.append(client.post(url, {"overall": "4"}).status_code)

    assert answers == [302, 302, 302, 429]
    assert SurveyResponse.objects.count() == 3


def test_suggestions_count_only_what_was_sent(client, rates):
    url = reverse("feedback:suggestions")
    for _ in range(5):
        assert client.post(url, {"title": "", "text": ""}).status_code == 200

    answers = [
        client.post(url, {"title": f"Идея {n}", "text": "Пейки в парка."}).status_code
        for n in range(4)
    ]

    assert answers == [302, 302, 302, 429]
    assert Suggestion.objects.count() == 3
