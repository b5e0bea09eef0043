"""Citizen sign-in by a one-time e-mailed link: no password, no account (#2)."""

import re
from datetime import timedelta

from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.utils import timezone

import pytest

from requests_app.models import CitizenLoginToken, Notice
from requests_app.tokens import token_hash
from requests_app.views.citizen import SESSION_KEY

from .factories import CitizenRequestFactory
from .filing_files import celery_conf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Send notices in-process, even where CI points Celery at a real broker."""
    with celery_conf(task_always_eager=True):
        yield


def ask_for_link(client, email="maria@example.org", language="en"):
    return client.post(f"/{language}/my/sign-in/", {"email": email})


def link_from_notice() -> str:
    notice = Notice.objects.filter(kind="citizen_login").latest("pk")
    match = re.search(r"http://\S+/my/sign-in/(\S+)/", notice.body)
    assert match, notice.body
    return match.group(0).removeprefix("http://127.0.0.1:8000")


def test_link_is_sent_for_an_address_with_requests(client):
    """To the address stored on the request, not the one typed (#10)."""
    CitizenRequestFactory(citizen_email="Maria@Example.org")
    response = ask_for_link(client, "maria@example.org")
    assert response.status_code == 302
    assert response.url == "/en/my/sign-in/sent/"
    notice = Notice.objects.get()
    assert notice.recipient == "Maria@Example.org"
    assert notice.language == "en"
    assert "/en/my/sign-in/" in notice.body


def test_token_is_stored_hashed_and_expires_in_30_minutes(client):
    CitizenRequestFactory(citizen_email="maria@example.org")
    ask_for_link(client)
    token = link_from_notice().rstrip("/").rsplit("/", 1)[1]
    login = CitizenLoginToken.objects.get()
    assert login.token_hash == token_hash(token)
    assert token not in login.token_hash
    remaining = login.expires_at - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_answer_is_the_same_for_an_unknown_address(client):
    CitizenRequestFactory(citizen_email="maria@example.org")
    known = ask_for_link(client, "maria@example.org")
    unknown = ask_for_link(client, "eve@example.org")
    assert known.url == unknown.url
    assert Notice.objects.count() == 1  # nobody gets mail they did not earn
    page = client.get(unknown.url)
    assert "If requests were filed with this address" in page.content.decode()


def test_following_the_link_signs_in_and_lists_own_requests(client):
    mine = CitizenRequestFactory(citizen_email="maria@example.org")
    also_mine = CitizenRequestFactory(citizen_email="MARIA@example.org")
    other = CitizenRequestFactory(citizen_email="georgi@example.org")
    ask_for_link(client)
    link = link_from_notice()

    confirm = client.get(link)  # opening the link does not use it (mail scanners)
    assert confirm.status_code == 200
    assert CitizenLoginToken.objects.get().used_at is None

    response = client.post(link)
    assert response.status_code == 302
    assert response.url == "/en/my/"
    assert client.session[SESSION_KEY] == "maria@example.org"
    assert USER_SESSION_KEY not in client.session  # not a Django user
    html = client.get("/en/my/").content.decode()
    assert mine.registry_number in html
    assert also_mine.registry_number in html
    assert other.registry_number not in html
    assert f"/en/track/{mine.tracking_token}/" in html


def test_link_works_once(client):
    """A used link shows a polite page and signs nobody in (#2)."""
    CitizenRequestFactory(citizen_email="maria@example.org")
    ask_for_link(client)
    link = link_from_notice()
    assert client.post(link).status_code == 302
    client.post("/en/my/sign-out/")
    again = client.post(link)
    assert again.status_code == 410
    assert "has been used or has expired" in again.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get(link).status_code == 410


def test_expired_link_is_refused(client):
    CitizenRequestFactory(citizen_email="maria@example.org")
    ask_for_link(client)
    link = link_from_notice()
    CitizenLoginToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410
    assert SESSION_KEY not in client.session


def test_made_up_link_is_refused(client):
    assert client.post("/en/my/sign-in/not-a-real-token/").status_code == 410
    # Not the shape of a token: no such address (the path converter), a 404 (#10).
    assert client.get("/en/my/sign-in/%00/").status_code == 404


def test_my_requests_needs_sign_in(client):
    response = client.get("/en/my/")
    assert response.status_code == 302
    assert response.url == "/en/my/sign-in/"


def test_sign_out(client):
    CitizenRequestFactory(citizen_email="maria@example.org")
    ask_for_link(client)
    client.post(link_from_notice())
    response = client.post("/en/my/sign-out/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get("/en/my/").status_code == 302
    assert client.get("/en/my/sign-out/").status_code == 405  # only by the button


def test_sign_in_requests_are_rate_limited(client):
    for _ in range(5):
        assert ask_for_link(client, "eve@example.org").status_code == 302
    assert ask_for_link(client, "eve@example.org").status_code == 429


def test_invalid_address_is_shown_beside_the_field(client):
    response = ask_for_link(client, "not an address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
