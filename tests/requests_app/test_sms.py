"""Notices by SMS through the gateway, and its delivery reports (#16).

A fake gateway runs on the loopback (`tests.sms_gateway`): every message goes to it
over a real socket, through `requests_app.sms`, nothing mocked.
"""

import datetime
import json

from django.urls import reverse
from django.utils import translation
from django.utils.timezone import now

import pytest

from requests_app.links import tracking_url
from requests_app.models import CitizenRequest, Notice
from requests_app.services.casework import request_extend
from requests_app.services.notice_kinds import CITIZEN_REQUEST_NOTICE_KINDS
from requests_app.services.outbox import (
    citizen_notice_create,
    notice_send,
    outbox_sweep,
    sms_text_render,
)
from requests_app.sms import SmsGatewayUnreachable, sms_segments
from tests.sms_gateway import TOKEN, sms_gateway_fixture  # noqa: F401 (a fixture)

from .casework_helpers import case, clerk, department, reason
from .factories import ServiceFactory
from .filing_files import LOCMEM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

PHONE = "0888 123 456"


# --- Segments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # the extension table: two septets each
        ("€" * 81, 2),
        ("я" * 70, 1),  # Cyrillic: UCS-2
        ("я" * 71, 2),
        ("я" * 134, 2),
        ("я" * 135, 3),
        ("a" * 159 + "я", 3),  # one Cyrillic letter makes all of it UCS-2
    ],
)
def test_segments_are_counted_as_a_phone_counts_them(text, segments):
    assert sms_segments(text) == segments


# --- Every kind fits three segments ------------------------------------------------

LONG_SITE = "https://e-uslugi.obshtina-veliko-tarnovo.example.bg"
LONG_NUMBER = "ГРАО-АО-12-0034567/31.12.2026"
LONG_SERVICE = (
    "Издаване на удостоверение за наследници на починало лице с постоянен адрес "
    "на територията на общината, включително за нуждите на съдебно производство"
)


def kind_context(citizen_request) -> dict:
    """Realistic context for every kind of notice to a request's citizen."""
    due = datetime.date(2027, 12, 31)
    return {
        "service": citizen_request.service,
        "due": type("Due", (), {"due_on": due})(),
        "extension": type("Ext", (), {"new_due_on": due})(),
        "new_due_on": due,
        "old_due_on": due,
        "message": "Текст " * 200,
        "text": "Текст " * 200,
    }


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("kind", CITIZEN_REQUEST_NOTICE_KINDS)
def test_every_sms_kind_fits_three_segments_with_long_values(settings, kind, language):
    settings.SITE_URL = LONG_SITE
    citizen_request = case(
        registry_number=LONG_NUMBER,
        service__name_bg=LONG_SERVICE,
        service__name_en=LONG_SERVICE,
        citizen_name="Анна-Мария Христова Константинова-Папазова",
        language=language,
        status="in_progress",
    )
    with translation.override(language):
        link = tracking_url(citizen_request)
        text = sms_text_render(
            kind=kind,
            context={
                "citizen_request": citizen_request,
                "tracking_url": link,
                **kind_context(citizen_request),
            },
        )
    assert len(link) > 100
    assert LONG_NUMBER in text
    assert text.endswith(link)
    assert "\n" not in text
    assert 1 <= sms_segments(text) <= 3, text


# --- Sent through the gateway ---------------------------------------------------------


@pytest.fixture
def desk_clerk(client):
    dep = department()
    user = clerk(dep)
    client.force_login(user)
    return user


def test_a_desk_intake_with_a_phone_only_is_acknowledged_by_sms(
    client, desk_clerk, sms_gateway, django_capture_on_commit_callbacks, mailoutbox
):
    service = ServiceFactory(department=desk_clerk.departments.get())
    url = reverse("requests_app:staff-intake-service", kwargs={"code": service.code})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "channel": "desk",
                "citizen_name": "Пенка Иванова",
                "citizen_phone": PHONE,
                "language": "bg",
                "details": "Удостоверение за семейно положение.",
            },
        )
    assert response.status_code == 302
    created = CitizenRequest.objects.get()
    assert created.notify_by == "sms"  # nothing chosen: the phone it is
    [sms] = sms_gateway.messages
    assert sms.to == PHONE
    assert created.registry_number in sms.text
    assert f"/bg/track/{created.tracking_token}/" in sms.text
    assert sms_segments(sms.text) <= 3
    notice = Notice.objects.get()
    assert (notice.kind, notice.channel) == ("acknowledgement", "sms")
    assert notice.gateway_id == sms.id
    assert notice.sent_at is not None
    assert sms.reference == f"notice-{notice.pk}"
    assert mailoutbox == []


def test_an_extension_reaches_the_citizen_by_sms(
    desk_clerk, sms_gateway, django_capture_on_commit_callbacks
):
    citizen_request = case(
        service__department=desk_clerk.departments.get(),
        status="in_progress",
        assigned_to=desk_clerk,
        citizen_email="",
        citizen_phone="0899 765 432",
        notify_by="sms",
        language="en",
    )
    new_due = citizen_request.due_on + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        request_extend(
            citizen_request=citizen_request,
            by=desk_clerk,
            new_due_on=new_due,
            reason=reason(),
            today=citizen_request.received_on,
        )
    [sms] = sms_gateway.texts_to("0899 765 432")
    assert f"extended to {new_due:%d.%m.%Y}" in sms
    assert citizen_request.tracking_token in sms


