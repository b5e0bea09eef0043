"""Services of the feedback app: filing, terms, officers' actions, surveys (#4)."""

import datetime
import re

from django.core import mail
from django.utils import timezone

import pytest

from feedback import services
from feedback.codes import RECEIPT_ALPHABET, receipt_hash
from feedback.models import (
    Complaint,
    ComplaintStatus,
    FollowUpItem,
    SuggestionStatus,
    SurveyInvitation,
    SurveyResponse,
)
from requests_app.models import Notice
from requests_app.roles import Role
from requests_app.services import request_transition
from requests_app.workflow import Status
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    StaffFactory,
)

from .factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
)

pytestmark = pytest.mark.django_db


def test_receipt_code_has_80_bits_in_readable_groups():
    code = services.receipt_code_new()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert set(code.replace("-", "")) <= set(RECEIPT_ALPHABET)
    assert len(RECEIPT_ALPHABET) == 32  # 16 symbols x 5 bits = 80 bits
    assert not set("ILOU") & set(RECEIPT_ALPHABET)


def test_receipt_code_is_forgiving_when_typed_back():
    """Lower case, spaces and O/I read for 0/1 still find the case (#4)."""
    assert receipt_hash("0A1B-2C3D-4E5F-6G7H") == receipt_hash("oa ib 2c3d4e5f6g7h")


def test_filing_stores_the_hash_only_and_keeps_a_proof_for_one_download():
    kind = ComplaintKindFactory()
    complaint, code = services.complaint_file(
        kind=kind, body="Грубо отношение на гише 2.", contact_email="m@example.org"
    )
    assert code not in str(Complaint.objects.values().get(pk=complaint.pk))
    assert complaint.receipt_hash == receipt_hash(code)
    pdf = services.complaint_proof_take(complaint_id=complaint.pk)
    assert pdf.startswith(b"%PDF")
    assert services.complaint_proof_take(complaint_id=complaint.pk) is None


