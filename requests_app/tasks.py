"""Celery adapters: take ids, load, call a service. Safe to run twice."""

from datetime import date

from django.utils import timezone

from celery import shared_task

from requests_app.errors import NoticeNotDelivered
from requests_app.services import alerts, outbox


@shared_task(
    acks_late=True,
    autoretry_for=(NoticeNotDelivered,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def send_notice(notice_id: int) -> None:
    outbox.notice_send(notice_id=notice_id)


@shared_task(acks_late=True)
def sweep_outbox() -> int:
    return outbox.outbox_sweep()


# --- Deadline alerts for staff ----------------------------------------


@shared_task(acks_late=True)
def send_deadline_digests(today: str | None = None) -> int:
    """Send the morning digests (due today, soon, overdue); safe to run twice."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return alerts.deadline_digests_send(today=day)


@shared_task(acks_late=True)
def send_overdue_alerts(today: str | None = None) -> int:
    """Tell department heads, once, about cases that have become overdue."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return alerts.overdue_alerts_send(today=day)
