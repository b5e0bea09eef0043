"""A day off or a working day declared after filing moves the open cases' dates (#11).

Before: staff added a `CalendarDay` in the admin and nothing happened to open cases: a
case due on a day just declared off stayed due on it, and nobody was told.
"""

import datetime

from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.deadlines import DayState
from requests_app.models import CalendarDay, CitizenRequest, EventKind, Notice, User
from requests_app.roles import Role
from requests_app.selectors.case import case_due_moves
from requests_app.services.calendar import calendar_change_apply
from requests_app.services.staff import staff_roles_set
from requests_app.workflow import Status

from .factories import CitizenRequestFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

FILED = datetime.date(2026, 11, 24)  # a Tuesday
DUE = datetime.date(2026, 12, 8)  # 14 calendar days, or 10 working days, later
CALENDAR_DAYS = reverse("admin:requests_app_calendarday_changelist")
ADD_DAY = reverse("admin:requests_app_calendarday_add")


def open_case(*, working_days: bool = False, **fields) -> CitizenRequest:
    service = ServiceFactory(term_days=10 if working_days else 14)
    service.term_working_days = working_days
    service.save()
    fields = {"received_on": FILED, "due_on": DUE, "language": "en", **fields}
    return CitizenRequestFactory(service=service, original_due_on=DUE, **fields)


def declare(day: datetime.date, kind: str = CalendarDay.Kind.DAY_OFF) -> list:
    CalendarDay.objects.create(day=day, kind=kind, reason="Decision of the Council")
    return calendar_change_apply(day=day, before=DayState.PLAIN, by=None)


def moves(citizen_request: CitizenRequest):
    return citizen_request.events.filter(kind=EventKind.CALENDAR_MOVE)


def notices(citizen_request: CitizenRequest):
    return Notice.objects.filter(request=citizen_request, kind="calendar_move")


@pytest.fixture
def administrator(client) -> User:
    user = staff_roles_set(
        user=UserFactory(is_superuser=True), roles=[Role.ADMINISTRATOR], by=None
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def test_a_day_off_declared_on_the_due_date_in_the_admin_moves_it_and_tells_why(
    client, administrator, django_capture_on_commit_callbacks
):
    citizen_request = open_case()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_DAY,
            {
                "day": "2026-12-08",
                "kind": "day_off",
                "reason_bg": "Решение на Министерския съвет",
                "reason_en": "Decision of the Council of Ministers",
            },
        )
    assert response.status_code == 302
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == datetime.date(2026, 12, 9)
    (event,) = moves(citizen_request)
    assert event.is_public is True
    assert event.actor == administrator
    assert event.text == (
        "A day off was declared on Tuesday, 8 December 2026: the due date moves "
        "from Tuesday, 8 December 2026 to Wednesday, 9 December 2026."
    )
    (notice,) = notices(citizen_request)
    assert notice.recipient == citizen_request.citizen_email
    assert citizen_request.registry_number in notice.subject
    assert "Wednesday, 9 December 2026" in notice.body
    assert notice.sent_at is not None  # no broker in tests: sent in-process


@pytest.mark.parametrize(
    ("day", "working_days"),
    [
        pytest.param(datetime.date(2026, 12, 10), False, id="after-the-due-date"),
        pytest.param(datetime.date(2026, 11, 20), True, id="before-filing"),
        pytest.param(datetime.date(2026, 12, 3), False, id="inside-a-calendar-term"),
    ],
)
def test_a_day_off_outside_the_running_term_changes_nothing(day, working_days):
    citizen_request = open_case(working_days=working_days)
    assert declare(day) == []
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == DUE
    assert not moves(citizen_request).exists()
    assert not notices(citizen_request).exists()


def test_a_day_off_inside_a_working_day_term_adds_a_working_day():
    citizen_request = open_case(working_days=True, status=Status.WAITING_FOR_CITIZEN)
    declare(datetime.date(2026, 12, 3))
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == datetime.date(2026, 12, 9)
    assert notices(citizen_request).count() == 1


def test_a_closed_case_is_never_touched():
    citizen_request = open_case(status=Status.CLOSED)
    assert declare(DUE) == []
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == DUE
    assert not moves(citizen_request).exists()
    assert not notices(citizen_request).exists()


def test_a_working_saturday_inside_the_term_never_moves_the_date_earlier():
    """The citizen keeps the date they were given, though the office may answer
    sooner."""
    citizen_request = open_case(working_days=True)
    assert declare(datetime.date(2026, 11, 28), CalendarDay.Kind.WORKING_DAY) == []
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == DUE
    assert not notices(citizen_request).exists()


def test_deleting_the_day_off_in_the_admin_moves_the_date_back(client, administrator):
    citizen_request = open_case()
    declare(DUE)
    day_off = CalendarDay.objects.get(day=DUE)
    response = client.post(
        reverse("admin:requests_app_calendarday_delete", args=[day_off.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == DUE
    back = moves(citizen_request).last()
    assert back.data["new_due_on"] == "2026-12-08"
    assert back.text.startswith("The day off on Tuesday, 8 December 2026 was cancelled")
    assert notices(citizen_request).count() == 2


def test_moving_a_declared_day_off_in_the_admin_applies_both_days(
    client, administrator
):
    citizen_request = open_case()
    declare(DUE)
    day_off = CalendarDay.objects.get(day=DUE)
    response = client.post(
        reverse("admin:requests_app_calendarday_change", args=[day_off.pk]),
        {"day": "2026-12-09", "kind": "day_off", "reason_bg": "", "reason_en": ""},
    )
    assert response.status_code == 302
    citizen_request.refresh_from_db()
    # 8 December is a working day again; 9 December off, after the due date.
    assert citizen_request.due_on == DUE


def test_running_the_same_change_twice_notifies_once():
    citizen_request = open_case()
    declare(DUE)
    assert calendar_change_apply(day=DUE, before=DayState.PLAIN, by=None) == []
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == datetime.date(2026, 12, 9)
    assert moves(citizen_request).count() == 1
    assert notices(citizen_request).count() == 1


def test_a_citizen_without_e_mail_still_sees_the_move_on_the_timeline():
    citizen_request = open_case(citizen_email="")
    declare(DUE)
    assert moves(citizen_request).count() == 1
    assert not Notice.objects.filter(request=citizen_request).exists()


def test_the_case_page_lists_the_move_in_the_readers_language():
    citizen_request = open_case(language="bg")
    declare(DUE)
    with translation.override("en"):
        (move,) = case_due_moves(citizen_request=citizen_request)
    assert move.old_due_on == DUE
    assert move.new_due_on == datetime.date(2026, 12, 9)
    assert move.lines == [
        "A day off was declared on Tuesday, 8 December 2026: the due date moves "
        "from Tuesday, 8 December 2026 to Wednesday, 9 December 2026."
    ]
