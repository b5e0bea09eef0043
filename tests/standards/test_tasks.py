"""The report tasks: scheduled by beat, with their own time limits, queued by name."""

from celery import current_app

from standards.services import REPORT_CLAIM_STALE_AFTER
from standards.tasks import (
    generate_report,
    generate_scheduled_reports,
    sweep_reports,
)


def test_beat_schedules_the_quarterly_and_yearly_reports(settings):
    entries = {
        name: entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] == "standards.tasks.generate_scheduled_reports"
    }
    assert sorted(entry["args"] for entry in entries.values()) == [
        ("quarter",),
        ("year",),
    ]
    assert generate_scheduled_reports.name in {e["task"] for e in entries.values()}


def test_every_task_sets_its_own_time_limits():
    for task in (generate_report, generate_scheduled_reports, sweep_reports):
        assert 0 < task.soft_time_limit < task.time_limit, task.name


def test_report_generation_may_take_longer_than_the_default(settings):
    assert generate_report.time_limit > settings.CELERY_TASK_TIME_LIMIT


def test_a_working_claim_never_goes_stale_before_the_hard_limit():
    """The sweep must not restart a report whose worker is still rendering."""
    assert REPORT_CLAIM_STALE_AFTER.total_seconds() > generate_report.time_limit


def test_the_task_services_queue_by_name_is_registered():
    """`services` names the task instead of importing it: the name must resolve."""
    task = current_app.tasks["standards.tasks.generate_report"]
    assert task.time_limit == generate_report.time_limit
