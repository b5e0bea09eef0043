"""The tracking page and the lookup form that resends the link (#2)."""

from django.utils import timezone

import pytest

from requests_app.models import EventKind, Notice
from requests_app.services.casework import request_extend, request_take
from requests_app.workflow import Status
from tests.requests_app import casework_helpers

from .factories import (
    AttachmentFactory,
    CitizenRequestFactory,
    RequestEventFactory,
    StaffFactory,
)
from .filing_files import celery_conf, pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Send notices in-process, even where CI points Celery at a real broker."""
    with celery_conf(task_always_eager=True):
        yield


def track_url(citizen_request, language="en") -> str:
    return f"/{language}/track/{citizen_request.tracking_token}/"


def test_tracking_page_shows_status_due_date_and_department(client):
    citizen_request = CitizenRequestFactory(
        service__department__name_en="Local Taxes and Fees"
    )
    response = client.get(track_url(citizen_request))
    html = response.content.decode()
    assert response.status_code == 200
    assert citizen_request.registry_number in html
    assert ">Submitted<" in html
    assert f'datetime="{citizen_request.due_on:%Y-%m-%d}" id="due-date"' in html
    assert "How the due date was worked out" in html
    assert "Local Taxes and Fees" in html
    assert "Not yet assigned" in html
    assert '<meta name="robots" content="noindex">' in html


def test_timeline_shows_public_events_only(client):
    citizen_request = CitizenRequestFactory(status=Status.IN_PROGRESS)
    RequestEventFactory(request=citizen_request)  # submitted -> in progress
    RequestEventFactory(
        request=citizen_request,
        kind=EventKind.MESSAGE,
        text="Моля, донесете оригинала на нотариалния акт.",
    )
    RequestEventFactory(request=citizen_request, internal=True)
    html = client.get(track_url(citizen_request, "bg")).content.decode()
    assert "Моля, донесете оригинала на нотариалния акт." in html
    assert "Вътрешна бележка" not in html


def test_assigned_clerk_is_named_with_position(client):
    clerk = StaffFactory(
        first_name="Елена",
        last_name="Иванова",
        position_bg="Главен експерт",
        position_en="Chief expert",
    )
    citizen_request = CitizenRequestFactory(assigned=True, assigned_to=clerk)
    html = client.get(track_url(citizen_request)).content.decode()
    assert "Елена Иванова, Chief expert" in html
    html = client.get(track_url(citizen_request, "bg")).content.decode()
    assert "Елена Иванова, Главен експерт" in html


def test_attachments_are_listed(client):
    citizen_request = CitizenRequestFactory()
    AttachmentFactory(request=citizen_request, original_name="скица.pdf")
    AttachmentFactory(
        request=citizen_request, original_name="internal.pdf", is_from_citizen=False
    )
    html = client.get(track_url(citizen_request)).content.decode()
    assert "скица.pdf" in html
    assert "internal.pdf" not in html


def test_extended_due_date_is_explained_on_the_tracking_page(client):
    """The citizen reads why the date moved: the dates, the reason and the limit."""
    dep = casework_helpers.department()
    clerk = casework_helpers.clerk(dep)
    citizen_request = casework_helpers.case(department=dep, assigned_to=clerk)
    request_take(citizen_request=citizen_request, by=clerk)
    citizen_request.refresh_from_db()
    original = citizen_request.due_on
    request_extend(
        citizen_request=citizen_request,
        by=clerk,
        new_due_on=original + timezone.timedelta(days=7),
        reason=casework_helpers.reason(),
        today=casework_helpers.TODAY,
    )

    html = client.get(track_url(citizen_request)).content.decode()

    moves = html[html.index('id="due-moves"') :]
    assert "The due date was extended from" in moves
    assert "An on-site inspection is needed" in moves
    assert "Extensions are limited to 14 days after the original due date" in moves


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.upper(),
        lambda token: token + "x",
        lambda token: "x" * 200,
        lambda token: "%00",
    ],
    ids=["last-char", "case", "longer", "very-long", "nul"],
)
def test_tampered_token_is_404(client, tamper):
    """A tampered or unknown tracking link answers 404 (#2)."""
    citizen_request = CitizenRequestFactory(tracking_token="Ab" * 22)
    assert (
        client.get(f"/en/track/{tamper(citizen_request.tracking_token)}/").status_code
        == 404
    )


def test_registry_number_alone_does_not_open_the_request(client):
    citizen_request = CitizenRequestFactory()
    number = citizen_request.registry_number.replace("/", "%2F")
    assert client.get(f"/en/track/{number}/").status_code == 404
    assert client.get(f"/en/track/{citizen_request.pk}/").status_code == 404


@pytest.mark.parametrize("size", [1, 12], ids=["small", "large"])
def test_tracking_page_query_count_is_constant(client, django_assert_num_queries, size):
    """Request, public events, attachments, work calendar: 4, whatever the size (#2)."""
    citizen_request = CitizenRequestFactory(assigned=True)
    for _ in range(size):
        RequestEventFactory(request=citizen_request)
        RequestEventFactory(request=citizen_request, internal=True)
        AttachmentFactory(request=citizen_request)
    with django_assert_num_queries(4):
        response = client.get(track_url(citizen_request))
    assert response.status_code == 200
    assert response.content.decode().count("border-start border-3") == size


def test_lookup_form_page(client):
    response = client.get("/en/track/")
    assert response.status_code == 200
    assert 'name="registry_number"' in response.content.decode()


def test_lookup_resends_the_link_for_the_right_pair(client):
    citizen_request = CitizenRequestFactory(citizen_email="maria@example.org")
    response = client.post(
        "/en/track/",
        {
            "registry_number": citizen_request.registry_number,
            "email": "MARIA@example.org",
        },
    )
    assert response.status_code == 302
    assert response.url == "/en/track/sent/"
    notice = Notice.objects.get()
    assert notice.kind == "tracking_link"
    assert notice.recipient == "maria@example.org"
    assert citizen_request.tracking_token in notice.body


def test_lookup_answers_the_same_whether_or_not_the_pair_exists(client):
    """Nobody learns which numbers and addresses belong together (#2)."""
    citizen_request = CitizenRequestFactory(citizen_email="maria@example.org")
    right = client.post(
        "/en/track/",
        {
            "registry_number": citizen_request.registry_number,
            "email": "maria@example.org",
        },
        follow=True,
    )
    wrong = client.post(
        "/en/track/",
        {
            "registry_number": citizen_request.registry_number,
            "email": "eve@example.org",
        },
        follow=True,
    )
    unknown = client.post(
        "/en/track/",
        {"registry_number": "94-00-999/01.01.2026", "email": "eve@example.org"},
        follow=True,
    )
    assert right.redirect_chain == wrong.redirect_chain == unknown.redirect_chain
    assert right.content == wrong.content == unknown.content
    assert Notice.objects.count() == 1


def test_lookup_shows_errors_beside_the_fields(client):
    response = client.post("/en/track/", {"registry_number": "", "email": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert 'value="nope"' in html


def test_lookup_is_rate_limited_per_address(client):
    """Five tries in ten minutes, then a polite 429 (#2)."""
    data = {"registry_number": "94-00-1/01.01.2026", "email": "eve@example.org"}
    for _ in range(5):
        assert client.post("/en/track/", data).status_code == 302
    response = client.post("/en/track/", data)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    other = client.post("/en/track/", data, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def reply_url(citizen_request, language="en") -> str:
    return f"/{language}/track/{citizen_request.tracking_token}/reply/"


def test_open_request_offers_the_reply_form_closed_does_not(client):
    waiting = CitizenRequestFactory(status=Status.WAITING_FOR_CITIZEN)
    html = client.get(track_url(waiting)).content.decode()
    assert "Send what we asked for" in html
    assert f'action="{reply_url(waiting)}"' in html
    closed = CitizenRequestFactory(closed=True)
    assert 'id="reply-form"' not in client.get(track_url(closed)).content.decode()


def test_citizen_answers_with_a_document_and_the_term_runs_again(client):
    """Missing documents are uploaded on the tracking page (#2, #3)."""
    waiting = CitizenRequestFactory(
        status=Status.WAITING_FOR_CITIZEN, suspended_on=timezone.localdate()
    )
    response = client.post(
        reply_url(waiting),
        {"text": "Прилагам нотариалния акт.", "attachments": [pdf("акт.pdf")]},
    )
    assert response.status_code == 302
    assert response.url == track_url(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_PROGRESS
    reply = waiting.events.get(kind=EventKind.CITIZEN_REPLY)
    assert reply.is_public is True
    assert reply.text == "Прилагам нотариалния акт."
    assert waiting.attachments.get().original_name == "акт.pdf"
    html = client.get(response.url).content.decode()
    assert "Thank you: your answer has been added." in html
    assert "Прилагам нотариалния акт." in html


def test_empty_or_bad_reply_is_refused_beside_the_field(client):
    citizen_request = CitizenRequestFactory(status=Status.IN_PROGRESS)
    empty = client.post(reply_url(citizen_request), {"text": "  "})
    assert empty.status_code == 200
    assert "Write a message or attach a document." in empty.content.decode()
    bad = client.post(
        reply_url(citizen_request),
        {"text": "Ето", "attachments": [upload("акт.pdf", b"not a pdf")]},
    )
    assert bad.status_code == 200
    assert "is not a PDF, JPEG or PNG file" in bad.content.decode()
    assert "Ето</textarea>" in bad.content.decode()  # what was typed is kept
    assert not citizen_request.events.filter(kind=EventKind.CITIZEN_REPLY).exists()


def test_closed_request_takes_no_reply(client):
    closed = CitizenRequestFactory(closed=True)
    response = client.post(reply_url(closed), {"text": "Още нещо"})
    assert response.status_code == 200
    assert not closed.events.filter(kind=EventKind.CITIZEN_REPLY).exists()


def test_reply_with_a_tampered_token_is_404(client):
    citizen_request = CitizenRequestFactory(status=Status.IN_PROGRESS)
    response = client.post(
        f"/en/track/{citizen_request.tracking_token[:-2]}zz/reply/", {"text": "x"}
    )
    assert response.status_code == 404
    assert client.get(reply_url(citizen_request)).status_code == 405
