"""Writes of the standards app: reports (request, generate, schedule, publish,
withdraw) and management comments."""

import hashlib
import logging
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from requests_app.errors import ServiceError
from requests_app.models import Department, Service, User
from requests_app.pdf import render_pdf
from requests_app.services import audit_record

from .exports import report_charts, report_csv
from .indicators import INDICATORS, Scope
from .models import ManagementComment, Report, ScopeKind
from .periods import Period, period_last_complete
from .selectors import report_build, scope_of

logger = logging.getLogger(__name__)


class ReportNotReady(ServiceError):
    pass


def _scope_fields(scope: Scope) -> dict:
    return {
        "scope_kind": scope.kind,
        "department_id": scope.department_id,
        "service_id": scope.service_id,
    }


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
        **_scope_fields(scope),
    )
    audit_record(actor=by, action="report.request", target=report)
    _enqueue(report.pk)
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import generate_report

    # A broker outage must not turn the manager's click into an error: the report
    # stays "waiting" and `report_sweep` (Celery beat) starts it later.
    transaction.on_commit(partial(generate_report.delay, report_id), robust=True)


def _progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id).update(progress=percent)


def report_documents(report: Report) -> tuple[bytes, bytes]:
    """Return the PDF and the CSV of a report, in the report's language."""
    period = Period(report.period_kind, report.start_on, report.end_on)
    with translation.override(report.language):
        scope = scope_of(report)
        data = report_build(period=period, scope=scope)
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


def report_generate(*, report_id: int) -> Report:
    """Build a report's PDF and CSV once; the files are never rewritten.

    A failure is stored with its reason so the manager sees it on the status page.
    """
    report = Report.objects.select_related("department", "service").get(pk=report_id)
    if report.status == Report.Status.DONE:  # a duplicate delivery of the task
        return report
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, progress=10, error=""
    )
    try:
        pdf, csv = report_documents(report)
    except Exception as error:  # any failure must reach the manager, with its reason
        logger.exception("Report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
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


def report_sweep(
    *,
    waiting_longer_than: timedelta = timedelta(minutes=2),
    running_longer_than: timedelta = timedelta(minutes=30),
) -> list[int]:
    """Start again the reports nobody is generating: broker outage or a dead worker.

    Return the ids sent to the queue. Generation is idempotent, so a report that a
    slow worker is still building is only built once.
    """
    now = timezone.now()
    stuck = Report.objects.filter(
        Q(status=Report.Status.PENDING, created_at__lte=now - waiting_longer_than)
        | Q(status=Report.Status.RUNNING, created_at__lte=now - running_longer_than)
    )
    ids = list(stuck.order_by("pk").values_list("pk", flat=True)[:50])
    for report_id in ids:
        _enqueue(report_id)
    return ids


def report_schedule(*, kind: str, today: date | None = None) -> list[Report]:
    """Generate the municipality's report for the last whole quarter or year.

    Safe when Celery beat fires twice: the unique constraint on period, scope and
    language lets only one row exist; an existing unfinished one is finished.
    """
    period = period_last_complete(kind=kind, today=today or timezone.localdate())
    scope = Scope("municipality")
    reports = []
    for language, _name in settings.LANGUAGES:
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    period_kind=period.kind,
                    start_on=period.start,
                    end_on=period.end,
                    scope_key=scope.key,
                    language=language,
                    origin=Report.Origin.SCHEDULED,
                    **_scope_fields(scope),
                )
        except IntegrityError:
            report = Report.objects.get(
                period_kind=period.kind,
                start_on=period.start,
                end_on=period.end,
                scope_key=scope.key,
                language=language,
                origin=Report.Origin.SCHEDULED,
            )
        reports.append(report_generate(report_id=report.pk))
    return reports


@transaction.atomic
def report_publish(*, report: Report, by: User) -> Report:
    """Show a finished report in the public archive."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Report.Status.DONE:
        raise ReportNotReady(gettext("Only a finished report can be published."))
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
