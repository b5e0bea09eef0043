"""Deadline alerts: morning digests and the overdue notice to the head (#3).

Every test passes a fixed date and runs the job twice: nothing is sent twice.
"""

import datetime

import pytest

from requests_app.models import Notice
from requests_app.roles import Role
from requests_app.services.alerts import deadline_digests_send, overdue_alerts_send
from requests_app.tasks import send_deadline_digests, send_overdue_alerts
from requests_app.workflow import Status

from .casework_helpers import (
    TODAY,
    case,
    clerk,
    department,
    in_english,  # noqa: F401 -- autouse fixture
    staff,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SATURDAY = D(2026, 11, 28)


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep):
    return clerk(dep, email="maria@municipality.example", language="en")


@pytest.fixture
def head(dep):
    return staff(Role.HEAD, dep, email="head@municipality.example", language="en")


def running(dep, who, due_on, number):
    return case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=who,
        due_on=due_on,
        registry_number=number,
    )


def test_one_digest_per_clerk_with_the_three_lists_never_twice(
    dep, me, head, django_capture_on_commit_callbacks, mailoutbox
):
    running(dep, me, D(2026, 11, 20), "LATE-1")
    running(dep, me, TODAY, "TODAY-1")
    running(dep, me, D(2026, 11, 27), "SOON-1")
    running(dep, me, D(2026, 12, 15), "CALM-1")
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_digests_send(today=TODAY) == 2  # the clerk and the head
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_digests_send(today=TODAY) == 0  # the same morning again
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {"maria@municipality.example", "head@municipality.example"}
    body = mails["maria@municipality.example"].body
    assert body.index("Overdue:") < body.index("LATE-1")
    assert body.index("Due today:") < body.index("TODAY-1")
    assert body.index("Due within 3 working days:") < body.index("SOON-1")
    assert "CALM-1" not in body
    head_body = mails["head@municipality.example"].body
    assert "Overdue in your department:" in head_body
    assert "LATE-1" in head_body
    assert "TODAY-1" not in head_body
    assert Notice.objects.filter(kind="staff:digest").count() == 2


def test_the_next_morning_brings_a_new_digest(dep, me):
    running(dep, me, TODAY, "TODAY-1")
    assert deadline_digests_send(today=TODAY) == 1
    assert deadline_digests_send(today=D(2026, 11, 25)) == 1


def test_no_digest_on_a_day_off_or_without_urgent_cases(dep, me):
    running(dep, me, D(2026, 11, 20), "LATE-1")
    assert deadline_digests_send(today=SATURDAY) == 0
    calm = clerk(dep, email="calm@municipality.example")
    running(dep, calm, D(2026, 12, 20), "CALM-1")
    deadline_digests_send(today=TODAY)
    # Recipients are encrypted at rest: compare after loading.
    assert "calm@municipality.example" not in {
        n.recipient for n in Notice.objects.all()
    }


def test_a_suspended_or_closed_case_raises_no_alert(dep, me, head):
    case(
        service__department=dep,
        status=Status.WAITING_FOR_CITIZEN,
        assigned_to=me,
        due_on=D(2026, 11, 20),
    )
    case(service__department=dep, closed=True, assigned_to=me, due_on=D(2026, 11, 20))
    assert deadline_digests_send(today=TODAY) == 0
    assert overdue_alerts_send(today=TODAY) == 0


def test_the_head_is_told_once_when_a_case_becomes_overdue(
    dep, me, head, django_capture_on_commit_callbacks, mailoutbox
):
    late = running(dep, me, D(2026, 11, 23), "LATE-1")
    running(dep, me, TODAY, "TODAY-1")  # due today: not overdue yet
    clerk_elsewhere = clerk(department())
    running(clerk_elsewhere.departments.get(), clerk_elsewhere, D(2026, 11, 2), "FAR")
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_alerts_send(today=TODAY) == 1
        assert overdue_alerts_send(today=TODAY) == 0
        assert overdue_alerts_send(today=D(2026, 11, 25)) == 1  # TODAY-1 now late
    assert [m.to for m in mailoutbox] == [[head.email], [head.email]]
    assert "LATE-1" in mailoutbox[0].subject
    assert "23 November 2026" in mailoutbox[0].body
    assert f"/en/staff/requests/{late.pk}/" in mailoutbox[0].body


def test_an_extended_case_overdue_again_is_a_new_alert(dep, me, head):
    late = running(dep, me, D(2026, 11, 23), "LATE-1")
    assert overdue_alerts_send(today=TODAY) == 1
    late.due_on = D(2026, 11, 25)
    late.save(update_fields=["due_on"])
    assert overdue_alerts_send(today=D(2026, 11, 25)) == 0
    assert overdue_alerts_send(today=D(2026, 11, 26)) == 1


def test_the_celery_tasks_take_the_date_as_text(dep, me, head):
    running(dep, me, D(2026, 11, 20), "LATE-1")
    assert send_deadline_digests("2026-11-24") == 2
    assert send_deadline_digests("2026-11-24") == 0
    assert send_overdue_alerts("2026-11-24") == 1
    assert send_overdue_alerts("2026-11-24") == 0


def test_the_beat_schedule_runs_both_jobs(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "requests_app.tasks.send_deadline_digests" in tasks
    assert "requests_app.tasks.send_overdue_alerts" in tasks
