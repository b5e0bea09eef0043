"""The case page's timeline: events and notices apart, no empty changes (#14).

A busy case is worked through the services (asked for a document, answered the same
day, extended), then given what older data holds: a move of the due date to the same
day, and an assignment to the clerk who already had the case. Two notices, one sent
and one that failed, go to the citizen.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from requests_app.models import EventKind, Notice
from requests_app.selectors.case import case_due_moves, case_notices, case_timeline
from requests_app.services.casework import (
    request_citizen_reply,
    request_extend,
    request_suspend,
)
from requests_app.workflow import Status

from .casework_helpers import (
    TODAY,
    case,
    clerk,
    department,
    in_english,  # noqa: F401 -- autouse fixture
    reason,
)
from .factories import RequestEventFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 1)
EXTENDED = datetime.date(2026, 12, 8)
REASON = "An on-site inspection is needed"


@pytest.fixture
def me(client):
    user = clerk(department(), first_name="Мария", last_name="Петрова")
    client.force_login(user)
    return user


@pytest.fixture
def busy_case(me):
    citizen_request = case(
        service__department=me.departments.get(),
        status=Status.IN_PROGRESS,
        assigned_to=me,
        original_due_on=DUE,
        due_on=DUE,
        language="en",
        citizen_email="georgi@example.org",
    )
    request_suspend(
        citizen_request=citizen_request, by=me, text="Send the sketch.", today=TODAY
    )
    # Answered the same day: a pause of no days, the due date stays.
    request_citizen_reply(
        citizen_request=citizen_request, text="Here it is.", today=TODAY
    )
    request_extend(
        citizen_request=citizen_request,
        by=me,
        new_due_on=EXTENDED,
        reason=reason(name_en=REASON),
        text="We must visit the site.",
        today=TODAY,
    )
    day = EXTENDED.isoformat()
    RequestEventFactory(  # a day declared that did not move this case
        request=citizen_request,
        kind=EventKind.CALENDAR_MOVE,
        actor=None,
        data={
            "day": "2026-12-04",
            "before": "working_day",
            "after": "day_off",
            "old_due_on": day,
            "new_due_on": day,
        },
    )
    RequestEventFactory(  # handed to the clerk who had it already
        request=citizen_request,
        kind=EventKind.ASSIGNMENT,
        is_public=False,
        actor=me,
        data={"to_user": me.pk, "to_name": me.display_name, "from_user": me.pk},
    )
    RequestEventFactory(  # a status set to the status the case had
        request=citizen_request,
        kind=EventKind.STATUS,
        from_status=Status.IN_PROGRESS,
        to_status=Status.IN_PROGRESS,
        actor=me,
    )
    Notice.objects.create(
        kind="status:in_progress",
        request=citizen_request,
        recipient="georgi@example.org",
        subject="Delivered notice",
        body="…",
        sent_at=timezone.now(),
    )
    Notice.objects.create(
        kind="message:answer",
        request=citizen_request,
        recipient="georgi@example.org",
        subject="Undelivered notice",
        body="…",
        attempts=1,
        last_error="SMTPServerDisconnected: down",
    )
    return citizen_request


def page_url(citizen_request, language: str = "en") -> str:
    with translation.override(language):
        return reverse("requests_app:staff-request", kwargs={"pk": citizen_request.pk})


def section(html: str, element_id: str) -> str:
    """Return the list with `element_id` from the page, up to its end."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</ol>", start)]


def test_the_case_events_leave_out_changes_that_changed_nothing(busy_case):
    kinds = [entry.kind for entry in case_timeline(citizen_request=busy_case)]

    assert kinds == [
        EventKind.MESSAGE,  # the documents asked for
        EventKind.SUSPENSION,  # with its status change: one entry
        EventKind.CITIZEN_REPLY,  # back in progress: told on the suspension
        EventKind.EXTENSION,
    ]


def test_a_pause_of_no_days_is_told_on_the_suspension_it_ends(busy_case):
    suspension = next(
        entry
        for entry in case_timeline(citizen_request=busy_case)
        if entry.kind == EventKind.SUSPENSION
    )
    assert suspension.text.endswith(
        "\nThe citizen answered on 24 November 2026: work went on and the due date "
        "did not move."
    )


def test_the_extension_is_told_once_with_its_reason_and_clerk(busy_case):
    (extension,) = [
        entry
        for entry in case_timeline(citizen_request=busy_case)
        if entry.kind == EventKind.EXTENSION
    ]
    said = [*extension.details, extension.text]
    assert extension.actor == "Мария Петрова"
    assert said == [
        "The due date was extended from Tuesday, 1 December 2026 to Tuesday, "
        "8 December 2026.",
        f"Reason: {REASON}",
        "Extensions are limited to 14 days after the original due date, Tuesday, "
        "1 December 2026: at most until Tuesday, 15 December 2026.",
        "We must visit the site.",
    ]


