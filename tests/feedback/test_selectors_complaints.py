"""Who sees which complaint, and which actions an officer is offered (#4)."""

import pytest

from feedback.selectors.complaints import (
    complaint_actions_for,
    complaint_list_for,
    complaint_officers_for,
    complaint_queue_for,
)
from feedback.workflow import ComplaintStatus
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory, UserFactory

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_superuser_without_the_officer_role_sees_no_complaint():
    ComplaintFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert list(complaint_list_for(viewer=admin)) == []


def test_officer_sees_every_case_but_the_ones_naming_them(officer):
    visible = ComplaintFactory()
    ComplaintFactory(named_clerk=officer)
    assert list(complaint_list_for(viewer=officer)) == [visible]


def test_queue_splits_open_and_closed_cases(officer):
    open_case = ComplaintFactory(status=ComplaintStatus.DECIDED)
    closed = ComplaintFactory(status=ComplaintStatus.CLOSED)
    assert list(complaint_queue_for(viewer=officer)) == [open_case]
    assert list(complaint_queue_for(viewer=officer, is_open=False)) == [closed]


def test_actions_follow_the_status_and_the_viewer(officer, named_case):
    actions = complaint_actions_for(viewer=officer, complaint=named_case)
    assert [action.code for action in actions] == ["acknowledge", "ask", "decide"]
    clerk = named_case.named_clerk
    assert complaint_actions_for(viewer=clerk, complaint=named_case) == []
    manager = StaffFactory(role=Role.MANAGER)
    assert complaint_actions_for(viewer=manager, complaint=named_case) == []


def test_officers_to_notify_never_include_the_named_clerk(officer, named_case):
    named_case.named_clerk.groups.add(*officer.groups.all())
    assert complaint_officers_for(complaint=named_case) == [officer]
