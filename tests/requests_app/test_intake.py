"""Desk intake offers what the online form offers: variants, the service's questions
and documents (#14). The clerk chooses the service, then fills in that service's form;
the registered request keeps the variant (and its term), the answers and the files."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from requests_app.dates import DateLimit
from requests_app.deadlines import Term
from requests_app.models import Channel, CitizenRequest
from requests_app.roles import Role
from requests_app.selectors.calendar import due_date_for
from requests_app.selectors.tracking import request_get_by_token
from requests_app.services.casework import request_intake

from .casework_helpers import clerk, department, in_english, staff  # noqa: F401
from .factories import ServiceFactory, ServiceQuestionFactory, ServiceVariantFactory
from .filing_files import PNG_BYTES, pdf, upload

pytestmark = pytest.mark.django_db

ROLES_WHO_REGISTER = {Role.CLERK, Role.SENIOR, Role.HEAD}
OTHER_ROLES = [Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR]


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep, client):
    user = clerk(dep, first_name="Мария", last_name="Петрова")
    client.force_login(user)
    return user


@pytest.fixture
def heirs(dep):
    """A service with two variants and three questions, one of them a date of death."""
    service = ServiceFactory(
        department=dep,
        code="heirs-certificate",
        name_en="Certificate of heirs",
        name_bg="Удостоверение за наследници",
    )
    ServiceVariantFactory(service=service, ordinary=True)
    ServiceVariantFactory(service=service, express=True)
    ServiceQuestionFactory(
        service=service,
        code="deceased-name",
        required=True,
        label_en="Full name of the deceased",
        label_bg="Трите имена на починалото лице",
    )
    ServiceQuestionFactory(
        service=service,
        code="date-of-death",
        date=True,
        required=True,
        date_limit=DateLimit.PAST,
        label_en="Date of death",
        label_bg="Дата на смъртта",
    )
    ServiceQuestionFactory(service=service, code="purpose", choice=True)
    return service


def step_two(service, language: str = "en") -> str:
    with translation.override(language):
        return reverse(
            "requests_app:staff-intake-service", kwargs={"code": service.code}
        )


def yesterday() -> str:
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def intake_data(service, /, **changes) -> dict:
    data = {
        "channel": Channel.DESK,
        "variant": service.variants.get(code="express").pk,
        "citizen_name": "Десислава Колева",
        "citizen_phone": "0888 123 456",
        "language": "bg",
        "details": "Удостоверение за наследниците на Петър Колев.",
        "question_deceased-name": "Петър Иванов Колев",
        "question_date-of-death": yesterday(),
        "question_purpose": "court",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- The service ---------------------------------------------------------------------


def test_intake_stores_the_variant_its_term_the_answers_and_the_files(dep, heirs):
    me = clerk(dep)
    express = heirs.variants.get(code="express")
    answers = dict.fromkeys(heirs.questions.filter(kind="text"), "x")
    citizen_request = request_intake(
        by=me,
        service=heirs,
        channel=Channel.POST,
        variant=express,
        citizen_name="Десислава Колева",
        details="Писмо по пощата.",
        answers=answers,
        files=[(pdf("смъртен акт.pdf"), "application/pdf")],
    )
    assert citizen_request.variant == express
    assert (citizen_request.term_days, citizen_request.term_working_days) == (1, True)
    expected = due_date_for(
        received_on=citizen_request.received_on, term=Term(1, working_days=True)
    )
    assert citizen_request.due_on == expected.due_on
    assert citizen_request.answers.get().value == "x"
    attachment = citizen_request.attachments.get()
    assert attachment.original_name == "смъртен акт.pdf"
    assert attachment.uploaded_by == me  # received at the desk, by this clerk
    # The citizen's own document: shown on the citizen's tracking page as well.
    tracked = request_get_by_token(token=citizen_request.tracking_token)
    assert [a.pk for a in tracked.citizen_attachments] == [attachment.pk]


# --- Step 1: the service -------------------------------------------------------------


def test_choosing_a_service_leads_to_its_form(client, me, heirs):
    response = client.get(reverse("requests_app:staff-intake"))
    assert response.status_code == 200
    assert 'method="get"' in response.content.decode()
    assert heirs.name_en in response.content.decode()
    response = client.get(reverse("requests_app:staff-intake"), {"service": heirs.pk})
    assert response.status_code == 302
    assert response["Location"] == step_two(heirs)


def test_a_service_of_another_department_cannot_be_chosen(client, me):
    foreign = ServiceFactory(department=department())
    response = client.get(reverse("requests_app:staff-intake"), {"service": foreign.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert client.get(step_two(foreign)).status_code == 404


def test_an_inactive_service_has_no_intake_form(client, dep, me):
    inactive = ServiceFactory(department=dep, inactive=True)
    assert client.get(step_two(inactive)).status_code == 404


# --- Step 2: the service's form ------------------------------------------------------


def test_the_form_offers_the_variants_the_questions_and_documents(client, me, heirs):
    response = client.get(step_two(heirs))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Register a request: Certificate of heirs" in html
    assert 'enctype="multipart/form-data"' in html
    assert "Express service: 1 working day" in html
    assert "Ordinary service: 14 days" in html
    assert "Full name of the deceased" in html
    assert "Date of death" in html
    assert "For a court" in html
    assert 'type="file"' in html
    assert f'max="{timezone.localdate().isoformat()}"' in html  # no death tomorrow


def test_a_clerk_registers_a_request_with_a_variant_answers_and_a_file(
    client, me, heirs
):
    data = intake_data(heirs, attachments=[pdf("смъртен акт.pdf")])
    response = client.post(step_two(heirs), data)
    created = CitizenRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "requests_app:staff-request", kwargs={"pk": created.pk}
    )
    assert created.channel == Channel.DESK
    assert created.variant.code == "express"
    assert created.term_days == 1
    answers = {a.question.code: a.value for a in created.answers.all()}
    assert answers == {
        "deceased-name": "Петър Иванов Колев",
        "date-of-death": yesterday(),
        "purpose": "court",
    }
    attachment = created.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == me


def test_a_double_click_registers_once(client, me, heirs):
    form = client.get(step_two(heirs)).context["form"]
    key = form["submission_key"].value()
    assert key  # a fresh key in every form the clerk opens
    first = client.post(step_two(heirs), intake_data(heirs, submission_key=key))
    second = client.post(step_two(heirs), intake_data(heirs, submission_key=key))
    registered = CitizenRequest.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("requests_app:staff-request", kwargs={"pk": registered.pk})
    )
    other_key = client.get(step_two(heirs)).context["form"]["submission_key"].value()
    assert other_key != key
    client.post(step_two(heirs), intake_data(heirs, submission_key=other_key))
    assert CitizenRequest.objects.count() == 2  # a new form is a new request


def test_a_service_with_variants_needs_one_chosen(client, me, heirs):
    response = client.post(step_two(heirs), intake_data(heirs, variant=None))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CitizenRequest.objects.exists()


def test_a_date_of_death_in_2030_is_refused_and_the_typing_kept(client, me, heirs):
    data = intake_data(
        heirs, **{"question_date-of-death": "2030-01-01"}, attachments=[pdf()]
    )
    response = client.post(step_two(heirs), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date between 1 January 1850 and today." in html
    assert 'id="error-summary"' in html
    assert 'value="Десислава Колева"' in html
    assert 'value="Петър Иванов Колев"' in html
    # Browsers cannot keep files across a page load: the clerk is told to attach again.
    assert "please attach the files again" in html
    assert not CitizenRequest.objects.exists()


def test_the_date_error_is_in_bulgarian_on_bulgarian_pages(client, me, heirs):
    data = intake_data(heirs, **{"question_date-of-death": "2030-01-01"})
    response = client.post(step_two(heirs, "bg"), data)
    assert "Изберете дата между 1 януари 1850 г. и днес." in response.content.decode()


def test_a_required_question_left_empty_is_refused(client, me, heirs):
    data = intake_data(heirs, **{"question_deceased-name": ""})
    response = client.post(step_two(heirs), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CitizenRequest.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        pytest.param(
            upload("scan.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf"),
            "The file “scan.exe” is not a PDF, JPEG or PNG file",
            id="not-a-document",
        ),
        pytest.param(
            upload("scan.pdf", PNG_BYTES, "application/pdf"),
            "is named like a PDF file but its content is PNG",
            id="name-lies",
        ),
        pytest.param(upload("empty.pdf", b""), "is empty", id="empty"),
    ],
)
def test_a_file_is_checked_as_on_the_online_form(client, me, heirs, file, message):
    response = client.post(step_two(heirs), intake_data(heirs, attachments=[file]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CitizenRequest.objects.exists()


def test_too_many_files_are_refused(client, me, heirs, settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    files = [pdf(f"{n}.pdf") for n in range(3)]
    response = client.post(step_two(heirs), intake_data(heirs, attachments=files))
    assert "You may attach at most 2 files; you chose 3." in response.content.decode()
    assert not CitizenRequest.objects.exists()


def test_a_one_step_post_checks_the_services_own_part(client, me, heirs):
    """A POST of the whole form with the service in it, as before the two steps."""
    data = intake_data(heirs, service=heirs.pk, **{"question_deceased-name": ""})
    response = client.post(reverse("requests_app:staff-intake"), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CitizenRequest.objects.exists()
    response = client.post(
        reverse("requests_app:staff-intake"), intake_data(heirs, service=heirs.pk)
    )
    assert response.status_code == 302
    assert CitizenRequest.objects.get().variant.code == "express"


# --- Who may register ----------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES_WHO_REGISTER, *OTHER_ROLES])
def test_the_service_form_is_for_the_roles_that_register(client, dep, heirs, role):
    client.force_login(staff(role, dep))
    expected = 200 if role in ROLES_WHO_REGISTER else 404
    assert client.get(step_two(heirs)).status_code == expected


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_register_through_the_service_form(client, dep, heirs, role):
    client.force_login(staff(role, dep))
    response = client.post(step_two(heirs), intake_data(heirs))
    assert response.status_code == 404
    assert not CitizenRequest.objects.exists()


def test_the_service_form_needs_a_sign_in(client, heirs):
    response = client.get(step_two(heirs))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]
