"""The case page, its actions through HTTP, and desk intake (#3)."""

import datetime

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from requests_app.models import (
    Channel,
    CitizenRequest,
    EventKind,
    Notice,
    RequestAnswer,
)
from requests_app.roles import Role
from requests_app.services.casework import request_answer, request_note_add
from requests_app.workflow import Status

from .casework_helpers import (
    case,
    clerk,
    department,
    in_english,  # noqa: F401 -- autouse fixture
    reason,
    staff,
)
from .factories import AttachmentFactory, ServiceFactory, ServiceQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep, client):
    user = clerk(
        dep, first_name="Мария", last_name="Петрова", position_en="Legal adviser"
    )
    client.force_login(user)
    return user


def page_url(citizen_request) -> str:
    return reverse("requests_app:staff-request", kwargs={"pk": citizen_request.pk})


def action_url(citizen_request, action: str) -> str:
    return reverse(
        "requests_app:staff-request-action",
        kwargs={"pk": citizen_request.pk, "action": action},
    )


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_case_page_shows_everything_about_the_request(client, dep, me):
    citizen_request = case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        citizen_name="Георги Димитров",
        citizen_email="georgi@example.org",
    )
    question = ServiceQuestionFactory(service=citizen_request.service)
    RequestAnswer.objects.create(
        request=citizen_request, question=question, value="68134.905.12"
    )
    AttachmentFactory(request=citizen_request, original_name="скица.pdf")
    request_note_add(citizen_request=citizen_request, by=me, text="Тайна бележка")
    request_answer(citizen_request=citizen_request, by=me, text="Готово е.")
    body = client.get(page_url(citizen_request)).content.decode()
    assert "Георги Димитров" in body
    assert "georgi@example.org" in body
    assert "68134.905.12" in body
    assert "Download скица.pdf" in body
    assert "How the due date was computed" in body
    assert "Тайна бележка" in body
    assert "Internal" in body
    assert "Citizen sees this" in body
    assert "E-mail to georgi@example.org" in body  # the notice and its state
    assert "Waiting to be sent" in body or "Sent " in body
    assert "Мария Петрова, Legal adviser" in body  # who, with position


def test_the_case_page_query_count_does_not_grow_with_the_timeline(client, dep, me):
    small = case(service__department=dep, status=Status.IN_PROGRESS, assigned_to=me)
    large = case(service__department=dep, status=Status.IN_PROGRESS, assigned_to=me)
    for n in range(15):
        request_note_add(citizen_request=large, by=me, text=f"Бележка {n}")
        AttachmentFactory(request=large)
    client.get(page_url(small))

    def count(citizen_request) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(citizen_request)).status_code == 200
        return len(queries)

    assert count(small) == count(large)


def test_a_notice_that_failed_shows_its_delivery_state(client, dep, me):
    citizen_request = case(service__department=dep, assigned_to=me)
    Notice.objects.create(
        kind="status",
        request=citizen_request,
        recipient="citizen@example.org",
        subject="Статус",
        body="…",
        attempts=2,
        last_error="SMTPServerDisconnected: down",
    )
    body = client.get(page_url(citizen_request)).content.decode()
    assert "Not delivered yet (2 attempts): SMTPServerDisconnected: down" in body


def test_taking_through_the_page(client, dep, me):
    citizen_request = case(service__department=dep)
    response = client.post(action_url(citizen_request, "take"))
    assert response.status_code == 302
    assert response["Location"] == page_url(citizen_request)
    assert flash(response) == ["You have taken the case."]
    citizen_request.refresh_from_db()
    assert citizen_request.assigned_to == me


def test_taking_a_case_someone_has_says_who(client, dep, me):
    colleague = clerk(dep, first_name="Иван", last_name="Стоянов")
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=colleague
    )
    response = client.post(action_url(citizen_request, "take"))
    assert flash(response) == [
        f"Иван Стоянов has already taken request {citizen_request.registry_number}."
    ]
    citizen_request.refresh_from_db()
    assert citizen_request.assigned_to == colleague


def test_a_forged_post_of_a_forbidden_action_gets_a_clear_error_and_changes_nothing(
    client, dep, me
):
    citizen_request = case(service__department=dep, assigned_to=me)  # submitted
    response = client.post(action_url(citizen_request, "close"), {"close-text": ""})
    assert response.status_code == 302
    (message,) = flash(response)
    assert "“Close as delivered” is not possible" in message
    assert "Nothing was changed" in message
    citizen_request.refresh_from_db()
    assert citizen_request.status == Status.SUBMITTED


