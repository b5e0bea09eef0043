"""The officers' actions and the filer's additions, as the workflow allows (#4)."""

from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

import pytest

from feedback.errors import FeedbackError
from feedback.models import Complaint, ComplaintAccess
from feedback.services.complaints import (
    complaint_acknowledge,
    complaint_add_info,
    complaint_close,
    complaint_decide,
    complaint_open_for,
    complaint_request_info,
)
from feedback.workflow import COMPLAINT_ACTIONS, ComplaintStatus
from requests_app.models import Notice
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory

from .factories import ComplaintFactory, ComplaintKindFactory

pytestmark = pytest.mark.django_db

# What each action's service needs besides the case and the officer.
ACTION_INPUT = {
    "ask": {"text": "Кога?"},
    "decide": {"answer": "Основателна."},
    "extend": {"reason": "Нужно е становище на общинския съвет."},
}
# The kind of case each action needs besides its statuses (extension: a proposal).
ACTION_KIND = {"extend": {"proposal": True}}
ACTION_STATUS = [
    (code, status) for code in COMPLAINT_ACTIONS for status in ComplaintStatus
]


def test_officer_acknowledges_asks_decides_and_closes(
    django_capture_on_commit_callbacks, officer
):
    complaint = ComplaintFactory(contact_email="filer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        complaint_acknowledge(complaint=complaint, by=officer)
        complaint_request_info(complaint=complaint, by=officer, text="Кога?")
        complaint_add_info(complaint=complaint, text="На 3 ноември.")
        complaint_decide(complaint=complaint, by=officer, answer="Основателна.")
        complaint_close(complaint=complaint, by=officer)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.acknowledged_on == timezone.localdate()
    assert complaint.answer == "Основателна."
    sent = [m.subject for m in mail.outbox if m.to == ["filer@example.org"]]
    assert len(sent) == 3  # acknowledged, asked for information, answered
    assert any("Основателна." in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("code", "status"), ACTION_STATUS, ids=[f"{c}@{s}" for c, s in ACTION_STATUS]
)
def test_each_action_in_each_status_moves_or_changes_nothing(officer, code, status):
    """The registry decides: an action outside its statuses is refused, untouched."""
    action = COMPLAINT_ACTIONS[code]
    complaint = ComplaintFactory(
        status=status, kind=ComplaintKindFactory(**ACTION_KIND.get(code, {}))
    )
    service = import_string(action.service)
    if action.allows(status):
        service(complaint=complaint, by=officer, **ACTION_INPUT.get(code, {}))
        assert Complaint.objects.get(pk=complaint.pk).status == (
            action.target or status
        )
        return
    with pytest.raises(FeedbackError, match="cannot become") as error:
        service(complaint=complaint, by=officer, **ACTION_INPUT.get(code, {}))
    assert error.value.code == "transition_not_allowed"
    unchanged = Complaint.objects.get(pk=complaint.pk)
    assert (unchanged.status, unchanged.acknowledged_on) == (status, None)
    assert not Notice.objects.exists()


def test_closed_case_cannot_be_answered_again(officer):
    complaint = ComplaintFactory(status=ComplaintStatus.CLOSED)
    with pytest.raises(FeedbackError, match="cannot become"):
        complaint_decide(complaint=complaint, by=officer, answer="Още")


def test_named_clerk_cannot_act_even_as_officer():
    clerk = StaffFactory(role=Role.OFFICER)
    complaint = ComplaintFactory(named_clerk=clerk)
    with pytest.raises(FeedbackError, match="cannot act"):
        complaint_acknowledge(complaint=complaint, by=clerk)


def test_a_clerk_without_the_officer_role_cannot_act():
    complaint = ComplaintFactory()
    with pytest.raises(FeedbackError, match="cannot act"):
        complaint_close(complaint=complaint, by=StaffFactory(role=Role.CLERK))
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


# --- The filer adds information -------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (ComplaintStatus.RECEIVED, ComplaintStatus.RECEIVED),
        (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ACKNOWLEDGED),
        (ComplaintStatus.WAITING, ComplaintStatus.ACKNOWLEDGED),
        (ComplaintStatus.DECIDED, ComplaintStatus.DECIDED),
    ],
    ids=str,
)
def test_filer_information_puts_a_waiting_case_back_to_work(before, after):
    complaint = ComplaintFactory(status=before)
    complaint_add_info(complaint=complaint, text="Ето и номера на касовата бележка.")
    assert Complaint.objects.get(pk=complaint.pk).status == after
    assert complaint.messages.get().text == "Ето и номера на касовата бележка."


def test_closed_case_takes_no_more_information():
    complaint = ComplaintFactory(status=ComplaintStatus.CLOSED)
    with pytest.raises(FeedbackError, match="file a new one"):
        complaint_add_info(complaint=complaint, text="Още нещо.")
    assert not complaint.messages.exists()


def test_officers_but_not_the_named_clerk_hear_of_added_information(
    officer, named_case
):
    named_case.named_clerk.groups.add(*officer.groups.all())
    complaint_add_info(complaint=named_case, text="Имам и снимка.")
    notices = Notice.objects.filter(kind="complaint_info_added")
    assert [notice.recipient for notice in notices] == [officer.email]
    assert "Имам и снимка." not in notices.get().body  # no confidential text


def test_opening_a_case_is_logged_for_officers_only(officer, named_case):
    assert complaint_open_for(viewer=named_case.named_clerk, pk=named_case.pk) is None
    assert complaint_open_for(viewer=officer, pk=named_case.pk) == named_case
    access = ComplaintAccess.objects.get()
    assert (access.officer, access.action) == (officer, "view")
