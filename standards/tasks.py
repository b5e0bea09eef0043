"""Celery adapters for reports: take ids, call a service. Safe to run twice."""

from datetime import date

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def generate_report(report_id: int) -> str:
    """Generate one report's files (nothing to do when they exist)."""
    return services.report_generate(report_id=report_id).status


@shared_task(acks_late=True)
def generate_scheduled_reports(kind: str, today: str | None = None) -> list[int]:
    """Generate the municipality's report for the last whole `kind` (quarter, year)."""
    day = date.fromisoformat(today) if today else None
    return [report.pk for report in services.report_schedule(kind=kind, today=day)]


@shared_task(acks_late=True)
def sweep_reports() -> list[int]:
    """Start again the reports left waiting by a broker outage or a dead worker."""
    return services.report_sweep()
