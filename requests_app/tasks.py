"""Celery adapters: take ids, load, call a service. Safe to run twice."""

from celery import shared_task

from .errors import NoticeNotDelivered
from .services import outbox


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
