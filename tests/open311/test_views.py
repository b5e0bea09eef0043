"""The Open311 GeoReport v2 endpoints through the test client (#6)."""

from datetime import date, datetime, timedelta

from django.test import Client
from django.utils import timezone

import pytest

from open311.ids import request_id_encode
from open311.models import Submission
from requests_app.models import (
    Channel,
    CitizenRequest,
    EventKind,
    Notice,
    QuestionKind,
    RequestEvent,
)
from requests_app.services import request_submit, request_transition
from requests_app.services.submission import due_date_for, term_for
from requests_app.workflow import Status
from tests.requests_app.factories import ServiceFactory

from .conftest import BASE, assert_same_in_xml, assert_schema, post_fields, xml_root
from .factories import ApiKeyFactory

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Мария",
    "Петрова",
    "maria.petrova@example.bg",
    "888 123",
    "Витоша 15, София",
    "ЕГН",
    "8001011234",
)


def assert_datetime_with_zone(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def assert_error(response, status: int) -> list[dict]:
    """The standard error body: a list of {code, description}, code = the status."""
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list)
    assert body
    for error in body:
        assert set(error) == {"code", "description"}
        assert error["code"] == status
        assert isinstance(error["description"], str)
        assert error["description"]
    return body


def post(client, fields: dict, fmt: str = "json"):
    return client.post(f"{BASE}/requests.{fmt}", fields)


# --- Discovery and services ----------------------------------------------------------


def test_discovery_names_this_endpoint_in_both_formats(client):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200
    data = response.json()
    endpoint = data["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert_datetime_with_zone(data["changeset"])
    assert_same_in_xml(client, f"{BASE}/discovery.json", data)


def test_services_list_active_online_services_per_schema(client, service):
    ServiceFactory(code="closed-down", inactive=True)
    ServiceFactory(code="desk-only", is_online=False)
    response = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    assert_schema(data, "services")
    assert [item["service_code"] for item in data] == ["street-light"]
    assert data[0] == {
        "service_code": "street-light",
        "service_name": "Replace a street light",
        "description": service.summary_en,
        "metadata": True,
        "type": "realtime",
        "keywords": "lamp, lighting",
        "group": "Street lighting",
    }
    assert_same_in_xml(client, f"{BASE}/services.json", data, language="en")


def test_services_follow_the_language_asked_for(client, service):
    data = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="bg").json()
    assert data[0]["service_name"] == "Подмяна на улична лампа"


