"""Closed requests lose their personal data after the retention period (#10).

The figures of the reports stay; open and recent cases are never touched; running the
command twice changes nothing.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest
from celery.schedules import crontab

from requests_app.enqueue import task_named
from requests_app.models import (
    AuditEntry,
    CitizenRequest,
    EventKind,
    Extension,
    ExtensionReason,
    Notice,
    RequestAnswer,
)
from requests_app.selectors.statistics import completion_stats, received_count
from requests_app.services import request_submit
from requests_app.tasks import apply_retention
from requests_app.workflow import Status

from .factories import (
    CitizenRequestFactory,
    RequestEventFactory,
    ServiceFactory,
    ServiceQuestionFactory,
    StaffFactory,
)
from .filing_files import PNG_BYTES, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

SOFIA = ZoneInfo("Europe/Sofia")
NAME = "Мария Петрова"
EMAIL = "maria.petrova@example.org"
DETAILS = "Моля за удостоверение; ЕГН 7501010000."


def _closed_at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SOFIA)


def _old_case(
    *, closed_on: datetime.date, status: str = Status.CLOSED
) -> CitizenRequest:
    """File a full request (answer, file, messages, extension), then close it."""
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service)
    received_on = closed_on - datetime.timedelta(days=20)
    citizen_request = request_submit(
        service=service,
        citizen_name=NAME,
        citizen_email=EMAIL,
        citizen_phone="0888 123 456",
        citizen_address="ул. „Витоша“ 12, София",
        details=DETAILS,
        location="пред блок 12",
        answers={question: "имот 68134.105.12"},
        files=[(upload("скица.png", PNG_BYTES, "image/png"), "image/png")],
        received_on=received_on,
    )
    RequestEventFactory(
        request=citizen_request,
        kind=EventKind.CITIZEN_REPLY,
        text="Изпращам и пълномощно от Иван Петров.",
        data={"files": ["пълномощно-Иван-Петров.pdf"]},
    )
    Extension.objects.create(
        request=citizen_request,
        old_due_on=citizen_request.due_on,
        new_due_on=citizen_request.due_on + datetime.timedelta(days=7),
        reason=ExtensionReason.objects.create(code="more", name="Проверка"),
        text="Нужна е справка за г-жа Петрова.",
        by=StaffFactory(),
    )
    CitizenRequest.objects.filter(pk=citizen_request.pk).update(
        status=status, closed_at=_closed_at(closed_on)
    )
    citizen_request.refresh_from_db()
    return citizen_request


def _run(**options) -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out, **options)
    return out.getvalue()


def test_a_closed_request_past_its_period_is_anonymised_but_still_counted(
    django_capture_on_commit_callbacks,
):
    """Name, contacts, texts and files go; the report's figures stay the same (#10)."""
    case = _old_case(closed_on=datetime.date(2019, 6, 3))
    Notice.objects.filter(request=case).update(sent_at=timezone.now())
    stored_file = case.attachments.get().file.name
    period = {"start": datetime.date(2019, 1, 1), "end": datetime.date(2019, 12, 31)}
    figures = (completion_stats(**period), received_count(**period))

    with django_capture_on_commit_callbacks(execute=True):
        output = _run(today="2026-03-01")
    case.refresh_from_db()

    assert "requests: 1 anonymised (period 5 years" in output
    assert case.anonymised_at is not None
    assert (case.citizen_name, case.citizen_email, case.citizen_email_key) == ("",) * 3
    assert (case.citizen_phone, case.citizen_address, case.details) == ("",) * 3
    assert (case.location, case.latitude, case.longitude) == ("", None, None)
    assert list(RequestAnswer.objects.filter(request=case).values_list("value")) == [
        ("",)
    ]
    assert {event.text for event in case.events.all()} == {""}
    assert all("files" not in event.data for event in case.events.all())
    assert list(case.extensions.values_list("text", flat=True)) == [""]
    assert case.attachments.count() == 0
    assert not default_storage.exists(stored_file)
    assert {(n.recipient, n.body) for n in Notice.objects.filter(request=case)} == {
        ("", "")
    }
    # What the reports count is all still there.
    assert (completion_stats(**period), received_count(**period)) == figures
    assert figures[0].completed == 1
    assert (case.status, case.service_id, case.department_id) == (
        Status.CLOSED,
        case.service.pk,
        case.department.pk,
    )
    assert AuditEntry.objects.filter(
        action="request.anonymised", target_id=str(case.pk), actor=None
    ).exists()


