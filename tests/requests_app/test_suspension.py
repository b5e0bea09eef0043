"""Asking the citizen pauses or restarts the term, as the service's law says (#11)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest

from requests_app.models import EventKind, Notice
from requests_app.models.catalogue import SuspensionRule
from requests_app.services.alerts import unanswered_alerts_send
from requests_app.services.casework import request_citizen_reply, request_suspend
from requests_app.services.casework.common import ActionNotAllowed
from requests_app.services.casework.suspension import request_leave_unexamined
from requests_app.tasks import send_unanswered_alerts
from requests_app.workflow import Status

from .casework_helpers import (  # noqa: F401 -- in_english is an autouse fixture
    case,
    clerk,
    department,
    in_english,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep):
    return clerk(dep)


def working_case(dep, me, **kwargs):
    """A case in progress, assigned to `me`, whose citizen reads English."""
    kwargs.setdefault("received_on", D(2026, 11, 24))
    return case(
        service__department=dep,
        status=Status.IN_PROGRESS,
        assigned_to=me,
        language="en",
        **kwargs,
    )


def test_a_pause_on_a_working_day_term_moves_the_date_by_working_days(dep, me):
    """Fri -> Mon is one working day paused, not three calendar days (#11)."""
    pending = working_case(
        dep,
        me,
        service__term_days=7,
        service__term_working_days=True,
        due_on=D(2026, 12, 3),
    )
    request_suspend(citizen_request=pending, by=me, text="Скица", today=D(2026, 11, 27))

    resumed = request_citizen_reply(
        citizen_request=pending, text="Ето я.", today=D(2026, 11, 30)
    )

    assert resumed.due_on == D(2026, 12, 4)  # Thursday + 1 working day
    event = resumed.events.get(kind=EventKind.RESUMPTION)
    assert "1 working day" in event.text
    assert "Friday, 4 December 2026" in event.text
    assert event.is_public is True


def test_a_pause_on_a_calendar_day_term_still_moves_by_calendar_days(dep, me):
    pending = working_case(dep, me, service__term_days=14, due_on=D(2026, 12, 8))
    request_suspend(citizen_request=pending, by=me, text="Скица", today=D(2026, 11, 25))

    resumed = request_citizen_reply(
        citizen_request=pending, text="Ето я.", today=D(2026, 11, 30)
    )

    assert resumed.due_on == D(2026, 12, 14)  # Sun 13 + 5 days ends on Monday
    assert "5 days" in resumed.events.get(kind=EventKind.RESUMPTION).text


@pytest.fixture
def public_information(dep, me):
    """An access-to-public-information case: 14 calendar days, restarted by law."""
    return working_case(
        dep,
        me,
        service__term_days=14,
        service__suspension_rule=SuspensionRule.RESTART,
        due_on=D(2026, 12, 8),
    )


def test_asking_to_clarify_says_the_term_will_restart_and_until_when(
    me, public_information
):
    request_suspend(
        citizen_request=public_information,
        by=me,
        text="Уточнете коя информация искате.",
        today=D(2026, 11, 25),
    )

    event = public_information.events.get(kind=EventKind.SUSPENSION)
    assert "full term runs again" in event.text
    assert "Access to Public Information Act, art. 29(1)" in event.text
    assert "Friday, 25 December 2026" in event.text  # 30 days after asking
    assert event.data["rule"] == "restart"
    letter = Notice.objects.get(kind="message:request_documents")
    with translation.override(letter.language):
        restarts = gettext(
            "When you answer, the full term of your request runs again from the day "
            "after your answer. Answer and upload the documents on your request's page:"
        )
        stands_still = gettext(
            "The term of your request stands still until you answer. Answer and "
            "upload the documents on your request's page:"
        )
    body = " ".join(letter.body.split())
    assert restarts in body
    assert stands_still not in body


def test_a_restart_runs_the_full_term_again_from_the_answer(me, public_information):
    """ЗДОИ art. 29(1): 14 days from the clarification, not the old date + pause."""
    request_suspend(
        citizen_request=public_information,
        by=me,
        text="Уточнете.",
        today=D(2026, 11, 25),
    )

    resumed = request_citizen_reply(
        citizen_request=public_information,
        text="Искам договорите за 2025 г.",
        today=D(2026, 11, 30),
    )

    assert resumed.status == Status.IN_PROGRESS
    assert resumed.due_on == D(2026, 12, 14)  # 30 Nov + 14 days
    assert not resumed.events.filter(kind=EventKind.RESUMPTION).exists()
    event = resumed.events.get(kind=EventKind.TERM_RESTARTED)
    assert event.is_public is True
    assert "full term (14 days) then runs again" in event.text
    assert "Tuesday, 1 December 2026" in event.text  # counted from the day after
    assert "Access to Public Information Act, art. 29(1)" in event.text
    assert "from Tuesday, 8 December 2026 to Monday, 14 December 2026" in event.text
    assert event.data["new_due_on"] == "2026-12-14"


def test_a_restart_of_a_working_day_term_counts_working_days_from_the_answer(dep, me):
    pending = working_case(
        dep,
        me,
        service__term_days=3,
        service__term_working_days=True,
        service__suspension_rule=SuspensionRule.RESTART,
        due_on=D(2026, 12, 18),
    )
    request_suspend(
        citizen_request=pending, by=me, text="Уточнете.", today=D(2026, 12, 1)
    )

    resumed = request_citizen_reply(
        citizen_request=pending, text="Уточнявам.", today=D(2026, 12, 22)
    )

    # 23 Dec, then 24-26 Dec and the substitute day off on Monday 28, then 29 and 30.
    assert resumed.due_on == D(2026, 12, 30)


# --- a case left without the citizen's answer -------------------------------------


def waiting_case(dep, me, *, asked_on, **kwargs):
    pending = working_case(dep, me, **kwargs)
    request_suspend(citizen_request=pending, by=me, text="Уточнете.", today=asked_on)
    pending.refresh_from_db()
    return pending


def test_cases_waiting_past_the_period_are_put_to_their_clerk_once_a_day(
    dep, me, django_capture_on_commit_callbacks, mailoutbox
):
    today = D(2026, 11, 24)  # a Tuesday
    late = waiting_case(dep, me, asked_on=today - datetime.timedelta(days=31))
    on_time = waiting_case(dep, me, asked_on=today - datetime.timedelta(days=30))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_unanswered_alerts(today.isoformat()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert unanswered_alerts_send(today=today) == 0  # second run: nothing new

    [mail] = mailoutbox
    assert mail.to == [me.email]
    assert late.registry_number in mail.body
    assert on_time.registry_number not in mail.body
    with translation.override(me.language):  # the clerk's language
        assert gettext("Close as not examined") in mail.body
    assert f"/{late.pk}/" in mail.body  # a link to the case


def test_the_waiting_period_is_a_setting(
    dep, me, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SUSPENSION_ABANDON_DAYS = 10
    today = D(2026, 11, 24)
    late = waiting_case(dep, me, asked_on=today - datetime.timedelta(days=11))

    with django_capture_on_commit_callbacks(execute=True):
        assert unanswered_alerts_send(today=today) == 1
    assert late.registry_number in mailoutbox[-1].body


def test_no_alert_on_a_day_off(dep, me):
    saturday = D(2026, 11, 28)
    waiting_case(dep, me, asked_on=saturday - datetime.timedelta(days=40))

    assert unanswered_alerts_send(today=saturday) == 0


def test_a_clerk_closes_an_unanswered_case_and_the_citizen_is_told_why(
    dep, me, django_capture_on_commit_callbacks, mailoutbox
):
    asked_on = D(2026, 10, 1)
    pending = waiting_case(
        dep,
        me,
        asked_on=asked_on,
        service__suspension_rule=SuspensionRule.RESTART,
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        closed = request_leave_unexamined(
            citizen_request=pending, by=me, today=D(2026, 11, 2)
        )

    assert closed.status == Status.REJECTED
    assert closed.suspended_on is None
    # The status letter (a survey invitation may follow it).
    [mail] = [m for m in mailoutbox if "Rejected" in m.subject]
    assert mail.to == [pending.citizen_email]
    assert "left without consideration" in mail.body
    assert "Thursday, 1 October 2026" in mail.body
    assert "within 30 days" in mail.body
    assert "Access to Public Information Act, art. 29(2)" in mail.body


def test_a_paused_case_left_unanswered_cites_no_article(
    dep, me, django_capture_on_commit_callbacks, mailoutbox
):
    pending = waiting_case(dep, me, asked_on=D(2026, 10, 1))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        request_leave_unexamined(citizen_request=pending, by=me, today=D(2026, 11, 2))

    [mail] = [m for m in mailoutbox if "Rejected" in m.subject]
    assert "left without consideration" in mail.body
    assert "Legal basis" not in mail.body


def test_an_unanswered_case_cannot_be_closed_before_the_period_ends(dep, me):
    pending = waiting_case(dep, me, asked_on=D(2026, 10, 1))

    with pytest.raises(ActionNotAllowed, match="may still answer until"):
        request_leave_unexamined(citizen_request=pending, by=me, today=D(2026, 10, 31))

    pending.refresh_from_db()
    assert pending.status == Status.WAITING_FOR_CITIZEN


def test_a_case_in_progress_cannot_be_closed_as_unanswered(dep, me):
    pending = working_case(dep, me)

    with pytest.raises(ActionNotAllowed, match="not examined"):
        request_leave_unexamined(citizen_request=pending, by=me, today=D(2027, 1, 5))


def test_the_clerk_closes_an_unanswered_case_from_the_case_page(client, dep, me):
    pending = waiting_case(
        dep, me, asked_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    client.force_login(me)
    page = reverse("requests_app:staff-request", kwargs={"pk": pending.pk})

    assert "Close as not examined" in client.get(page).content.decode()
    response = client.post(
        reverse(
            "requests_app:staff-request-action",
            kwargs={"pk": pending.pk, "action": "leave_unexamined"},
        )
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.REJECTED


def test_the_case_page_offers_closing_only_once_the_answer_is_overdue(client, dep, me):
    """Before the period ends the citizen may still answer: no button to close."""
    pending = waiting_case(
        dep, me, asked_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    client.force_login(me)
    page = reverse("requests_app:staff-request", kwargs={"pk": pending.pk})

    assert "Close as not examined" not in client.get(page).content.decode()