@pytest.mark.usefixtures("on_filing_day")
def test_the_page_offers_only_the_allowed_actions(client, dep, me):
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=me
    )
    body = client.get(page_url(citizen_request)).content.decode()
    for offered in [
        "assign",
        "refer",
        "suspend",
        "note",
        "answer",
        "close",
        "reject",
        "extend",
    ]:
        assert f'id="action-{offered}"' in body
    assert 'id="action-take"' not in body
    waiting = case(
        service__department=dep, status=Status.WAITING_FOR_CITIZEN, assigned_to=me
    )
    body = client.get(page_url(waiting)).content.decode()
    assert 'id="action-close"' not in body
    assert 'id="action-suspend"' not in body


def test_an_unknown_action_is_404_and_get_is_refused(client, dep, me):
    citizen_request = case(service__department=dep, assigned_to=me)
    assert client.post(action_url(citizen_request, "delete")).status_code == 404
    assert client.get(action_url(citizen_request, "take")).status_code == 405


def test_an_invalid_form_shows_the_error_beside_the_field(client, dep, me):
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=me
    )
    response = client.post(action_url(citizen_request, "reject"), {"reject-text": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert 'id="action-reject" open' in body
    citizen_request.refresh_from_db()
    assert citizen_request.status == Status.IN_PROGRESS


def test_extending_through_the_page(client, dep, me):
    citizen_request = case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        due_on=datetime.date(2030, 12, 3),
    )
    legal = reason()
    response = client.post(
        action_url(citizen_request, "extend"),
        {
            "extend-new_due_on": "2030-12-10",
            "extend-reason": legal.pk,
            "extend-text": "Проверка на място.",
        },
    )
    assert flash(response) == ["The term is extended and the citizen is told."]
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == datetime.date(2030, 12, 10)
    body = client.get(page_url(citizen_request)).content.decode()
    assert "Since then the due date moved:" in body
    assert "Term extended: 3 December 2030 → 10 December 2030" in body


def test_an_extension_past_the_maximum_is_explained(client, dep, me):
    citizen_request = case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        due_on=datetime.date(2030, 12, 3),
    )
    response = client.post(
        action_url(citizen_request, "extend"),
        {"extend-new_due_on": "2031-03-03", "extend-reason": reason().pk},
    )
    (message,) = flash(response)
    assert "at most 14 more days" in message


def test_referral_through_the_page(client, dep, me):
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=me
    )
    head = staff(Role.HEAD, dep)
    response = client.post(
        action_url(citizen_request, "refer"),
        {"refer-to_user": head.pk, "refer-reason": "По-компетентен"},
    )
    assert flash(response) == ["The case is referred."]
    citizen_request.refresh_from_db()
    assert citizen_request.assigned_to == head


def test_referral_with_both_targets_is_a_form_error(client, dep, me):
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=me
    )
    response = client.post(
        action_url(citizen_request, "refer"),
        {
            "refer-to_user": staff(Role.HEAD, dep).pk,
            "refer-to_department": department().pk,
            "refer-reason": "x",
        },
    )
    assert response.status_code == 400
    assert "either a colleague or a department" in response.content.decode()


def test_intake_registers_a_desk_request(client, dep, me):
    service = ServiceFactory(department=dep)
    response = client.get(reverse("requests_app:staff-intake"))
    assert response.status_code == 200
    response = client.post(
        reverse("requests_app:staff-intake"),
        {
            "service": service.pk,
            "channel": Channel.PHONE,
            "citizen_name": "Десислава Колева",
            "citizen_email": "",
            "language": "bg",
            "details": "Обаждане по телефона.",
        },
    )
    created = CitizenRequest.objects.get(citizen_name="Десислава Колева")
    assert response.status_code == 302
    assert response["Location"] == page_url(created)
    assert created.channel == Channel.PHONE
    assert created.events.get(kind=EventKind.STATUS).actor == me


def test_intake_offers_only_the_services_of_my_departments(client, dep, me):
    foreign = ServiceFactory(department=department())
    response = client.post(
        reverse("requests_app:staff-intake"),
        {
            "service": foreign.pk,
            "channel": Channel.DESK,
            "citizen_name": "X",
            "language": "bg",
            "details": "x",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CitizenRequest.objects.exists()


def test_after_referring_a_case_to_another_department_the_clerk_returns_to_the_queue(
    client, dep, me
):
    citizen_request = case(
        service__department=dep, status=Status.IN_PROGRESS, assigned_to=me
    )
    response = client.post(
        action_url(citizen_request, "refer"),
        {"refer-to_department": department().pk, "refer-reason": "Не е наша"},
    )
    assert response["Location"] == reverse("requests_app:staff-queue")
    assert client.get(page_url(citizen_request)).status_code == 404
