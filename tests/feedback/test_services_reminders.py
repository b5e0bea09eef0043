"""Reminders to officers of terms about to end: once per term, never to the clerk."""

import datetime

from django.utils import timezone

import pytest

from feedback.services.reminders import complaint_reminders_send
from feedback.tasks import send_complaint_reminders
from feedback.workflow import ComplaintStatus
from requests_app.models import Notice

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_reminders_are_sent_once_per_term(officer):
    """Running the reminder job twice sends nothing new (#4)."""
    today = timezone.localdate()
    ComplaintFactory(acknowledge_due_on=today + datetime.timedelta(days=1))
    ComplaintFactory(acknowledge_due_on=today + datetime.timedelta(days=20))
    assert complaint_reminders_send(today=today) == 1
    assert complaint_reminders_send(today=today) == 0
    notice = Notice.objects.get(kind="complaint_reminder_acknowledge")
    assert notice.recipient == officer.email
    assert "Служителят" not in notice.body  # no confidential text in e-mails


def test_answered_and_closed_cases_are_not_reminded(officer):
    today = timezone.localdate()
    for status in (ComplaintStatus.DECIDED, ComplaintStatus.CLOSED):
        ComplaintFactory(status=status, acknowledge_due_on=today, decide_due_on=today)
    assert complaint_reminders_send(today=today) == 0


def test_the_clerk_a_case_names_is_not_reminded(officer, named_case):
    named_case.named_clerk.groups.add(*officer.groups.all())
    today = timezone.localdate()
    named_case.acknowledge_due_on = today
    named_case.save(update_fields=["acknowledge_due_on"])
    assert complaint_reminders_send(today=today) == 1
    assert Notice.objects.get().recipient == officer.email


def test_reminder_task_runs_the_service(officer):
    today = timezone.localdate()
    ComplaintFactory(decide_due_on=today, acknowledge_due_on=today)
    assert send_complaint_reminders(today.isoformat()) == 2
    assert send_complaint_reminders(today.isoformat()) == 0