def test_unsent_notices_of_an_anonymised_request_are_dropped():
    case = _old_case(closed_on=datetime.date(2019, 6, 3))
    assert Notice.objects.filter(request=case, sent_at__isnull=True).exists()

    _run(today="2026-03-01")

    assert not Notice.objects.filter(request=case).exists()


def test_an_open_request_is_never_anonymised():
    """However old, a case still in progress keeps everything (#10)."""
    case = CitizenRequestFactory(
        status=Status.IN_PROGRESS,
        citizen_name=NAME,
        received_on=datetime.date(2010, 1, 4),
        original_due_on=datetime.date(2010, 1, 18),
        due_on=datetime.date(2010, 1, 18),
        closed_at=_closed_at(datetime.date(2010, 1, 5)),  # a stray date: still open
    )

    output = _run(today="2026-03-01")
    case.refresh_from_db()

    assert "requests: 0 anonymised" in output
    assert (case.citizen_name, case.anonymised_at) == (NAME, None)


@pytest.mark.parametrize(
    ("closed_on", "today", "anonymised"),
    [
        (datetime.date(2020, 12, 31), "2025-12-31", False),
        (datetime.date(2020, 12, 31), "2026-01-01", True),
        (datetime.date(2021, 1, 1), "2026-12-31", False),
        (datetime.date(2021, 1, 1), "2027-01-01", True),
    ],
    ids=["2020-kept-until-2025-end", "2020-gone-2026", "2021-kept", "2021-gone-2027"],
)
def test_the_period_runs_from_the_first_of_january_after_closing(
    closed_on, today, anonymised
):
    """Archive terms count whole years from 1 January after the case closed (#10)."""
    case = CitizenRequestFactory(
        closed=True, citizen_name=NAME, closed_at=_closed_at(closed_on, hour=23)
    )

    _run(today=today)
    case.refresh_from_db()

    assert (case.anonymised_at is not None) is anonymised
    assert (case.citizen_name == "") is anonymised


def test_a_rejected_request_is_anonymised_like_a_closed_one():
    case = _old_case(closed_on=datetime.date(2018, 2, 1), status=Status.REJECTED)

    _run(today="2026-03-01")
    case.refresh_from_db()

    assert case.citizen_name == ""


def test_running_twice_changes_nothing():
    """The second run finds nothing: `anonymised_at` is the stored fact (#10)."""
    case = _old_case(closed_on=datetime.date(2019, 6, 3))
    _run(today="2026-03-01")
    case.refresh_from_db()
    first = (case.anonymised_at, case.updated_at, AuditEntry.objects.count())

    output = _run(today="2026-03-02")
    case.refresh_from_db()

    assert "requests: 0 anonymised" in output
    assert (case.anonymised_at, case.updated_at, AuditEntry.objects.count()) == first


def test_a_dry_run_counts_and_changes_nothing():
    case = _old_case(closed_on=datetime.date(2019, 6, 3))

    output = _run(today="2026-03-01", dry_run=True)
    case.refresh_from_db()

    assert "requests: 1 would be anonymised" in output
    assert (case.citizen_name, case.anonymised_at) == (NAME, None)
    assert case.attachments.count() == 1


def test_a_period_of_zero_keeps_requests_for_ever(settings):
    settings.RETENTION_REQUEST_YEARS = 0
    case = _old_case(closed_on=datetime.date(2001, 6, 3))

    output = _run(today="2026-03-01")
    case.refresh_from_db()

    assert "requests: kept for ever" in output
    assert case.citizen_name == NAME


def test_a_shorter_period_is_read_from_the_settings(settings):
    settings.RETENTION_REQUEST_YEARS = 2
    case = _old_case(closed_on=datetime.date(2023, 6, 3))

    _run(today="2026-03-01")
    case.refresh_from_db()

    assert case.citizen_name == ""


def test_a_wrong_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run(today="01.03.2026")


def test_the_daily_beat_task_runs_the_same_retention(settings):
    """Celery beat runs it every day; the task has its own time limits (#10)."""
    case = _old_case(closed_on=datetime.date(2019, 6, 3))
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    task = task_named(entry["task"])

    result = apply_retention("2026-03-01")
    case.refresh_from_db()

    assert task.name == apply_retention.name == "requests_app.tasks.apply_retention"
    assert entry["schedule"] == crontab(hour=2, minute=30)
    assert (task.soft_time_limit, task.time_limit) == (55 * 60, 60 * 60)
    assert result["requests"] == 1
    assert case.citizen_name == ""