def test_filing_e_mails_the_proof_without_linking_the_request(
    django_capture_on_commit_callbacks,
):
    """The clerk of the case must not see the receipt in the request's history."""
    citizen_request = CitizenRequestFactory(assigned=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_file(
            kind=ComplaintKindFactory(),
            body="Чакам от месец.",
            contact_email="m@example.org",
            registry_number=citizen_request.registry_number,
        )
    notice = Notice.objects.get(kind="complaint_receipt")
    assert notice.request is None
    assert bytes(notice.attachment_content).startswith(b"%PDF")
    assert [m.to for m in mail.outbox] == [["m@example.org"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_complaint_about_a_case_names_its_clerk_and_department():
    citizen_request = CitizenRequestFactory(assigned=True)
    complaint, _code = services.complaint_file(
        kind=ComplaintKindFactory(),
        body="Отказаха ми.",
        registry_number=citizen_request.registry_number,
    )
    assert complaint.request == citizen_request
    assert complaint.named_clerk == citizen_request.assigned_to
    assert complaint.department == citizen_request.department


def test_unknown_registry_number_is_refused():
    with pytest.raises(services.FeedbackError, match="No request has this"):
        services.complaint_file(
            kind=ComplaintKindFactory(), body="Текст", registry_number="1-2/3"
        )


def test_anonymous_signal_is_not_processed():
    """АПК art. 111(4): anonymous proposals and signals are refused (#4)."""
    with pytest.raises(services.FeedbackError, match="111"):
        services.complaint_file(kind=ComplaintKindFactory(signal=True), body="Текст")


def test_anonymous_complaint_is_accepted():
    complaint, _code = services.complaint_file(
        kind=ComplaintKindFactory(), body="Текст"
    )
    assert complaint.contact_name == ""


def test_terms_come_from_the_kind_and_the_work_calendar():
    """A signal filed on 24 Nov 2026: acknowledge by 1 Dec, decide by 25 Jan 2027."""
    complaint, _code = services.complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body="Нередност",
        contact_name="Иван Стоянов",
        contact_email="i@example.org",
        received_on=datetime.date(2026, 11, 24),
    )
    assert complaint.acknowledge_due_on == datetime.date(2026, 12, 1)
    # 24 Jan 2027 is a Sunday: the term moves to Monday.
    assert complaint.decide_due_on == datetime.date(2027, 1, 25)


def test_officer_acknowledges_asks_decides_and_closes(
    django_capture_on_commit_callbacks,
):
    officer = StaffFactory(role=Role.OFFICER)
    complaint = ComplaintFactory(contact_email="filer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_acknowledge(complaint=complaint, by=officer)
        services.complaint_request_info(complaint=complaint, by=officer, text="Кога?")
        services.complaint_add_info(complaint=complaint, text="На 3 ноември.")
        services.complaint_decide(
            complaint=complaint, by=officer, answer="Основателна."
        )
        services.complaint_close(complaint=complaint, by=officer)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.acknowledged_on == timezone.localdate()
    assert complaint.answer == "Основателна."
    sent = [m.subject for m in mail.outbox if m.to == ["filer@example.org"]]
    assert len(sent) == 3  # acknowledged, asked for information, answered
    assert any("Основателна." in m.body for m in mail.outbox)


def test_closed_case_cannot_be_answered_again():
    officer = StaffFactory(role=Role.OFFICER)
    complaint = ComplaintFactory(status=ComplaintStatus.CLOSED)
    with pytest.raises(services.FeedbackError, match="cannot become"):
        services.complaint_decide(complaint=complaint, by=officer, answer="Още")


def test_named_clerk_cannot_act_even_as_officer():
    clerk = StaffFactory(role=Role.OFFICER)
    complaint = ComplaintFactory(named_clerk=clerk)
    with pytest.raises(services.FeedbackError, match="cannot act"):
        services.complaint_acknowledge(complaint=complaint, by=clerk)


def test_reminders_are_sent_once_per_term():
    """Running the reminder job twice sends nothing new (#4)."""
    officer = StaffFactory(role=Role.OFFICER, email="officer@example.org")
    today = timezone.localdate()
    ComplaintFactory(acknowledge_due_on=today + datetime.timedelta(days=1))
    ComplaintFactory(acknowledge_due_on=today + datetime.timedelta(days=20))
    assert services.complaint_reminders_send(today=today) == 1
    assert services.complaint_reminders_send(today=today) == 0
    notice = Notice.objects.get(kind="complaint_reminder_acknowledge")
    assert notice.recipient == officer.email
    assert "Служителят" not in notice.body  # no confidential text in e-mails


def test_reminder_task_runs_the_service():
    from feedback.tasks import send_complaint_reminders

    StaffFactory(role=Role.OFFICER, email="officer@example.org")
    today = timezone.localdate()
    ComplaintFactory(decide_due_on=today, acknowledge_due_on=today)
    assert send_complaint_reminders(today.isoformat()) == 2
    assert send_complaint_reminders(today.isoformat()) == 0


# --- Surveys --------------------------------------------------------------------------


def test_closing_a_request_sends_one_survey_invitation(
    django_capture_on_commit_callbacks,
):
    """The survey hook: the invitation goes out when a request is closed (#4)."""
    citizen_request = CitizenRequestFactory(assigned=True)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            citizen_request=citizen_request, target=Status.CLOSED, by=None
        )
    invitation = SurveyInvitation.objects.get(request=citizen_request)
    notice = Notice.objects.get(kind="survey_invitation")
    assert notice.recipient == citizen_request.citizen_email
    assert "?score=1" in notice.body and "?score=5" in notice.body
    assert (
        invitation.expires_at.date()
        == (timezone.now() + datetime.timedelta(days=30)).date()
    )
    citizen_request.refresh_from_db()
    assert services.survey_invite(citizen_request=citizen_request) is None


def test_other_transitions_send_no_invitation():
    citizen_request = CitizenRequestFactory()
    request_transition(
        citizen_request=citizen_request, target=Status.IN_PROGRESS, by=None
    )
    assert not SurveyInvitation.objects.exists()


def test_one_click_score_uses_the_link():
    invitation = SurveyInvitationFactory(token="tok")
    response = services.survey_score_record(invitation=invitation, overall=4)
    assert response.overall == 4
    assert response.department_id == invitation.request.department_id
    with pytest.raises(services.SurveyLinkUnusable, match="cannot be used"):
        services.survey_score_record(invitation=invitation, overall=5)


def test_expired_link_is_refused():
    invitation = SurveyInvitationFactory(token="tok", expired=True)
    with pytest.raises(services.SurveyLinkUnusable, match="cannot be used") as error:
        services.survey_submit_invited(invitation=invitation, answers={"overall": 5})
    assert error.value.code == "expired"


def test_low_score_with_consent_creates_a_follow_up_for_the_head(
    django_capture_on_commit_callbacks,
):
    department = DepartmentFactory()
    head = StaffFactory(
        role=Role.HEAD, departments=[department], email="head@example.org"
    )
    StaffFactory(role=Role.HEAD, departments=[DepartmentFactory()])
    invitation = SurveyInvitationFactory(
        token="tok", request__service__department=department
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = services.survey_submit_invited(
            invitation=invitation,
            answers={
                "courtesy": 2,
                "overall": 3,
                "resolved": "partly",
                "has_consent": True,
            },
        )
    item = FollowUpItem.objects.get(response=response)
    assert item.department == department
    assert [m.to for m in mail.outbox] == [[head.email]]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"overall": 1, "has_consent": False}, False),
        ({"overall": 4, "resolved": "no", "has_consent": True}, True),
        ({"overall": 3, "resolved": "partly", "has_consent": True}, False),
    ],
    ids=["low-no-consent", "not-resolved-consent", "middling"],
)
def test_follow_up_needs_unhappiness_and_consent(answers, expected):
    response = services.survey_submit_anytime(
        answers=answers, service=None, language="bg"
    )
    assert FollowUpItem.objects.filter(response=response).exists() is expected


