"""How the citizen is told: chosen on the online form and at the desk, changed on the
tracking page, shown with each notice on the case page (#16)."""

import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.models import AuditEntry, CitizenRequest, EventKind, Notice
from requests_app.models.requests import notify_by_default
from requests_app.services.outbox import (
    citizen_notice_create,
    notice_send,
    sms_delivery_record,
)
from tests.form_html import field_error, input_value
from tests.sms_gateway import sms_gateway_fixture  # noqa: F401 (a fixture)

from .casework_helpers import case, clerk, department, in_english  # noqa: F401
from .factories import ServiceFactory
from .filing_files import filing_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


@pytest.mark.parametrize(
    ("contacts", "channel"),
    [
        ({"email": "a@example.org", "phone": "0888 1", "address": "ул. 1"}, "email"),
        ({"phone": "0888 123 456", "address": "ул. 1"}, "sms"),
        ({"address": "ул. „Витоша“ 12"}, "post"),
        ({"phone": "  "}, "email"),
    ],
)
def test_the_channel_follows_the_contacts_when_none_is_chosen(contacts, channel):
    assert notify_by_default(**contacts) == channel


# --- The online form ---------------------------------------------------------------


def form_url(service, language="en") -> str:
    return f"/{language}/services/{service.code}/apply/"


def test_the_form_offers_the_three_ways(client):
    html = client.get(form_url(ServiceFactory())).content.decode()
    assert "How should we tell you about your request?" in html
    for value, label in [
        ("email", "By e-mail"),
        ("sms", "By SMS"),
        ("post", "By letter by post"),
    ]:
        assert f'name="notify_by" value="{value}"' in html
        assert label in html


def test_a_citizen_who_chooses_sms_is_told_by_sms(client):
    data = filing_data(citizen_phone="0888 123 456", notify_by="sms")
    response = client.post(form_url(ServiceFactory()), data)
    assert response.status_code == 302
    created = CitizenRequest.objects.get()
    assert created.notify_by == "sms"
    notice = Notice.objects.get()
    assert (notice.channel, notice.recipient) == ("sms", "0888 123 456")


@pytest.mark.parametrize(
    ("chosen", "field", "error"),
    [
        ("sms", "citizen_phone", "Give a phone number for notices by SMS"),
        ("post", "citizen_address", "Give a postal address for notices by letter"),
    ],
)
def test_a_way_without_its_contact_is_refused_beside_it_and_nothing_is_lost(
    client, chosen, field, error
):
    data = filing_data(details="Моля, спешно.", notify_by=chosen)
    response = client.post(form_url(ServiceFactory()), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error in field_error(html, field)
    assert input_value(html, "citizen_email") == "maria@example.org"
    assert "Моля, спешно." in html
    assert re.search(rf'value="{chosen}"[^>]*checked', html)
    assert CitizenRequest.objects.count() == 0


def test_email_chosen_without_an_address_is_refused_beside_the_email(client):
    data = filing_data(
        citizen_email="", citizen_phone="0888 123 456", notify_by="email"
    )
    response = client.post(form_url(ServiceFactory()), data)
    html = response.content.decode()
    assert "Give an e-mail address for notices by e-mail" in field_error(
        html, "citizen_email"
    )
    assert input_value(html, "citizen_phone") == "0888 123 456"


def test_letters_only_need_no_email_nor_phone(client):
    data = filing_data(
        citizen_email="", citizen_address="ул. „Витоша“ 12, София", notify_by="post"
    )
    response = client.post(form_url(ServiceFactory()), data)
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.channel, notice.sent_at) == ("post", None)
    # A letter goes to the name over the address: the lines of the envelope window.
    assert notice.recipient == f"{data['citizen_name']}\nул. „Витоша“ 12, София"


def test_the_error_is_in_bulgarian_on_bulgarian_pages(client):
    """Needs the Bulgarian catalogue with channels.po merged."""
    data = filing_data(notify_by="sms")
    html = client.post(form_url(ServiceFactory(), "bg"), data).content.decode()
    assert "Посочете телефонен номер" in field_error(html, "citizen_phone")


# --- Desk intake -------------------------------------------------------------------


@pytest.fixture
def desk(client):
    dep = department()
    client.force_login(clerk(dep))
    service = ServiceFactory(department=dep)
    return reverse("requests_app:staff-intake-service", kwargs={"code": service.code})


def intake_data(**changes) -> dict:
    data = {
        "channel": "desk",
        "citizen_name": "Пенка Иванова",
        "language": "bg",
        "details": "Удостоверение за семейно положение.",
    }
    return {**data, **changes}


def test_the_desk_registers_a_letter_for_a_citizen_with_an_address_only(client, desk):
    response = client.post(desk, intake_data(citizen_address="с. Арбанаси, ул. 3"))
    assert response.status_code == 302
    created = CitizenRequest.objects.get()
    assert created.notify_by == "post"
    notice = created.notices.get()
    assert (notice.kind, notice.channel, notice.sent_at) == (
        "acknowledgement",
        "post",
        None,
    )
    assert created.registry_number in notice.body  # the text of the letter


