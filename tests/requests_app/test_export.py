"""Staff export everything held about one citizen, role by role (#10).

Department heads export the requests of their departments, complaint officers the
complaints; clerks, senior experts, managers and administrators get 404. The citizen
is found by the key of the e-mail address, never by a lookalike. Every export is
audited.
"""

import io
import json
import re
import zipfile

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

import pytest

from feedback import services as feedback_services
from feedback.models import ComplaintAccess, ComplaintAttachment
from requests_app.emails import email_key
from requests_app.models import AuditEntry, EventKind
from requests_app.roles import Role
from requests_app.services import request_submit
from requests_app.tokens import token_hash
from tests.feedback.factories import ComplaintKindFactory

from .factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    RequestEventFactory,
    ServiceFactory,
    ServiceQuestionFactory,
    StaffFactory,
)
from .filing_files import PDF_BYTES, PNG_BYTES, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

EMAIL = "maria.petrova@mail.example"
LOOKALIKE = "maria.petrova@maıl.example"  # a dotless ı: another domain
PAGE = "/en/staff/citizen-data/"
COMPLAINT = "Служителят на гише 3 поиска подкуп."


@pytest.fixture
def world():
    """Maria's requests in two departments, a lookalike's, and her complaint."""
    own, other = DepartmentFactory(), DepartmentFactory()
    service = ServiceFactory(department=own)
    question = ServiceQuestionFactory(service=service)
    mine = request_submit(
        service=service,
        citizen_name="Мария Петрова",
        citizen_email="Maria.Petrova@MAIL.example",  # as typed that day
        citizen_phone="0888 123 456",
        details="Моля за скица на имота.",
        answers={question: "имот 68134.105.12"},
        files=[(upload("скица.png", PNG_BYTES, "image/png"), "image/png")],
    )
    RequestEventFactory(request=mine, kind=EventKind.MESSAGE, text="Скицата е готова.")
    RequestEventFactory(request=mine, internal=True, text="Вътрешно: провери ЕГН.")
    elsewhere = CitizenRequestFactory(
        registry_number="T-1/2026",
        service=ServiceFactory(department=other),
        citizen_email=EMAIL,
    )
    lookalike = CitizenRequestFactory(
        registry_number="T-2/2026", service=service, citizen_email=LOOKALIKE
    )
    stranger = CitizenRequestFactory(registry_number="T-3/2026", service=service)
    complaint, _code = feedback_services.complaint_file(
        kind=ComplaintKindFactory(),
        body=COMPLAINT,
        contact_name="Мария Петрова",
        contact_email=EMAIL,
    )
    ComplaintAttachment.objects.create(
        complaint=complaint,
        name="разписка.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        content=PDF_BYTES,
    )
    feedback_services.complaint_file(
        kind=ComplaintKindFactory(), body="Друг човек.", contact_email=LOOKALIKE
    )
    return {
        "own": own,
        "other": other,
        "mine": mine,
        "elsewhere": elsewhere,
        "lookalike": lookalike,
        "stranger": stranger,
        "complaint": complaint,
        "head": StaffFactory(role=Role.HEAD, departments=[own]),
        "officer": StaffFactory(role=Role.OFFICER),
    }


def _export(client, user, email: str = EMAIL):
    client.force_login(user)
    return client.post(PAGE, {"email": email})


def _archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="citizen-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_head_exports_the_citizens_requests_of_own_departments(client, world):
    """Data, answers, public timeline and the decrypted file; nothing else (#10)."""
    archive = _archive(_export(client, world["head"]))
    data = json.loads(archive.read("data.json"))

    (record,) = data["requests"]
    assert "complaints" not in data  # a head is no complaint officer
    assert record["registry_number"] == world["mine"].registry_number
    assert (record["name"], record["phone"]) == ("Мария Петрова", "0888 123 456")
    assert record["details"] == "Моля за скица на имота."
    assert [a["answer"] for a in record["answers"]] == ["имот 68134.105.12"]
    texts = [entry["text"] for entry in record["timeline"]]
    assert "Скицата е готова." in texts
    assert "Вътрешно: провери ЕГН." not in json.dumps(data, ensure_ascii=False)
    (file_entry,) = record["files"]
    assert file_entry["name"] == "скица.png"
    assert archive.read(file_entry["path"]) == PNG_BYTES  # decrypted
    numbers = json.dumps(data)
    for other in ("elsewhere", "lookalike", "stranger"):
        assert world[other].registry_number not in numbers


