"""The clerk's actions on a case, each a service with timeline and audit (#3)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from requests_app.errors import ServiceError
from requests_app.forms.casework import ExtendForm
from requests_app.models import (
    AuditEntry,
    Channel,
    EventKind,
    Extension,
    Notice,
    RequestEvent,
)
from requests_app.roles import Role
from requests_app.selectors.case import case_actions_for, case_due_moves
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
from requests_app.workflow import Action, Status

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
    # The citizen is told, the way they chose, whom the case went to, not why (#16).
    notice = Notice.objects.get(request=working, kind="referral")
    assert notice.channel == working.notify_by
    assert "Елена Колева, Главен експерт" in notice.body
    assert "Сложен случай" not in notice.body
    assert notice.body.rstrip().endswith(f"/bg/track/{working.tracking_token}/")
    assert notice.signed_by == me


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
    assert "limited to 14 days after the original due date" in mail.body
    assert "15 December 2026" in mail.body
    assert "request.extended" in audit_actions(due_case)
    event = due_case.events.get(kind=EventKind.EXTENSION)
    assert event.is_public is True


def test_an_extension_on_the_due_date_itself_is_in_time(me, due_case):
    """The term runs until the end of its last day: extending then is not late (#11)."""
    extension = request_extend(
        citizen_request=due_case,
        by=me,
        new_due_on=datetime.date(2026, 12, 8),
        reason=reason(),
        today=DUE,
    )
    assert extension.is_late is False


def extend_to(citizen_request, by, day: datetime.date, **kwargs) -> Extension:
    return request_extend(
        citizen_request=citizen_request,
        by=by,
        new_due_on=day,
        reason=kwargs.pop("legal", None) or reason(),
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


def test_repeated_extensions_cannot_pass_the_original_date_plus_the_maximum(
    me, due_case
):
    """Four extensions of a 14-day maximum stay within 14 days of the original (#11)."""
    for day in (4, 8, 15):  # 3 + 4 + 7 days: the whole 14 days are used
        extend_to(due_case, me, datetime.date(2026, 12, day))
    with pytest.raises(ExtensionNotAllowed, match="15 December 2026"):
        extend_to(due_case, me, datetime.date(2026, 12, 22))
    due_case.refresh_from_db()
    assert due_case.due_on == datetime.date(2026, 12, 15)
    assert due_case.extensions.count() == 3


def test_a_suspension_moves_the_bound_with_the_due_date(dep, me):
    """Days the clock stood still neither use up nor add extension days (#11)."""
    suspended = case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        original_due_on=DUE,
        due_on=datetime.date(2026, 12, 8),  # a 7-day suspension moved it
    )
    extend_to(suspended, me, datetime.date(2026, 12, 15))
    with pytest.raises(ExtensionNotAllowed, match="22 December 2026"):
        extend_to(suspended, me, datetime.date(2026, 12, 23))
    extend_to(suspended, me, datetime.date(2026, 12, 22))
    suspended.refresh_from_db()
    assert suspended.due_on == datetime.date(2026, 12, 22)


AFTER_DUE = datetime.date(2026, 12, 2)


def test_a_clerk_cannot_extend_after_the_due_date(me, due_case):
    """Once the due date has passed, a clerk is told only the head may extend (#11)."""
    with pytest.raises(ExtensionNotAllowed, match="only the head of the department"):
        extend_to(
            due_case,
            me,
            datetime.date(2026, 12, 8),
            text="Забавихме се.",
            today=AFTER_DUE,
        )
    due_case.refresh_from_db()
    assert due_case.due_on == DUE
    assert not Extension.objects.exists()


def test_a_head_of_another_department_cannot_extend_late(dep, due_case):
    other_head = staff(Role.HEAD, department())
    senior = staff(Role.SENIOR, dep)
    for person in (other_head, senior):
        with pytest.raises(ExtensionNotAllowed, match="only the head"):
            extend_to(
                due_case,
                person,
                datetime.date(2026, 12, 8),
                text="Late.",
                today=AFTER_DUE,
            )
    assert not Extension.objects.exists()


def test_the_head_extends_late_with_a_reason_and_it_is_marked_late(
    dep, due_case, django_capture_on_commit_callbacks, mailoutbox
):
    """The head may extend after the due date, with an explanation; late (#11)."""
    head = staff(Role.HEAD, dep)
    with pytest.raises(ExtensionNotAllowed, match="explain"):
        extend_to(due_case, head, datetime.date(2026, 12, 8), today=AFTER_DUE)
    with django_capture_on_commit_callbacks(execute=True):
        extension = extend_to(
            due_case,
            head,
            datetime.date(2026, 12, 8),
            text="The expert opinion arrived late.",
            today=AFTER_DUE,
        )
    assert extension.is_late is True
    event = due_case.events.get(kind=EventKind.EXTENSION)
    assert "the head of the department extended it late" in event.text
    assert event.data["is_late"] is True
    mail = mailoutbox[0]
    assert mail.to == [due_case.citizen_email]
    assert "the head of the department extended it late" in mail.body
    assert "The expert opinion arrived late." in mail.body


def test_the_case_moves_say_the_dates_reason_limit_and_lateness(
    client, dep, me, due_case
):
    """The case page's "due date moved" list explains each extension (#11)."""
    head = staff(Role.HEAD, dep)
    legal = reason()
    extend_to(due_case, me, datetime.date(2026, 12, 8), legal=legal)
    extend_to(
        due_case,
        head,
        datetime.date(2026, 12, 15),
        legal=legal,
        text="Late.",
        today=datetime.date(2026, 12, 9),
    )
    first, second = case_due_moves(citizen_request=due_case)
    assert first.lines == [
        "The due date was extended from Tuesday, 1 December 2026 to Tuesday, "
        "8 December 2026.",
        "Reason: An on-site inspection is needed",
        "Extensions are limited to 14 days after the original due date, Tuesday, "
        "1 December 2026: at most until Tuesday, 15 December 2026.",
    ]
    assert second.lines[-1] == (
        "The due date had already passed: the head of the department extended it late."
    )
    client.force_login(head)
    page = client.get(f"/en/staff/requests/{due_case.pk}/").content.decode()
    assert "limited to 14 days after the original due date" in page
    assert "the head of the department extended it late" in page


def test_the_extend_form_shows_the_latest_date_allowed(me, due_case):
    """The help text gives the bound from the original date, not the current (#11)."""
    form = ExtendForm(citizen_request=due_case, prefix="extend")
    assert form.fields["new_due_on"].help_text == "At most until 15 December 2026."
    extend_to(due_case, me, datetime.date(2026, 12, 8))
    due_case.refresh_from_db()
    form = ExtendForm(citizen_request=due_case, prefix="extend")
    assert form.fields["new_due_on"].help_text == "At most until 15 December 2026."


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


@pytest.mark.usefixtures("on_filing_day")
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
    assert (first.cases, second.cases) == (8, 0)
    assert ExtensionReason.objects.filter(is_active=True).count() == first.reasons
    statuses = set(CitizenRequest.objects.values_list("status", flat=True))
    assert statuses == set(Status)
    assert Extension.objects.count() == 1
    # Nothing goes to the demo citizens, except the letters of the one who asked for
    # letters: they wait among the letters to post (#16).
    waiting = Notice.objects.filter(sent_at__isnull=True)
    assert set(waiting.values_list("channel", "kind")) == {
        ("post", "acknowledgement"),
        ("post", "status:in_progress"),
        ("post", "message:request_documents"),
    }


# --- with a real worker (CI: PostgreSQL + Redis) -----------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_extension_notice(
    client, celery_worker_process, monkeypatch
):
    """The extension commits, the worker e-mails the reason and both dates (#3).

    The clerk extends on the due day itself (after it, only the head may): the page
    runs in this process, so its "today" is set; the worker only sends."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *a, **k: DUE if value is None else real_localdate(value),
    )
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


def test_after_the_due_date_only_the_head_is_offered_the_extension(
    monkeypatch, dep, me, due_case
):
    """The case page offers a late extension only to whom the service allows it."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER_DUE)
    head = staff(Role.HEAD, dep)

    assert (
        case_actions_for(viewer=me, citizen_request=due_case).allows(Action.EXTEND)
        is False
    )
    assert (
        case_actions_for(viewer=head, citizen_request=due_case).allows(Action.EXTEND)
        is True
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DUE)
    assert (
        case_actions_for(viewer=me, citizen_request=due_case).allows(Action.EXTEND)
        is True
    )
