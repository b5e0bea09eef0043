"""The clerk's actions on a case, each a service with timeline and audit (#3)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from requests_app.errors import ServiceError
from requests_app.models import (
    AuditEntry,
    Channel,
    EventKind,
    Extension,
    Notice,
    RequestEvent,
)
from requests_app.roles import Role
from requests_app.services.casework import (
    request_answer,
    request_assign,
    request_citizen_reply,
    request_close,
    request_extend,
    request_intake,
    request_note_add,
    request_refer,
    request_reject,
    request_suspend,
    request_take,
)
from requests_app.services.casework.common import (
    ActionNotAllowed,
    AlreadyTaken,
    ExtensionNotAllowed,
    ReferralNotAllowed,
)
from requests_app.workflow import Status

from .casework_helpers import (  # noqa: F401 -- in_english is an autouse fixture
    TODAY,
    case,
    clerk,
    department,
    in_english,
    reason,
    staff,
)
from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


def audit_actions(citizen_request) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(citizen_request.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep):
    return clerk(
        dep, first_name="Мария", last_name="Петрова", position_bg="Юрисконсулт"
    )


@pytest.fixture
def working(dep, me):
    """A case in progress, assigned to `me`."""
    return case(service__department=dep, status=Status.IN_PROGRESS, assigned_to=me)


# --- take and assign ---------------------------------------------------------------


def test_taking_a_submitted_case_assigns_it_and_starts_work(dep, me):
    citizen_request = case(service__department=dep)
    taken = request_take(citizen_request=citizen_request, by=me)
    assert taken.assigned_to == me
    assert taken.status == Status.IN_PROGRESS
    kinds = list(taken.events.values_list("kind", flat=True))
    assert EventKind.ASSIGNMENT in kinds
    assert EventKind.STATUS in kinds
    assert audit_actions(taken) == ["request.taken", "request.status"]


def test_a_case_taken_by_a_colleague_cannot_be_taken_and_says_by_whom(dep, me):
    colleague = clerk(dep, first_name="Иван", last_name="Стоянов")
    citizen_request = case(service__department=dep)
    request_take(citizen_request=citizen_request, by=colleague)
    with pytest.raises(AlreadyTaken, match="Иван Стоянов"):
        request_take(citizen_request=citizen_request, by=me)
    citizen_request.refresh_from_db()
    assert citizen_request.assigned_to == colleague


def test_a_case_can_be_assigned_to_a_colleague_of_the_department(dep, me, working):
    colleague = clerk(dep)
    assigned = request_assign(citizen_request=working, clerk=colleague, by=me)
    assert assigned.assigned_to == colleague
    assert "request.assigned" in audit_actions(working)


def test_a_case_cannot_be_assigned_outside_its_department(dep, me, working):
    stranger = clerk(department())
    with pytest.raises(ActionNotAllowed, match="does not work in the department"):
        request_assign(citizen_request=working, clerk=stranger, by=me)
    working.refresh_from_db()
    assert working.assigned_to == me


def test_a_clerk_cannot_act_on_a_colleagues_case_but_the_head_can(dep, working):
    other = clerk(dep)
    with pytest.raises(ActionNotAllowed, match="Nothing was changed"):
        request_answer(citizen_request=working, by=other, text="Отговор")
    head = staff(Role.HEAD, dep)
    event = request_answer(citizen_request=working, by=head, text="Отговор")
    assert event.is_public is True


# --- referral ----------------------------------------------------------------------


def test_referral_to_a_senior_expert_shows_name_and_position_publicly(dep, me, working):
    senior = staff(
        Role.SENIOR,
        dep,
        first_name="Елена",
        last_name="Колева",
        position_bg="Главен експерт",
    )
    referred = request_refer(
        citizen_request=working, by=me, to_user=senior, reason="Сложен случай"
    )
    assert referred.assigned_to == senior
    public = referred.events.get(kind=EventKind.REFERRAL)
    assert public.is_public is True
    assert "Елена Колева" in public.text
    assert "Главен експерт" in public.text
    assert "Сложен случай" not in public.text
    note = referred.events.get(kind=EventKind.NOTE)
    assert note.is_public is False
    assert note.text == "Сложен случай"
    assert "request.referred" in audit_actions(working)


def test_referral_to_another_department_moves_and_unassigns_the_case(me, working):
    other = department()
    referred = request_refer(
        citizen_request=working, by=me, to_department=other, reason="Не е наша"
    )
    assert referred.department == other
    assert referred.assigned_to is None
    # In the citizen's language (Bulgarian here).
    assert other.name_bg in referred.events.get(kind=EventKind.REFERRAL).text


def test_referral_needs_one_target_and_a_reason(me, working):
    with pytest.raises(ReferralNotAllowed, match="one colleague or one department"):
        request_refer(citizen_request=working, by=me, reason="x")
    other = department()
    with pytest.raises(ReferralNotAllowed, match="reason"):
        request_refer(citizen_request=working, by=me, to_department=other, reason=" ")


def test_referral_to_a_plain_clerk_is_refused(dep, me, working):
    with pytest.raises(ReferralNotAllowed, match="not a senior expert or head"):
        request_refer(
            citizen_request=working, by=me, to_user=clerk(dep), reason="Причина"
        )


# --- suspension and the citizen's reply ----------------------------------------------


def test_asking_for_documents_suspends_the_term_and_tells_the_citizen(
    me, working, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        suspended = request_suspend(
            citizen_request=working,
            by=me,
            text="Моля, приложете скица на имота.",
            today=TODAY,
        )
    assert suspended.status == Status.WAITING_FOR_CITIZEN
    assert suspended.suspended_on == TODAY
    assert suspended.events.filter(kind=EventKind.SUSPENSION, is_public=True).exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [working.citizen_email]
    assert "скица на имота" in mail.body
    assert working.tracking_token in mail.body
    assert "request.suspended" in audit_actions(working)


def test_documents_cannot_be_asked_for_before_work_starts(dep, me):
    submitted = case(service__department=dep, assigned_to=me)
    with pytest.raises(ActionNotAllowed, match="Ask for missing documents"):
        request_suspend(citizen_request=submitted, by=me, text="Скица", today=TODAY)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.suspended_on is None


def test_the_citizens_reply_resumes_the_term_and_moves_the_due_date(
    me, working, django_capture_on_commit_callbacks, mailoutbox
):
    due = working.due_on
    request_suspend(citizen_request=working, by=me, text="Скица", today=TODAY)
    upload = SimpleUploadedFile("скица.pdf", b"%PDF-1.4\n%%EOF\n")
    replied_on = TODAY + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = request_citizen_reply(
            citizen_request=working,
            text="Прилагам скицата.",
            files=[(upload, "application/pdf")],
            today=replied_on,
        )
    assert resumed.status == Status.IN_PROGRESS
    assert resumed.suspended_on is None
    assert resumed.due_on >= due + datetime.timedelta(days=5)
    assert resumed.attachments.get().original_name == "скица.pdf"
    reply = resumed.events.get(kind=EventKind.CITIZEN_REPLY)
    assert reply.is_public is True
    assert reply.text == "Прилагам скицата."
    resumption = resumed.events.get(kind=EventKind.RESUMPTION)
    assert resumption.data["old_due_on"] == due.isoformat()
    assert resumption.data["new_due_on"] == resumed.due_on.isoformat()
    assert "5" in resumption.text
    assert [m.to for m in mailoutbox] == [[me.email]]  # the clerk hears of it


def test_a_reply_to_a_closed_request_is_refused(dep):
    closed = case(service__department=dep, closed=True)
    with pytest.raises(ActionNotAllowed, match="closed"):
        request_citizen_reply(citizen_request=closed, text="Още нещо")


def test_an_empty_reply_is_refused(me, working):
    request_suspend(citizen_request=working, by=me, text="Скица", today=TODAY)
    with pytest.raises(ActionNotAllowed, match="Write an answer"):
        request_citizen_reply(citizen_request=working, text="  ")


# --- notes, answers, closing --------------------------------------------------------


def test_an_internal_note_is_never_public_and_sends_nothing(me, working):
    event = request_note_add(citizen_request=working, by=me, text="Да се провери")
    assert event.is_public is False
    assert not Notice.objects.filter(request=working).exists()


def test_the_answer_is_signed_with_name_and_position_and_e_mailed(
    me, working, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        event = request_answer(
            citizen_request=working, by=me, text="Удостоверението е готово."
        )
    assert event.is_public is True
    assert event.text.endswith("— Мария Петрова, Юрисконсулт")
    assert "Мария Петрова, Юрисконсулт" in mailoutbox[0].body
    assert "request.answered" in audit_actions(working)


def test_closing_is_terminal(me, working):
    closed = request_close(citizen_request=working, by=me)
    assert closed.status == Status.CLOSED
    assert closed.closed_at is not None
    with pytest.raises(ActionNotAllowed, match="Close as delivered"):
        request_close(citizen_request=closed, by=me)


def test_rejection_needs_a_reason_the_citizen_reads(me, working):
    with pytest.raises(ActionNotAllowed, match="reason"):
        request_reject(citizen_request=working, by=me, reason="")
    rejected = request_reject(
        citizen_request=working, by=me, reason="Имотът не е в общината."
    )
    assert rejected.status == Status.REJECTED
    event = rejected.events.get(kind=EventKind.STATUS, to_status=Status.REJECTED)
    assert event.is_public is True
    assert event.text == "Имотът не е в общината."


# --- extension ---------------------------------------------------------------------

DUE = datetime.date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def due_case(dep, me):
    return case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        original_due_on=DUE,
        due_on=DUE,
        language="en",
    )


def test_an_extension_moves_the_due_date_and_tells_the_citizen_at_once(
    me, due_case, django_capture_on_commit_callbacks, mailoutbox
):
    legal = reason()
    with django_capture_on_commit_callbacks(execute=True):
        extension = request_extend(
            citizen_request=due_case,
            by=me,
            new_due_on=datetime.date(2026, 12, 10),
            reason=legal,
            text="We must visit the site.",
            today=TODAY,
        )
    due_case.refresh_from_db()
    assert due_case.due_on == datetime.date(2026, 12, 10)
    assert extension.old_due_on == DUE
    assert extension.is_late is False
    mail = mailoutbox[0]
    assert mail.to == [due_case.citizen_email]
    assert "An on-site inspection is needed" in mail.body
    assert "1 December 2026" in mail.body
    assert "10 December 2026" in mail.body
    assert "We must visit the site." in mail.body
    assert "request.extended" in audit_actions(due_case)
    event = due_case.events.get(kind=EventKind.EXTENSION)
    assert event.is_public is True


def test_an_extension_on_the_due_date_is_allowed_but_late(me, due_case):
    extension = request_extend(
        citizen_request=due_case,
        by=me,
        new_due_on=datetime.date(2026, 12, 8),
        reason=reason(),
        today=DUE,
    )
    assert extension.is_late is True


@pytest.mark.parametrize(
    ("new_due_on", "message"),
    [
        pytest.param(DUE, "must be after", id="same-day"),
        pytest.param(datetime.date(2026, 11, 30), "must be after", id="earlier"),
        pytest.param(datetime.date(2026, 12, 16), "at most 14", id="past-maximum"),
        pytest.param(datetime.date(2026, 12, 12), "not a working day", id="saturday"),
    ],
)
def test_an_extension_outside_the_rules_is_refused(me, due_case, new_due_on, message):
    with pytest.raises(ExtensionNotAllowed, match=message):
        request_extend(
            citizen_request=due_case,
            by=me,
            new_due_on=new_due_on,
            reason=reason(),
            today=TODAY,
        )
    due_case.refresh_from_db()
    assert due_case.due_on == DUE
    assert not Extension.objects.exists()


def test_a_service_without_extensions_cannot_be_extended(dep, me):
    service = ServiceFactory(department=dep, max_extension_days=0)
    citizen_request = case(service=service, status=Status.IN_PROGRESS, assigned_to=me)
    with pytest.raises(ActionNotAllowed, match="Extend the term"):
        request_extend(
            citizen_request=citizen_request,
            by=me,
            new_due_on=citizen_request.due_on + datetime.timedelta(days=1),
            reason=reason(),
        )


# --- intake ------------------------------------------------------------------------


def test_intake_registers_with_the_channel_numbering_and_acknowledgement(
    dep, me, django_capture_on_commit_callbacks, mailoutbox
):
    service = ServiceFactory(department=dep)
    with django_capture_on_commit_callbacks(execute=True):
        citizen_request = request_intake(
            by=me,
            service=service,
            citizen_name="Георги Димитров",
            citizen_email="georgi@example.org",
            details="Подадено на гише 3.",
            channel=Channel.DESK,
        )
    assert citizen_request.channel == Channel.DESK
    assert citizen_request.registry_number.startswith(dep.registry_index)
    assert [m.to for m in mailoutbox] == [["georgi@example.org"]]
    assert (
        RequestEvent.objects.get(request=citizen_request, kind=EventKind.STATUS).actor
        == me
    )


def test_intake_for_another_departments_service_is_refused(me):
    service = ServiceFactory(department=department())
    with pytest.raises(ServiceError, match="department you do not work in"):
        request_intake(
            by=me,
            service=service,
            citizen_name="Георги",
            details="x",
            channel=Channel.PHONE,
        )


def test_intake_cannot_pretend_to_be_online(dep, me):
    with pytest.raises(ServiceError, match="desk, the phone or the post"):
        request_intake(
            by=me,
            service=ServiceFactory(department=dep),
            citizen_name="Георги",
            details="x",
            channel=Channel.ONLINE,
        )


# --- demo data ---------------------------------------------------------------------


def test_the_demo_has_extension_reasons_and_cases_in_every_state_once():
    from requests_app.demo.casework import casework_demo_load
    from requests_app.demo.loader import demo_load
    from requests_app.models import CitizenRequest, ExtensionReason

    demo_load(with_accounts=True)
    first = casework_demo_load(today=TODAY)
    second = casework_demo_load(today=TODAY)
    assert (first.cases, second.cases) == (7, 0)
    assert ExtensionReason.objects.filter(is_active=True).count() == first.reasons
    statuses = set(CitizenRequest.objects.values_list("status", flat=True))
    assert statuses == set(Status)
    assert Extension.objects.count() == 1
    assert not Notice.objects.filter(sent_at__isnull=True).exists()


# --- with a real worker (CI: PostgreSQL + Redis) -----------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_extension_notice(client, celery_worker_process):
    """The extension commits, the worker e-mails the reason and both dates (#3)."""
    dep = department()
    me = clerk(dep)
    citizen_request = case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        due_on=DUE,
        language="en",
    )
    legal = reason()
    client.force_login(me)
    response = client.post(
        f"/en/staff/requests/{citizen_request.pk}/extend/",
        {
            "extend-new_due_on": "2026-12-10",
            "extend-reason": legal.pk,
            "extend-text": "We must visit the site.",
        },
    )
    assert response.status_code == 302
    message = celery_worker_process.mailbox.wait_for(
        lambda m: "extended" in m["Subject"]
    )
    assert message["X-Envelope-To"] == citizen_request.citizen_email
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "An on-site inspection is needed" in body
    assert "1 December 2026" in body
    assert "10 December 2026" in body
