"""Celery adapters for reports: take ids, call a service. Safe to run twice.

Each task sets its own time limits: a report takes longer than the project's default.
At the soft limit the service records the failure on the report; at the hard limit
the worker is replaced and the sweep restarts the report once its claim is stale.
"""

from datetime import date

from celery import shared_task

from standards import services

# A large annual report renders in minutes (`manage.py benchmark --pdf`).
REPORT_SOFT_TIME_LIMIT = 600
REPORT_TIME_LIMIT = 660
# Queueing and sweeping touch a few rows only.
QUICK_SOFT_TIME_LIMIT = 120
QUICK_TIME_LIMIT = 150


@shared_task(
    acks_late=True,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def generate_report(report_id: int) -> str:
    """Generate one report's files (nothing to do when they exist or are underway)."""
    return services.report_generate(report_id=report_id).status


@shared_task(
    acks_late=True,
    soft_time_limit=QUICK_SOFT_TIME_LIMIT,
    time_limit=QUICK_TIME_LIMIT,
)
def generate_scheduled_reports(kind: str, today: str | None = None) -> list[int]:
    """Queue the municipality's report for the last whole `kind` (quarter, year)."""
    day = date.fromisoformat(today) if today else None
    return [report.pk for report in services.report_schedule(kind=kind, today=day)]


@shared_task(
    acks_late=True,
    soft_time_limit=QUICK_SOFT_TIME_LIMIT,
    time_limit=QUICK_TIME_LIMIT,
)
def sweep_reports() -> list[int]:
    """Start again the reports left waiting by a broker outage or a dead worker."""
    return services.report_sweep()
