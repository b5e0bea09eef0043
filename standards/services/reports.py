"""Reports: requested, generated under a claim, swept, scheduled, published."""

import hashlib
import logging
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from botocore.exceptions import BotoCoreError, ClientError
from celery.exceptions import SoftTimeLimitExceeded

from requests_app.enqueue import task_enqueue
from requests_app.errors import ServiceError
from requests_app.models import Department, Service, User
from requests_app.pdf import render_pdf
from requests_app.services import audit_record
from servicedesk.db_router import replica_reads
from standards.exports import report_charts, report_csv
from standards.indicators.definitions import INDICATORS
from standards.indicators.measures import Scope
from standards.models import ManagementComment, Report, ScopeKind
from standards.periods import Period, period_is_provisional, period_last_complete
from standards.selectors.report_data import report_build
from standards.selectors.targets import scope_of

logger = logging.getLogger(__name__)


# A claim older than this was left by a worker that died: the sweep starts the report
# again. Longer than the hard time limit of `standards.tasks.generate_report`, so that
# a worker still rendering never loses its claim.
REPORT_CLAIM_STALE_AFTER = timedelta(minutes=15)


# A report still waiting after this was never queued (a broker outage): the sweep
# sends it.
REPORT_WAITING_RESTART_AFTER = timedelta(minutes=2)


# What rendering and storing a report may raise; recorded on the row for the manager.
# OSError: the disk, the storage, a resource WeasyPrint cannot fetch. ValueError: an
# image WeasyPrint cannot load (ImageLoadingError). SuspiciousFileOperation: a file
# name the storage refuses. SoftTimeLimitExceeded: the worker's soft time limit.
# BotoCoreError, ClientError: the object store (MEDIA_STORAGE=s3) is unreachable or
# refuses the file.
REPORT_FAILURES: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    SuspiciousFileOperation,
    SoftTimeLimitExceeded,
    BotoCoreError,
    ClientError,
)


class ReportNotReady(ServiceError):
    pass


class ReportProvisional(ServiceError):
    pass


def _report_enqueue(report_id: int) -> None:
    # A broker outage must not turn the manager's click into an error: the report
    # stays "waiting" and `report_sweep` (Celery beat) starts it later.
    transaction.on_commit(
        partial(task_enqueue, "standards.tasks.generate_report", report_id),
        robust=True,
    )


@transaction.atomic
def report_request(
    *, period: Period, scope: Scope, language: str, by: User | None
) -> Report:
    """Record a report to generate and start it after commit (Celery)."""
    report = Report.objects.create(
        period_kind=period.kind,
        start_on=period.start,
        end_on=period.end,
        scope_key=scope.key,
        language=language,
        origin=Report.Origin.ON_DEMAND,
        requested_by=by,
        **scope.fields,
    )
    audit_record(actor=by, action="report.request", target=report)
    _report_enqueue(report.pk)
    return report


def _progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id).update(progress=percent)


def report_documents(report: Report) -> tuple[bytes, bytes]:
    """Return the PDF and the CSV of a report, in the report's language."""
    period = Period(report.period_kind, report.start_on, report.end_on)
    with translation.override(report.language):
        scope = scope_of(report)
        # As of the claim: the figures and the provisional mark agree with the row.
        # Read from the replica, if there is one: they take the longest to read.
        with replica_reads():
            data = report_build(period=period, scope=scope, now=report.started_at)
        _progress(report.pk, 40)
        context = {
            "data": data,
            "report": report,
            "indicators": INDICATORS,
            **report_charts(data),
        }
        pdf = render_pdf("standards/pdf/report.html", context)
        _progress(report.pk, 80)
        csv = report_csv(data)
    return pdf, csv


def report_claim_is_fresh(report: Report, *, now: datetime) -> bool:
    """Return whether a worker is generating the report and may still finish it."""
    return (
        report.status == Report.Status.RUNNING
        and report.started_at is not None
        and report.started_at > now - REPORT_CLAIM_STALE_AFTER
    )


@transaction.atomic
def _report_claim(*, report_id: int) -> tuple[Report, datetime | None]:
    """Lock the report and claim it: running, with the time the claim was made.

    Return the report and the claim's time; None when there is nothing to do (the
    files exist, or another worker's claim is fresh).
    """
    report = Report.objects.select_for_update().get(pk=report_id)
    now = timezone.now()
    if report.status == Report.Status.DONE or report_claim_is_fresh(report, now=now):
        return report, None
    report.status = Report.Status.RUNNING
    report.started_at = now
    report.progress = 10
    report.error = ""
    report.finished_at = None
    report.save(
        update_fields=["status", "started_at", "progress", "error", "finished_at"]
    )
    return report, now


@transaction.atomic
def _report_store(*, report_id: int, pdf: bytes, csv: bytes) -> Report:
    """Save the files and their checksums, unless another worker already has."""
    locked = Report.objects.select_for_update().get(pk=report_id)
    if locked.status == Report.Status.DONE:
        return locked
    stem = f"report-{locked.start_on:%Y%m%d}-{locked.end_on:%Y%m%d}"
    locked.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    locked.csv.save(f"{stem}.csv", ContentFile(csv), save=False)
    locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    locked.csv_sha256 = hashlib.sha256(csv).hexdigest()
    locked.status = Report.Status.DONE
    locked.progress = 100
    locked.finished_at = timezone.now()
    locked.save()
    audit_record(actor=None, action="report.generated", target=locked)
    return locked