def test_a_pause_says_its_days_and_the_move_once(me):
    citizen_request = case(
        service__department=me.departments.get(),
        status=Status.IN_PROGRESS,
        assigned_to=me,
        original_due_on=DUE,
        due_on=DUE,
        language="en",
    )
    request_suspend(citizen_request=citizen_request, by=me, text="A.", today=TODAY)
    request_citizen_reply(
        citizen_request=citizen_request,
        text="B.",
        today=TODAY + datetime.timedelta(days=2),
    )

    (resumption,) = [
        entry
        for entry in case_timeline(citizen_request=citizen_request)
        if entry.kind == EventKind.RESUMPTION
    ]
    assert resumption.details == [
        "Paused for 2 days, from 24 November 2026 to 26 November 2026.",
        "Due date moved from 1 December 2026 to 3 December 2026.",
    ]
    assert resumption.text == ""  # the same move in the citizen's words


def test_the_moves_of_the_due_date_leave_out_the_move_to_the_same_day(busy_case):
    moves = case_due_moves(citizen_request=busy_case)
    assert [(move.old_due_on, move.new_due_on) for move in moves] == [(DUE, EXTENDED)]


def test_the_notices_are_apart_with_their_delivery(busy_case):
    notices = {n.subject: n for n in case_notices(citizen_request=busy_case)}
    sent, failed = notices["Delivered notice"], notices["Undelivered notice"]
    assert (sent.state, sent.state_label) == ("sent", "Sent")
    assert sent.label == "Status changed to “In progress”"
    assert (failed.state, failed.state_label) == ("failed", "Not delivered")
    assert failed.delivery == (
        "Not delivered yet (1 attempt): SMTPServerDisconnected: down"
    )
    assert failed.recipient == "E-mail to georgi@example.org"


def test_the_case_page_shows_events_and_notices_in_two_lists(client, busy_case):
    html = client.get(page_url(busy_case)).content.decode()
    events, notices = section(html, "timeline"), section(html, "notices")

    assert html.index("Case history") < html.index("Notices to the citizen")
    assert "Delivered notice" not in events
    assert "E-mail to" not in events
    assert events.count("<li") == 4
    assert events.count("Term extended") == 1
    assert events.count(f"Reason: {REASON}") == 1
    assert "We must visit the site." in events
    assert "Term resumed" not in events
    assert "moved by the work calendar" not in events
    assert "Assignment" not in events
    assert "Delivered notice" in notices
    assert "Undelivered notice" in notices
    assert re.search(r'text-bg-success">\s*Sent\s*<', notices)
    assert re.search(r'text-bg-danger">\s*Not delivered\s*<', notices)


def test_the_due_date_list_points_to_the_timeline_entry_instead_of_repeating_it(
    client, busy_case
):
    html = client.get(page_url(busy_case)).content.decode()
    start = html.index('id="due-moves"')
    moves = html[start : html.index("</ul>", start)]
    anchor = re.search(r'href="#(event-\d+)"', moves)

    assert anchor is not None
    assert f'id="{anchor.group(1)}"' in section(html, "timeline")
    assert REASON not in moves
    assert html.count(f"Reason: {REASON}") == 1


def test_the_case_page_reads_in_bulgarian(client, busy_case):
    """Needs the Bulgarian catalogue with this page's strings merged (timeline.po and
    channels.po)."""
    html = client.get(page_url(busy_case, "bg")).content.decode()
    notices = section(html, "notices")

    assert "История на преписката" in html
    assert "Уведомления до гражданина" in html
    assert "Не е доставено" in notices
    assert "(1 опит)" in notices
    assert "Изпратено" in notices
    assert "Основание: " in section(html, "timeline")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_the_case_page_reflows_without_sideways_scroll(
    page, live_server, client, busy_case, width
):
    session = client.cookies["sessionid"].value
    page.context.add_cookies(
        [{"name": "sessionid", "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + page_url(busy_case))
    page.locator("details").first.evaluate("el => el.open = true")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    term = page.locator("section[aria-labelledby=case-state] dt").first
    term_top = term.bounding_box()["y"]
    value_top = page.locator("#case-status").bounding_box()["y"]
    if width == 320:  # each row stacks: the value under its term
        assert value_top > term_top
    else:
        assert value_top == pytest.approx(term_top, abs=2)
    assert page.locator("#notices li").count() == 4
