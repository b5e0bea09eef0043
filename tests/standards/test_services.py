"""Generating reports: a claim under a lock before rendering, the sweep, the schedule.

A worker claims a report (running, with a start time) and commits the claim before
the slow rendering: a second delivery of the task, or a second worker, leaves the
report alone while the claim is fresh. The sweep restarts only reports never started
and stale claims, those of a dead worker.
"""

import datetime
from datetime import timedelta

from django.utils import timezone

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from standards import services
from standards.models import Report
from standards.periods import Period
from standards.selectors.targets import scope_for
from standards.services import reports
from standards.tasks import generate_scheduled_reports, sweep_reports
from tests.requests_app.filing_files import celery_conf

from .factories import ReportFactory


@pytest.fixture
def renders(monkeypatch):
    """Count the PDFs rendered; `renders.during` runs inside the first rendering."""
    real_render = reports.render_pdf

    class Renders:
        count = 0
        during = None

    def counting_render(template, context):
        Renders.count += 1
        if Renders.count == 1 and Renders.during is not None:
            Renders.during()
        return real_render(template, context)

    monkeypatch.setattr(reports, "render_pdf", counting_render)
    return Renders


def claimed(report: Report, *, minutes_ago: int) -> Report:
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return Report.objects.get(pk=report.pk)


# --- The claim ------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_generations_of_one_report_render_it_once(requests_q1, renders):
    report = ReportFactory()
    second = []
    renders.during = lambda: second.append(
        services.report_generate(report_id=report.pk)
    )
    done = services.report_generate(report_id=report.pk)
    assert renders.count == 1
    assert second[0].status == Report.Status.RUNNING  # it found a fresh claim
    assert done.status == Report.Status.DONE
    assert done.started_at is not None and done.pdf_sha256


@pytest.mark.django_db
def test_a_fresh_claim_of_another_worker_is_left_alone(renders):
    report = claimed(ReportFactory(), minutes_ago=1)
    result = services.report_generate(report_id=report.pk)
    assert renders.count == 0
    assert (result.status, result.started_at) == (report.status, report.started_at)


@pytest.mark.django_db
def test_a_stale_claim_is_taken_over(renders):
    report = claimed(ReportFactory(), minutes_ago=20)
    result = services.report_generate(report_id=report.pk)
    assert renders.count == 1
    assert result.status == Report.Status.DONE
    assert result.started_at > report.started_at


@pytest.mark.django_db
def test_a_finished_report_is_not_rendered_again(renders):
    report = services.report_generate(report_id=ReportFactory().pk)
    again = services.report_generate(report_id=report.pk)
    assert renders.count == 1
    assert again.pdf_sha256 == report.pdf_sha256


@pytest.mark.django_db
def test_the_soft_time_limit_is_recorded_on_the_report(monkeypatch):
    def too_slow(template, context):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(reports, "render_pdf", too_slow)  # the worker's timer
    report = services.report_generate(report_id=ReportFactory().pk)
    assert report.status == Report.Status.FAILED
    assert report.error.startswith("SoftTimeLimitExceeded")
    assert report.finished_at is not None


# --- The sweep ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweep_restarts_a_stale_claim_and_not_a_fresh_one(
    renders, django_capture_on_commit_callbacks
):
    stale = claimed(ReportFactory(), minutes_ago=20)
    fresh = claimed(ReportFactory(language="bg"), minutes_ago=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reports() == [stale.pk]
    assert Report.objects.get(pk=stale.pk).status == Report.Status.DONE
    assert Report.objects.get(pk=fresh.pk).status == Report.Status.RUNNING
    assert renders.count == 1


@pytest.mark.django_db
def test_sweep_leaves_failed_and_finished_reports(django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(hours=1)
    ReportFactory(status=Report.Status.FAILED, created_at=old, started_at=old)
    ReportFactory(status=Report.Status.DONE, created_at=old, started_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reports() == []


@pytest.mark.django_db
def test_sweep_generates_a_report_the_broker_outage_left_waiting(
    manager, requests_q1, django_capture_on_commit_callbacks
):
    """A click during a broker outage is not lost: the sweep starts the report."""
    period = Period("quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    down = "redis://127.0.0.1:1/0"  # nothing listens there: connections are refused
    with (
        celery_conf(task_always_eager=False, broker_url=down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = services.report_request(
            period=period, scope=scope_for(), language="en", by=manager
        )
        fresh = services.report_request(
            period=period, scope=scope_for(), language="bg", by=manager
        )
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reports() == [report.pk]  # the fresh one is left alone for now
    assert Report.objects.get(pk=report.pk).status == Report.Status.DONE
    assert Report.objects.get(pk=fresh.pk).status == Report.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reports() == []  # done: nothing to start again


# --- The schedule ---------------------------------------------------------------------


@pytest.mark.django_db
def test_scheduled_generation_is_not_duplicated_when_beat_fires_twice(
    requests_q1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = generate_scheduled_reports("quarter", today="2026-04-02")
    checksums = set(Report.objects.values_list("pdf_sha256", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        second = generate_scheduled_reports("quarter", today="2026-04-02")
    assert first == second
    assert Report.objects.count() == 2  # one per language
    assert set(Report.objects.values_list("pdf_sha256", flat=True)) == checksums
    assert set(Report.objects.values_list("status", flat=True)) == {"done"}
    report = Report.objects.get(language="bg")
    assert (report.start_on, report.end_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    assert report.origin == Report.Origin.SCHEDULED