def _failure_reason(error: Exception) -> str:
    name, detail = type(error).__name__, str(error)
    reason = f"{name}: {detail}" if detail and not detail.startswith(name) else name
    return reason[:2000]


def _report_fail(*, report_id: int, claimed_at: datetime, error: Exception) -> Report:
    """Record why the report failed, unless another worker has claimed it since."""
    Report.objects.filter(
        pk=report_id, status=Report.Status.RUNNING, started_at=claimed_at
    ).update(
        status=Report.Status.FAILED,
        error=_failure_reason(error),
        finished_at=timezone.now(),
    )
    return Report.objects.get(pk=report_id)


def report_generate(*, report_id: int) -> Report:
    """Build a report's PDF and CSV once; the files are never rewritten.

    The row is claimed and the claim committed before the slow rendering: a second
    delivery of the task, or the sweep, leaves the report alone while the claim is
    fresh. Call it outside a transaction, so that the claim is seen at once. A
    failure is stored with its reason so the manager sees it on the status page.
    """
    report, claimed_at = _report_claim(report_id=report_id)
    if claimed_at is None:
        return report
    try:
        pdf, csv = report_documents(report)
        return _report_store(report_id=report.pk, pdf=pdf, csv=csv)
    except REPORT_FAILURES as error:
        logger.exception("Report %s failed", report.pk)
        return _report_fail(report_id=report.pk, claimed_at=claimed_at, error=error)


def report_sweep(
    *,
    waiting_longer_than: timedelta = REPORT_WAITING_RESTART_AFTER,
    stale_after: timedelta = REPORT_CLAIM_STALE_AFTER,
) -> list[int]:
    """Start again the reports nobody is generating: never queued (a broker outage)
    or claimed by a worker that died (a stale claim). Return the ids sent to the queue.

    A fresh claim is left alone: its worker is still rendering.
    """
    now = timezone.now()
    stuck = Report.objects.filter(
        Q(status=Report.Status.PENDING, created_at__lte=now - waiting_longer_than)
        | Q(status=Report.Status.RUNNING, started_at__lte=now - stale_after)
        # Running without a start time: claimed before claims recorded one.
        | Q(status=Report.Status.RUNNING, started_at__isnull=True)
    )
    ids = list(stuck.order_by("pk").values_list("pk", flat=True)[:50])
    for report_id in ids:
        _report_enqueue(report_id)
    return ids


def _scheduled_report(*, period: Period, scope: Scope, language: str) -> Report:
    """Return the scheduled report of the period, scope and language; create it once.

    Safe when Celery beat fires twice: the unique constraint on period, scope and
    language lets only one row exist.
    """
    key = {
        "period_kind": period.kind,
        "start_on": period.start,
        "end_on": period.end,
        "scope_key": scope.key,
        "language": language,
        "origin": Report.Origin.SCHEDULED,
    }
    try:
        with transaction.atomic():
            return Report.objects.create(**key, **scope.fields)
    except IntegrityError:
        return Report.objects.get(**key)


def report_schedule(*, kind: str, today: date | None = None) -> list[Report]:
    """Queue the municipality's report for the last whole quarter or year, one per
    language; each is generated by its own task, after commit.

    Only a period that has ended before `today` is reported, so a scheduled report
    is never provisional. An existing unfinished report is queued again (its claim
    keeps it from being built twice); a finished one is left as it is.
    """
    today = today or timezone.localdate()
    period = period_last_complete(kind=kind, today=today)
    if period_is_provisional(period, as_of=today):
        raise ValueError("A scheduled report covers only a period that has ended.")
    scope = Scope(ScopeKind.MUNICIPALITY)
    reports = []
    for language, _name in settings.LANGUAGES:
        report = _scheduled_report(period=period, scope=scope, language=language)
        if report.status != Report.Status.DONE:
            _report_enqueue(report.pk)
        reports.append(report)
    return reports


@transaction.atomic
def report_publish(*, report: Report, by: User) -> Report:
    """Show a finished report in the public archive."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Report.Status.DONE:
        raise ReportNotReady(gettext("Only a finished report can be published."))
    if locked.is_provisional:
        raise ReportProvisional(
            gettext(
                "This report is provisional: it was made before its period ended. "
                "Generate it again after the period ends to publish it."
            )
        )
    locked.is_published = True
    locked.published_at = timezone.now()
    locked.withdrawn_at = None
    locked.save(update_fields=["is_published", "published_at", "withdrawn_at"])
    audit_record(actor=by, action="report.publish", target=locked)
    return locked


@transaction.atomic
def report_withdraw(*, report: Report, by: User) -> Report:
    """Take a report out of the public archive (the file stays, unchanged)."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    locked.is_published = False
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["is_published", "withdrawn_at"])
    audit_record(actor=by, action="report.withdraw", target=locked)
    return locked


@transaction.atomic
def comment_add(
    *,
    period: Period,
    department: Department | None,
    service: Service | None,
    text: str,
    by: User,
) -> ManagementComment:
    """Record management's comment on a period and scope."""
    scope_kind = ScopeKind.MUNICIPALITY
    if service is not None:
        scope_kind = ScopeKind.SERVICE
    elif department is not None:
        scope_kind = ScopeKind.DEPARTMENT
    comment = ManagementComment.objects.create(
        start_on=period.start,
        end_on=period.end,
        scope_kind=scope_kind,
        department=None if service else department,
        service=service,
        text=text,
        author=by,
    )
    audit_record(actor=by, action="report.comment", target=comment)
    return comment