def test_the_desk_cannot_choose_sms_without_a_phone(client, desk):
    data = intake_data(citizen_address="с. Арбанаси, ул. 3", notify_by="sms")
    html = client.post(desk, data).content.decode()
    assert "Give a phone number for notices by SMS" in field_error(
        html, "citizen_phone"
    )
    assert input_value(html, "citizen_address") == "с. Арбанаси, ул. 3"
    assert CitizenRequest.objects.count() == 0


def test_the_desk_may_choose_a_letter_over_the_email(client, desk):
    data = intake_data(
        citizen_email="penka@example.org",
        citizen_address="с. Арбанаси, ул. 3",
        notify_by="post",
    )
    assert client.post(desk, data).status_code == 302
    assert CitizenRequest.objects.get().notices.get().channel == "post"


# --- The tracking page ---------------------------------------------------------------


def track_url(citizen_request) -> str:
    return f"/en/track/{citizen_request.tracking_token}/"


def notify_url(citizen_request) -> str:
    return f"/en/track/{citizen_request.tracking_token}/notices/"


def test_the_tracking_page_shows_the_way_and_lets_the_citizen_change_it(client):
    citizen_request = case(language="en")
    html = client.get(track_url(citizen_request)).content.decode()
    assert "Our notices about this request come now as: E-mail." in html
    assert f'action="{notify_url(citizen_request)}"' in html
    assert html.count('id="notify-by-form"') == 1

    response = client.post(
        notify_url(citizen_request), {"notify_by": "sms"}, follow=True
    )
    html = response.content.decode()
    assert "Saved: from now on we will tell you by SMS." in html
    assert "Our notices about this request come now as: SMS." in html
    citizen_request.refresh_from_db()
    assert citizen_request.notify_by == "sms"
    note = citizen_request.events.get(kind=EventKind.NOTE)
    assert note.is_public is False
    assert note.text.startswith("Notices now by SMS") or "SMS" in note.text
    audit = AuditEntry.objects.get(action="request.notify_by")
    assert audit.details == {"from": "email", "to": "sms"}

    # The next notice goes by SMS.
    notice = citizen_notice_create(
        citizen_request=citizen_request,
        kind="status:in_progress",
        template="requests_app/email/status",
        context={"event": None},
    )
    assert (notice.channel, notice.recipient) == ("sms", citizen_request.citizen_phone)


def test_a_way_without_its_contact_cannot_be_chosen_on_the_tracking_page(client):
    citizen_request = case(language="en", citizen_phone="")
    response = client.post(notify_url(citizen_request), {"notify_by": "sms"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We have no phone number with this request." in html
    citizen_request.refresh_from_db()
    assert citizen_request.notify_by == "email"
    assert not AuditEntry.objects.filter(action="request.notify_by").exists()


def test_the_change_needs_the_csrf_token_and_the_secret_link(client):
    citizen_request = case(language="en")
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post(notify_url(citizen_request), {"notify_by": "post"}).status_code
        == 403
    )
    assert client.get(notify_url(citizen_request)).status_code == 405
    tampered = f"/en/track/{citizen_request.tracking_token[:-2]}xx/notices/"
    assert client.post(tampered, {"notify_by": "post"}).status_code == 404
    citizen_request.refresh_from_db()
    assert citizen_request.notify_by == "email"


# --- The case page --------------------------------------------------------------------


def test_the_case_page_shows_each_notices_channel_and_delivery(
    client, settings, sms_gateway
):
    me = clerk(department())
    client.force_login(me)
    citizen_request = case(service__department=me.departments.get(), notify_by="sms")

    def notice(channel: str) -> Notice:
        return citizen_notice_create(
            citizen_request=citizen_request,
            kind="status:in_progress",
            template="requests_app/email/status",
            context={"event": None},
            channel=channel,
        )

    delivered, failed, letter = notice("sms"), notice("sms"), notice("post")
    for sms in (delivered, failed):
        notice_send(notice_id=sms.pk)
        sms.refresh_from_db()
    sms_delivery_record(
        gateway_id=delivered.gateway_id,
        status="delivered",
        at=datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC),
    )
    sms_delivery_record(gateway_id=failed.gateway_id, status="failed")
    with translation.override("en"):
        url = reverse("requests_app:staff-request", kwargs={"pk": citizen_request.pk})
    html = client.get(url).content.decode()
    notices = html[
        html.index('id="notices"') : html.index("</ol>", html.index('id="notices"'))
    ]
    assert "Notices to the citizen" in html
    assert notices.count(f"SMS to {citizen_request.citizen_phone}") == 2
    assert (
        f"Letter to {citizen_request.citizen_name}, {citizen_request.citizen_address}"
        in notices
    )
    assert "Delivered" in notices and "Delivered to the phone on" in notices
    assert "did not arrive" in notices
    assert "Waiting for the letters batch" in notices
    assert letter.sent_at is None