def sms_notice(**request_fields) -> Notice:
    citizen_request = case(
        citizen_phone=PHONE, citizen_email="", notify_by="sms", **request_fields
    )
    return citizen_notice_create(
        citizen_request=citizen_request,
        kind="status:in_progress",
        template="requests_app/email/status",
        context={"event": None},
    )


def test_the_gateway_down_loses_nothing_and_the_sweep_sends_once(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.mode = "error"
    with django_capture_on_commit_callbacks(execute=True):
        notice = sms_notice()
    notice.refresh_from_db()
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert "500" in notice.last_error
    assert sms_gateway.messages == []

    assert outbox_sweep(older_than=datetime.timedelta(0)) == 0  # still down
    sms_gateway.mode = "ok"
    assert outbox_sweep(older_than=datetime.timedelta(0)) == 1
    assert outbox_sweep(older_than=datetime.timedelta(0)) == 0
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.last_error == ""
    assert len(sms_gateway.messages) == 1
    assert notice.gateway_id == sms_gateway.messages[0].id


def test_an_unknown_outcome_is_retried_and_the_gateway_sends_it_once(
    sms_gateway, django_capture_on_commit_callbacks
):
    """Accepted, but the answer never came: the retry has the same reference."""
    sms_gateway.mode = "accept_then_hang"
    with django_capture_on_commit_callbacks(execute=True):
        notice = sms_notice()
    notice.refresh_from_db()
    assert notice.sent_at is None
    assert "unreachable" in notice.last_error
    sms_gateway.mode = "ok"
    assert notice_send(notice_id=notice.pk) is True
    notice.refresh_from_db()
    assert len(sms_gateway.messages) == 1
    assert notice.gateway_id == sms_gateway.messages[0].id
    assert sms_gateway.attempts == 2


def test_a_hanging_gateway_times_out_and_the_sweep_still_sends_emails(
    settings, sms_gateway, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MAILERS = LOCMEM
    sms_gateway.mode = "hang"
    first, second = sms_notice(), sms_notice()
    email = citizen_notice_create(
        citizen_request=case(citizen_email="ivan@example.org"),
        kind="status:in_progress",
        template="requests_app/email/status",
        context={"event": None},
    )
    with pytest.raises(SmsGatewayUnreachable):
        notice_send(notice_id=first.pk)
    # The gateway is down: the sweep tries one SMS, not each, and sends the e-mail.
    attempts = sms_gateway.attempts
    assert outbox_sweep(older_than=datetime.timedelta(0)) == 1
    assert sms_gateway.attempts == attempts + 1
    assert [m.to for m in mailoutbox] == [["ivan@example.org"]]
    email.refresh_from_db()
    second.refresh_from_db()
    assert email.sent_at is not None
    assert second.sent_at is None


def test_without_a_gateway_sms_are_written_to_the_console(settings, capsys):
    settings.SMS_GATEWAY_URL = ""
    notice = sms_notice()
    assert notice_send(notice_id=notice.pk) is True
    out = capsys.readouterr().out
    assert f"SMS to {PHONE}" in out
    assert notice.body in out


def test_a_letter_waits_for_the_batch_and_is_never_sent_by_the_worker(
    settings, sms_gateway, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MAILERS = LOCMEM
    citizen_request = case(
        citizen_email="", citizen_phone="", notify_by="post", language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = citizen_notice_create(
            citizen_request=citizen_request,
            kind="status:in_progress",
            template="requests_app/email/status",
            context={"event": None},
        )
    assert notice.channel == "post"
    assert notice.recipient == (
        f"{citizen_request.citizen_name}\n{citizen_request.citizen_address}"
    )
    assert notice.body.startswith(f"Dear {citizen_request.citizen_name},")
    assert notice_send(notice_id=notice.pk) is False
    assert outbox_sweep(older_than=datetime.timedelta(0)) == 0
    notice.refresh_from_db()
    assert notice.sent_at is None and notice.attempts == 0
    assert sms_gateway.messages == [] and mailoutbox == []


# --- Delivery reports -------------------------------------------------------------

WEBHOOK = "/sms/delivery/"


def sent_sms(sms_gateway) -> Notice:
    notice = sms_notice()
    notice_send(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.gateway_id
    return notice


def report(client, body, token=TOKEN):
    return client.post(
        WEBHOOK,
        data=body if isinstance(body, bytes) else json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_a_delivery_report_is_recorded_once_whatever_comes_after(client, sms_gateway):
    notice = sent_sms(sms_gateway)
    body = {
        "id": notice.gateway_id,
        "status": "delivered",
        "at": "2026-12-01T10:15:00Z",
    }
    assert reverse("sms-delivery") == WEBHOOK
    for _ in range(2):  # idempotent
        response = report(client, body)
        assert response.status_code == 200
        assert response.json()["state"] == "delivered"
    # A late report of failure does not undo a delivery.
    assert report(client, {**body, "status": "failed"}).status_code == 200
    notice.refresh_from_db()
    assert notice.delivery_state == "delivered"
    assert notice.delivered_at == datetime.datetime(
        2026, 12, 1, 10, 15, tzinfo=datetime.UTC
    )


def test_a_failed_delivery_is_recorded(client, sms_gateway):
    notice = sent_sms(sms_gateway)
    response = report(client, {"id": notice.gateway_id, "status": "undelivered"})
    assert response.status_code == 200
    notice.refresh_from_db()
    assert (notice.delivery_state, notice.delivered_at) == ("failed", None)


@pytest.mark.parametrize(
    ("body", "token", "status"),
    [
        ({"id": "gw-1001", "status": "delivered"}, "wrong", 403),
        ({"id": "gw-1001", "status": "delivered"}, None, 403),
        ({"id": "no-such-id", "status": "delivered"}, TOKEN, 404),
        (b"{not json", TOKEN, 400),
        (b"\xff\xfe", TOKEN, 400),
        ([1, 2], TOKEN, 400),
        ({"status": "delivered"}, TOKEN, 400),
        ({"id": None, "status": "delivered"}, TOKEN, 400),
        ({"id": "gw-1001", "status": "read by the cat"}, TOKEN, 400),
        ({"id": "gw-1001", "status": "delivered", "at": "yesterday"}, TOKEN, 400),
        ({"id": "gw-1001", "status": "delivered", "at": 17}, TOKEN, 400),
        (
            {"id": "gw-1001", "status": "delivered", "at": "2026-13-45T99:00"},
            TOKEN,
            400,
        ),
    ],
)
def test_the_webhook_refuses_what_is_not_a_report(
    client, sms_gateway, body, token, status
):
    notice = sent_sms(sms_gateway)
    assert notice.gateway_id == "gw-1001"
    response = report(client, body, token=token)
    assert response.status_code == status
    notice.refresh_from_db()
    assert notice.delivery_state == ""


def test_the_webhook_refuses_everyone_when_no_token_is_set(client, settings):
    settings.SMS_GATEWAY_WEBHOOK_TOKEN = ""
    response = report(client, {"id": "x", "status": "delivered"}, token="")
    assert response.status_code == 403
    assert client.get(WEBHOOK).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_gateway_posts_a_report_over_a_socket(live_server, sms_gateway):
    notice = sent_sms(sms_gateway)
    status, answer = sms_gateway.report(
        f"{live_server.url}{WEBHOOK}",
        {
            "id": notice.gateway_id,
            "status": "delivered",
            "at": now().isoformat(),
        },
    )
    assert (status, answer["state"]) == (200, "delivered")
    notice.refresh_from_db()
    assert notice.delivery_state == "delivered"
    assert notice.delivered_at is not None
    assert sms_gateway.report(f"{live_server.url}{WEBHOOK}", b"[", token="x")[0] == 403


# --- In Chromium --------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_registers_an_sms_only_citizen_who_gets_each_notice(
    page, live_server, settings, sms_gateway, axe_check
):
    """The desk intake with a phone only: the acknowledgement and the extension
    reach the gateway; the case page shows each SMS and its delivery."""
    settings.SITE_URL = live_server.url
    dep = department()
    me = clerk(dep, username="petya")
    service = ServiceFactory(department=dep, max_extension_days=14)
    with translation.override("en"):
        intake = reverse(
            "requests_app:staff-intake-service", kwargs={"code": service.code}
        )
    page.goto(f"{live_server.url}/en/staff/login/")
    page.get_by_label("Username").fill("petya")
    page.get_by_label("Password").fill("demo12345")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{intake}")
    page.get_by_label("What is needed").fill("Удостоверение за семейно положение.")
    page.get_by_label("Citizen's name").fill("Пенка Иванова")
    page.get_by_label("Phone").fill(PHONE)
    page.get_by_role("radio", name="By SMS").check()
    axe_check(page)
    page.get_by_role("button", name="Register the request").click()

    created = CitizenRequest.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Request {created.registry_number}"
    )
    assert created.notify_by == "sms"
    [ack] = sms_gateway.texts_to(PHONE)
    assert created.registry_number in ack
    assert ack.endswith(f"/bg/track/{created.tracking_token}/")

    created.status = "in_progress"
    created.assigned_to = me
    created.save()
    request_extend(
        citizen_request=created,
        by=me,
        new_due_on=created.due_on + datetime.timedelta(days=7),
        reason=reason(),
        today=created.received_on,
    )
    assert len(sms_gateway.texts_to(PHONE)) == 2
    first = Notice.objects.get(kind="acknowledgement")
    status, _answer = sms_gateway.report(
        f"{live_server.url}{WEBHOOK}", {"id": first.gateway_id, "status": "delivered"}
    )
    assert status == 200
    page.reload()
    notices = page.locator("#notices")
    assert notices.inner_text().count(f"SMS to {PHONE}") == 2
    assert "Delivered" in notices.inner_text()
    axe_check(page)