def test_an_officer_exports_the_citizens_complaints_only(client, world):
    archive = _archive(_export(client, world["officer"]))
    data = json.loads(archive.read("data.json"))

    (record,) = data["complaints"]
    assert "requests" not in data  # an officer handles no requests
    assert (record["number"], record["text"]) == (world["complaint"].pk, COMPLAINT)
    assert record["email"] == EMAIL
    (file_entry,) = record["files"]
    assert archive.read(file_entry["path"]) == PDF_BYTES
    assert "Друг човек." not in json.dumps(data, ensure_ascii=False)  # the lookalike


@pytest.mark.parametrize(
    "role", [Role.CLERK, Role.SENIOR, Role.MANAGER, Role.ADMINISTRATOR]
)
def test_other_roles_get_404(client, world, role):
    """Clerks, senior experts, managers and administrators export nothing (#10)."""
    user = StaffFactory(role=role, departments=[world["own"]])
    client.force_login(user)

    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"email": EMAIL}).status_code == 404
    assert not AuditEntry.objects.filter(action="citizen.exported").exists()


def test_a_superuser_gets_404(client, world):
    """Administrators (superusers) are not a channel for citizens' data either."""
    admin = StaffFactory(is_superuser=True, role=Role.ADMINISTRATOR)

    response = _export(client, admin)

    assert response.status_code == 404


def test_a_visitor_is_sent_to_the_staff_login(client, world):
    response = client.post(PAGE, {"email": EMAIL})

    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_a_head_of_another_department_finds_nothing(client, world):
    head = StaffFactory(role=Role.HEAD, departments=[DepartmentFactory()])

    response = _export(client, head)

    assert response.status_code == 200
    assert "Nothing within your reach" in response.content.decode()


def test_a_password_only_session_gets_no_export(client, world, settings):
    """Behind the two-factor step like every staff page (#10)."""
    settings.STAFF_TWO_FACTOR = True

    response = _export(client, world["head"])

    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]
    assert not AuditEntry.objects.filter(action="citizen.exported").exists()


def test_every_export_is_audited_without_the_address(client, world):
    """Who looked for whom (the address's key hashed), and what left (#10)."""
    _export(client, world["head"])
    _export(client, world["officer"])

    searches = AuditEntry.objects.filter(action="citizen.exported")
    assert {entry.actor for entry in searches} == {world["head"], world["officer"]}
    assert {entry.details["email_key_sha256"] for entry in searches} == {
        token_hash(email_key(EMAIL))
    }
    assert EMAIL not in json.dumps([entry.details for entry in searches])
    assert AuditEntry.objects.filter(
        action="request.exported", target_id=str(world["mine"].pk)
    ).exists()
    assert ComplaintAccess.objects.filter(
        complaint=world["complaint"], officer=world["officer"], action="export"
    ).exists()


@pytest.mark.parametrize(
    "typed",
    ["", "x@", "a" * 250 + "@mail.example", "maria\x00@mail.example", "мария@поща.бг"],
    ids=["empty", "no-domain", "too-long", "nul-byte", "cyrillic"],
)
def test_hostile_addresses_get_the_form_back(client, world, typed):
    """Never a 500 and never a file for an address that is not one."""
    response = _export(client, world["head"], typed)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_page_is_a_labelled_form_without_javascript(client, world):
    client.force_login(world["head"])

    html = client.get(PAGE).content.decode()

    assert 'method="post"' in html
    assert re.search(r'<label\s+for="id_email"[^>]*>\s*The citizen&#x27;s e-mail', html)
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert reverse("requests_app:staff-citizen-export") == PAGE


def test_the_command_writes_the_same_export(world, tmp_path):
    target = tmp_path / "maria.zip"
    out = io.StringIO()

    call_command(
        "export_citizen_data",
        email=EMAIL,
        by=world["head"].username,
        output=str(target),
        stdout=out,
    )

    data = json.loads(zipfile.ZipFile(target).read("data.json"))
    assert [r["registry_number"] for r in data["requests"]] == [
        world["mine"].registry_number
    ]
    assert "1 requests" in out.getvalue()
    assert AuditEntry.objects.filter(
        action="citizen.exported", actor=world["head"]
    ).exists()


def test_the_command_refuses_a_manager(world, tmp_path):
    manager = StaffFactory(role=Role.MANAGER)

    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "export_citizen_data",
            email=EMAIL,
            by=manager.username,
            output=str(tmp_path / "x.zip"),
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_page_passes_axe_with_and_without_a_result(
    live_server, page, axe_check, language
):
    """WCAG 2.1 AA on the form and on the "nothing found" answer, no JavaScript."""
    head = StaffFactory(role=Role.HEAD, departments=[DepartmentFactory()])
    client = Client()
    client.force_login(head)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/{language}/staff/citizen-data/")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == language

    page.get_by_label(re.compile("e-mail|поща", re.I)).fill("nobody@example.org")
    page.locator("#submit-export").click()

    assert page.locator("#export-nothing-found").is_visible()
    axe_check(page)