def test_service_definition_maps_questions_to_attributes(client, service):
    url = f"{BASE}/services/street-light.json"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    assert_schema(data, "service-definition")
    attributes = {item["code"]: item for item in data["attributes"]}
    assert [item["code"] for item in data["attributes"]] == [
        "pole",
        "urgency",
        "noticed",
        "lamps",
    ]
    assert [item["order"] for item in data["attributes"]] == [1, 2, 3, 4]
    assert attributes["pole"]["datatype"] == "string"
    assert attributes["pole"]["required"] is True
    assert attributes["pole"]["description"] == "Pole number"
    assert attributes["urgency"]["datatype"] == "singlevaluelist"
    assert attributes["urgency"]["values"] == [
        {"key": "low", "name": "Low"},
        {"key": "high", "name": "High"},
    ]
    assert attributes["noticed"]["datatype"] == "datetime"
    assert attributes["lamps"]["datatype"] == "number"
    assert all(item["variable"] is True for item in data["attributes"])
    assert_same_in_xml(client, url, data, language="en")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404_with_the_standard_error_body(client, service, fmt):
    response = client.get(f"{BASE}/services/no-such-thing.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert_error(response, 404)
    else:
        root = xml_root(response)
        assert root.tag == "errors"
        assert root.find("error/code").text == "404"
        assert root.find("error/description").text


# --- Filing: POST requests -----------------------------------------------------------


def test_post_files_a_request_in_the_same_queue_with_the_same_due_date(
    client, service, api_key, django_capture_on_commit_callbacks
):
    """A request filed through the API is an ordinary request, channel open311 (#6)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, post_fields(api_key))
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 1
    created = CitizenRequest.objects.get()
    assert created.channel == Channel.OPEN311
    assert created.status == Status.SUBMITTED
    assert created.department == service.department
    term = term_for(service=service, variant=None)
    expected_due = due_date_for(received_on=created.received_on, term=term).due_on
    assert created.due_on == expected_due
    assert body[0]["service_request_id"] == request_id_encode(created.registry_number)
    assert body[0]["account_id"] == "account-7"
    assert created.registry_number in body[0]["service_notice"]
    assert created.citizen_name == "Иван Иванов"
    assert created.latitude is not None
    assert str(created.latitude) == "42.697708"
    answers = {a.question.code: a.value for a in created.answers.all()}
    assert answers == {
        "pole": "P-17",
        "urgency": "high",
        "noticed": "2026-11-20",
        "lamps": "2",
    }
    notice = Notice.objects.get(request=created, kind="acknowledgement")
    assert notice.recipient == "ivan.ivanov@example.bg"
    assert notice.sent_at is not None
    submission = Submission.objects.get()
    assert submission.api_key == api_key
    assert submission.device_id == "device-42"
    assert body[0]["token"] == submission.token
    assert submission.token != created.tracking_token


def test_post_answers_in_xml_with_the_standard_element_names(client, service, api_key):
    response = post(client, post_fields(api_key), fmt="xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    created = CitizenRequest.objects.get()
    assert root.find("request/service_request_id").text == request_id_encode(
        created.registry_number
    )
    assert root.find("request/account_id").text == "account-7"


def test_post_needs_no_csrf_token(service, api_key):
    client = Client(enforce_csrf_checks=True)
    response = post(client, post_fields(api_key))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "key",
    [None, "", "not-a-key", "x" * 500],
    ids=["missing", "empty", "unknown", "overlong"],
)
def test_post_without_a_valid_key_is_403(client, service, api_key, key):
    response = post(client, post_fields(api_key, api_key=key))
    assert_error(response, 403)
    assert CitizenRequest.objects.count() == 0


def test_post_with_a_revoked_key_is_403(client, service):
    revoked = ApiKeyFactory(revoked=True)
    response = post(client, post_fields(revoked))
    assert_error(response, 403)
    assert CitizenRequest.objects.count() == 0


def test_post_notes_when_a_key_was_last_used(client, service, api_key):
    assert api_key.last_used_at is None
    post(client, post_fields(api_key))
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_post_is_rate_limited_per_key(client, service, api_key, settings):
    settings.OPEN311_RATE_LIMIT = "2/m"
    other = ApiKeyFactory()
    statuses = [post(client, post_fields(api_key)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert_error(post(client, post_fields(api_key)), 429)
    assert post(client, post_fields(other)).status_code == 200


def test_post_for_an_unknown_service_is_404(client, service, api_key):
    response = post(client, post_fields(api_key, service_code="no-such-service"))
    assert_error(response, 404)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_code": None}, "service_code"),
        ({"lat": None, "long": None}, "location"),
        ({"long": None}, "lat"),
        ({"lat": "91"}, "lat"),
        ({"lat": "nan"}, "lat"),
        ({"long": "east"}, "long"),
        ({"description": "д" * 4001}, "description"),
        ({"email": "not-an-e-mail"}, "email"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"attribute[pole]": None}, "attribute[pole]"),
        ({"attribute[urgency]": "extreme"}, "attribute[urgency]"),
        ({"attribute[noticed]": "20.11.2026"}, "attribute[noticed]"),
        ({"attribute[lamps]": "two"}, "attribute[lamps]"),
        ({"attribute[lamps]": "Infinity"}, "attribute[lamps]"),
        ({"attribute[colour]": "red"}, "attribute[colour]"),
    ],
    ids=[
        "no-service-code",
        "no-location",
        "half-coordinates",
        "latitude-out-of-range",
        "latitude-nan",
        "longitude-not-a-number",
        "description-4001-chars",
        "bad-email",
        "non-http-media-url",
        "required-attribute-missing",
        "choice-not-a-key",
        "date-not-iso",
        "number-not-a-number",
        "number-infinite",
        "unknown-attribute",
    ],
)
def test_post_with_bad_input_is_400_and_files_nothing(
    client, service, api_key, overrides, field
):
    response = post(client, post_fields(api_key, **overrides))
    body = assert_error(response, 400)
    if field != "location":
        assert any(field in error["description"] for error in body), body
    assert CitizenRequest.objects.count() == 0


def test_post_accepts_a_description_of_exactly_4000_characters(
    client, service, api_key
):
    response = post(client, post_fields(api_key, description="д" * 4000))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "location",
    [
        {"lat": None, "long": None, "address_string": "ул. Раковски 1"},
        {"lat": None, "long": None, "address_id": "A-545483"},
    ],
    ids=["address-string", "address-id"],
)
def test_post_accepts_an_address_instead_of_coordinates(
    client, service, api_key, location
):
    response = post(client, post_fields(api_key, **location))
    assert response.status_code == 200
    created = CitizenRequest.objects.get()
    assert created.latitude is None
    assert created.location
    item = client.get(
        f"{BASE}/requests/{response.json()[0]['service_request_id']}.json"
    ).json()[0]
    assert item["address_id"] == location.get("address_id")


def test_post_without_names_still_files(client, service, api_key):
    response = post(
        client, post_fields(api_key, first_name=None, last_name=None, email=None)
    )
    assert response.status_code == 200
    assert CitizenRequest.objects.get().citizen_name


# --- Reading requests ----------------------------------------------------------------


def test_get_requests_shows_no_personal_data(client, filed):
    """Names, e-mails, phones, postal addresses and free text stay private (#6)."""
    for fmt in ("json", "xml"):
        text = client.get(f"{BASE}/requests.{fmt}").content.decode()
        assert filed.registry_number.replace("/", "_") in text
        for secret in PERSONAL:
            assert secret not in text, (fmt, secret)
        assert filed.tracking_token not in text


def test_get_requests_per_schema_and_the_same_in_xml(client, filed):
    response = client.get(f"{BASE}/requests.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    assert_schema(data, "requests")
    item = data[0]
    assert item["service_request_id"] == request_id_encode(filed.registry_number)
    assert item["status"] == "open"
    assert item["service_code"] == "street-light"
    assert item["service_name"] == "Replace a street light"
    assert item["agency_responsible"] == "Street lighting"
    assert item["description"] is None
    assert item["address"] == "ул. Витоша 15"
    requested = assert_datetime_with_zone(item["requested_datetime"])
    assert abs(requested - filed.submitted_at) < timedelta(seconds=1)
    expected = assert_datetime_with_zone(item["expected_datetime"])
    assert timezone.localtime(expected).date() == filed.due_on
    assert_datetime_with_zone(item["updated_datetime"])
    assert_same_in_xml(client, f"{BASE}/requests.json", data, language="en")


def test_description_is_published_only_when_the_municipality_chooses(
    client, filed, settings
):
    settings.OPEN311_PUBLISH_CITIZEN_CONTENT = True
    item = client.get(f"{BASE}/requests.json").json()[0]
    assert item["description"] == filed.details
    assert_schema([item], "requests")


def test_request_by_id_accepts_both_spellings(client, filed):
    number = filed.registry_number
    assert "/" in number
    for given in (request_id_encode(number), number.replace("/", "%2F")):
        response = client.get(f"{BASE}/requests/{given}.json")
        assert response.status_code == 200, given
        data = response.json()
        assert_schema(data, "requests")
        assert [item["service_request_id"] for item in data] == [
            request_id_encode(number)
        ]
    assert_same_in_xml(
        client, f"{BASE}/requests/{request_id_encode(number)}.json", data
    )


def test_unknown_request_is_404(client, filed):
    assert_error(client.get(f"{BASE}/requests/94-00-999_01.01.2020.json"), 404)


def test_get_requests_by_comma_separated_ids_ignores_other_filters(
    client, service, filed
):
    second = filed
    other = ServiceFactory(code="other-service", department=service.department)
    third = request_submit(service=other, citizen_name="Х", details="х")
    ids = f"{request_id_encode(second.registry_number)},{third.registry_number}"
    data = client.get(
        f"{BASE}/requests.json",
        {"service_request_id": ids, "service_code": "none", "status": "closed"},
    ).json()
    assert {item["service_request_id"] for item in data} == {
        request_id_encode(second.registry_number),
        request_id_encode(third.registry_number),
    }


def test_get_requests_filters_by_service_code_and_status(client, service, filed):
    other = ServiceFactory(code="other-service", department=service.department)
    closed = request_submit(service=other, citizen_name="Х", details="х")
    request_transition(citizen_request=closed, target=Status.REJECTED, by=None)

    def ids(**params):
        data = client.get(f"{BASE}/requests.json", params).json()
        return {item["service_request_id"] for item in data}

    mine, theirs = (
        request_id_encode(filed.registry_number),
        request_id_encode(closed.registry_number),
    )
    assert ids() == {mine, theirs}
    assert ids(service_code="street-light") == {mine}
    assert ids(service_code="street-light,other-service") == {mine, theirs}
    assert ids(status="open") == {mine}
    assert ids(status="closed") == {theirs}
    assert ids(status="open,closed") == {mine, theirs}


def test_closed_request_reads_closed_with_its_closing_time(client, filed):
    request_transition(
        citizen_request=filed, target=Status.REJECTED, by=None, note="Дубликат."
    )
    filed.refresh_from_db()
    item = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()[0]
    assert item["status"] == "closed"
    assert item["status_notes"] == "Дубликат."
    updated = assert_datetime_with_zone(item["updated_datetime"])
    assert abs(updated - filed.closed_at) < timedelta(seconds=1)


def test_status_notes_are_the_latest_status_note_never_a_letter_or_internal(
    client, filed
):
    """Answers and document requests are letters to one person: not published."""
    RequestEvent.objects.create(
        request=filed, kind=EventKind.STATUS, is_public=True, text="Екип е изпратен."
    )
    RequestEvent.objects.create(
        request=filed,
        kind=EventKind.MESSAGE,
        is_public=True,
        text="Уважаема г-жо Петрова, ЕГН 7501010000 ...",
    )
    RequestEvent.objects.create(
        request=filed, kind=EventKind.NOTE, is_public=False, text="Вътрешна бележка."
    )
    RequestEvent.objects.create(
        request=filed,
        kind=EventKind.CITIZEN_REPLY,
        is_public=True,
        text="Обадете ми се на 0888 123 456.",
    )
    item = client.get(f"{BASE}/requests.json").json()[0]
    assert item["status_notes"] == "Екип е изпратен."


def test_default_window_is_the_last_90_days(client, service, filed):
    old = CitizenRequest.objects.get(pk=filed.pk)
    old.submitted_at = timezone.now() - timedelta(days=100)
    old.save(update_fields=["submitted_at"])
    assert client.get(f"{BASE}/requests.json").json() == []
    start = (timezone.now() - timedelta(days=120)).isoformat()
    data = client.get(f"{BASE}/requests.json", {"start_date": start}).json()
    assert [item["service_request_id"] for item in data] == [
        request_id_encode(filed.registry_number)
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        {"start_date": "yesterday"},
        {"end_date": "2026-13-01"},
        {"start_date": "0001-01-01T00:00:00+14:00"},
        {"end_date": "0001-01-01T00:00:00Z"},
        {"status": "pending"},
    ],
    ids=[
        "more-than-90-days",
        "end-before-start",
        "not-a-date",
        "impossible-date",
        "before-year-one-in-utc",
        "window-before-year-one",
        "unknown-status",
    ],
)
def test_bad_filters_are_400(client, filed, params):
    assert_error(client.get(f"{BASE}/requests.json", params), 400)


def test_exactly_90_days_apart_is_allowed(client, filed):
    end = timezone.now() + timedelta(hours=1)
    start = end - timedelta(days=90)
    response = client.get(
        f"{BASE}/requests.json",
        {"start_date": start.isoformat(), "end_date": end.isoformat()},
    )
    assert response.status_code == 200
    assert len(response.json()) == 1


# --- Tokens, jurisdiction, round trip ------------------------------------------------


def test_token_gives_the_service_request_id(client, service, api_key):
    filed = post(client, post_fields(api_key)).json()[0]
    url = f"{BASE}/tokens/{filed['token']}.json"
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data == [
        {"service_request_id": filed["service_request_id"], "token": filed["token"]}
    ]
    assert_same_in_xml(client, url, data)
    assert_error(client.get(f"{BASE}/tokens/unknown-token.json"), 404)


def test_jurisdiction_is_checked(client, service, api_key, settings):
    settings.OPEN311_JURISDICTION_ID = "primerno.bg"
    ok = client.get(f"{BASE}/services.json", {"jurisdiction_id": "primerno.bg"})
    assert ok.status_code == 200
    assert_error(
        client.get(f"{BASE}/services.json", {"jurisdiction_id": "sofia.bg"}), 404
    )
    assert_error(post(client, post_fields(api_key, jurisdiction_id="sofia.bg")), 404)
    assert CitizenRequest.objects.count() == 0


def test_round_trip_post_read_extend_read(client, service, api_key):
    """POST, read by token and by id; an extension in the back office moves
    expected_datetime (#6)."""
    from requests_app.models import ExtensionReason
    from requests_app.roles import Role
    from requests_app.services.casework.assignment import request_take
    from requests_app.services.casework.extension import request_extend
    from tests.requests_app.factories import StaffFactory

    filed = post(client, post_fields(api_key)).json()[0]
    by_token = client.get(f"{BASE}/tokens/{filed['token']}.json").json()[0]
    assert by_token["service_request_id"] == filed["service_request_id"]
    url = f"{BASE}/requests/{by_token['service_request_id']}.json"
    before = client.get(url).json()[0]
    assert before["status"] == "open"
    created = CitizenRequest.objects.get()
    assert (
        timezone.localtime(datetime.fromisoformat(before["expected_datetime"])).date()
        == created.due_on
    )

    clerk = StaffFactory(role=Role.CLERK, departments=[service.department])
    request_take(citizen_request=created, by=clerk)
    reason = ExtensionReason.objects.create(
        code="inspection", name_bg="Нужна е проверка на място", name_en="Site visit"
    )
    new_due = created.due_on + timedelta(days=7)
    while new_due.weekday() >= 5:
        new_due += timedelta(days=1)
    request_extend(citizen_request=created, by=clerk, new_due_on=new_due, reason=reason)

    after = client.get(url).json()[0]
    assert_schema([after], "requests")
    moved = timezone.localtime(datetime.fromisoformat(after["expected_datetime"]))
    assert moved.date() == new_due
    assert "Нужна е проверка на място" in after["status_notes"]  # the public reason
    assert after["status"] == "open"


# --- Robustness ----------------------------------------------------------------------


def test_wrong_method_is_405_with_an_error_body(client, service):
    response = client.delete(f"{BASE}/services.json")
    assert_error(response, 405)
    assert response["Allow"] == "GET, HEAD"
    assert_error(client.post(f"{BASE}/nothing-here.json"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/services.csv",
        "/nothing-here",
        "/requests/.json",
        "/requests/%00.json",
        "/requests/~.json",
        "/requests/%2F%2F%2F.xml",
        "/requests/a%0Ab.json",
        "/services/a%0A.xml",
        "/no%0Awhere",
        "/requests/" + "9" * 5000 + ".json",
        "/tokens/%F0%9F%92%A9.json",
        "/services/%C0%AF.json",
        "/services/' OR 1=1 --.json",
        "/requests.json?service_request_id=" + ",".join(["1"] * 1001),
        "/requests.json?service_request_id=%00,~x,_,%2F",
        "/requests.json?start_date=9999-12-31T23:59:59-14:00",
        "/requests.json?end_date=%00",
        "/requests.json?status=open,%E2%80%AE",
        "/requests.json?jurisdiction_id=%00",
        "/discovery.xml?jurisdiction_id=" + "x" * 3000,
    ],
)
def test_nasty_input_never_causes_a_server_error(client, filed, path):
    response = client.get(BASE + path)
    assert response.status_code < 500
    if path.split("?")[0].endswith(".xml"):
        root = xml_root(response)
        assert root.tag in {"errors", "service_requests", "discovery"}
    elif response.status_code >= 400:
        assert_error(response, response.status_code)  # the API's body, not a page


@pytest.mark.parametrize(
    "fields",
    [
        {"service_code": "street-light", "attribute[pole]": "\x00"},
        {"service_code": "street-light", "lat": "1e400", "long": "1"},
        {"service_code": "street-light", "lat": "-0", "long": "180.0000004"},
        {"service_code": "\x00", "address_string": "x"},
        {"service_code": "street-light", "address_string": "\x00"},
        {"service_code": "street-light", "address_id": "x" * 101},
        {"service_code": "street-light", "attribute[]": "x", "address_id": "1"},
        {"service_code": "street-light", "attribute[lamps]": "1e999999999"},
        {"service_code": "street-light", "attribute[noticed]": "99999-01-01"},
        {
            "service_code": "street-light",
            "attribute[noticed]": "0001-01-01T00:00+14:00",
        },
    ],
)
def test_nasty_posts_never_cause_a_server_error(client, service, api_key, fields):
    response = post(client, {"api_key": api_key.plain, **fields})
    assert response.status_code in {400, 404}  # 404: no service with that code
    assert_error(response, response.status_code)


MANY_FIELDS = "&".join(f"f{i}=1" for i in range(1200)).encode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--xyz\r\nContent-Disposition: form-data; na", "multipart/form-data"),
        (b"--\r\ngarbage", "multipart/form-data; boundary=\u00e9"),
        (MANY_FIELDS, "application/x-www-form-urlencoded"),
    ],
    ids=["no-boundary", "bad-boundary", "too-many-fields"],
)
def test_unreadable_post_body_is_400_with_the_standard_body(
    client, service, body, content_type
):
    response = client.generic(
        "POST", f"{BASE}/requests.json", body, content_type=content_type
    )
    assert_error(response, 400)