def test_completing_after_a_score_keeps_the_score_and_works_once():
    invitation = SurveyInvitationFactory(token="tok")
    response = services.survey_score_record(invitation=invitation, overall=2)
    services.survey_complete(
        response_id=response.pk, answers={"overall": None, "courtesy": 5}
    )
    response.refresh_from_db()
    assert (response.overall, response.courtesy) == (2, 5)
    with pytest.raises(services.SurveyLinkUnusable, match="completed already"):
        services.survey_complete(response_id=response.pk, answers={})
    assert SurveyResponse.objects.count() == 1


# --- Suggestions ----------------------------------------------------------------------


def test_contributor_is_told_of_each_status_change(django_capture_on_commit_callbacks):
    manager = StaffFactory(role=Role.MANAGER)
    suggestion = SuggestionFactory(contact_email="idea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_respond(
            suggestion=suggestion,
            by=manager,
            status=SuggestionStatus.UNDER_REVIEW,
            response="Разглеждаме.",
        )
        services.suggestion_respond(
            suggestion=suggestion,
            by=manager,
            status=SuggestionStatus.DONE,
            response="Направено.",
        )
    assert len(mail.outbox) == 2
    suggestion.refresh_from_db()
    assert suggestion.done_at is not None


def test_declining_needs_a_reason():
    manager = StaffFactory(role=Role.MANAGER)
    with pytest.raises(services.FeedbackError, match="reason"):
        services.suggestion_respond(
            suggestion=SuggestionFactory(),
            by=manager,
            status=SuggestionStatus.DECLINED,
            response=" ",
        )


def test_only_managers_respond_to_suggestions():
    clerk = StaffFactory(role=Role.CLERK)
    with pytest.raises(services.FeedbackError, match="cannot respond"):
        services.suggestion_respond(
            suggestion=SuggestionFactory(),
            by=clerk,
            status=SuggestionStatus.PLANNED,
            response="Да.",
        )