def test_media_url_reaches_the_clerk_and_is_published_only_when_chosen(
    client, service, api_key, settings
):
    url = "https://photos.example.org/p/17.jpg"
    filed = post(client, post_fields(api_key, media_url=url)).json()[0]
    assert url in CitizenRequest.objects.get().details
    read = f"{BASE}/requests/{filed['service_request_id']}.json"
    assert client.get(read).json()[0]["media_url"] is None
    settings.OPEN311_PUBLISH_CITIZEN_CONTENT = True
    assert client.get(read).json()[0]["media_url"] == url


def test_xml_drops_characters_xml_cannot_carry(client, filed):
    RequestEvent.objects.create(
        request=filed, kind=EventKind.STATUS, is_public=True, text="Готово\x01\x0b."
    )
    root = xml_root(client.get(f"{BASE}/requests.xml"))
    assert root.find("request/status_notes").text == "Готово."


def test_openapi_description_lists_every_endpoint(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["servers"][0]["url"] == "http://testserver/open311/v2"
    for fmt in ("json", "xml"):
        for path in (
            "/discovery",
            "/services",
            "/services/{service_code}",
            "/requests",
            "/requests/{service_request_id}",
            "/tokens/{token}",
        ):
            assert f"{path}.{fmt}" in document["paths"]
    assert set(document["paths"]["/requests.json"]) == {"get", "post"}


def test_attribute_kinds_cover_every_question_kind():
    from open311.payloads import DATATYPES

    assert set(DATATYPES) == set(QuestionKind)


def test_date_attribute_keeps_the_day(client, service, api_key):
    post(client, post_fields(api_key, **{"attribute[noticed]": "2026-11-20T23:30:00Z"}))
    answer = CitizenRequest.objects.get().answers.get(question__code="noticed")
    # 23:30 UTC is already the 21st in Sofia.
    assert answer.value == date(2026, 11, 21).isoformat()
