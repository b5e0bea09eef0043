"""Celery adapters: take ids, load, call a service. Safe to run twice."""

from datetime import date

from django.utils import timezone

from celery import shared_task

from requests_app.errors import NoticeNotDelivered
from requests_app.services import alerts, figures, letters, outbox, retention


@shared_task(
    acks_late=True,
    autoretry_for=(NoticeNotDelivered,),
    retry_backoff=30,
    retry_backoff_max=1800,
    # Celery's default "full jitter" draws the wait between 0 and the backoff, so a
    # retry could come at once, in a loop against a mail server that is down. The
    # waits are 30 s, 1, 2, 4, 8 and 16 min; notices written at different times
    # stay spread out without it.
    retry_jitter=False,
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


@shared_task(acks_late=True)
def send_unanswered_alerts(today: str | None = None) -> int:
    """Put to clerks the cases left too long without the citizen's answer."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return alerts.unanswered_alerts_send(today=day)


@shared_task(acks_late=True)
def send_late_letter_alerts(today: str | None = None) -> int:
    """Tell department heads which letters were not posted by the next working day."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return letters.late_letter_alerts_send(today=day)


# --- Retention of personal data ---------------------------------------


# An old database may hold years of cases to anonymise: the run gets an hour; each case
# commits on its own, so what a stopped run left is done by the next day's run.
@shared_task(acks_late=True, soft_time_limit=55 * 60, time_limit=60 * 60)
def apply_retention(today: str | None = None) -> dict[str, int]:
    """Anonymise the closed cases past their retention period; safe to run twice."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    results = retention.retention_apply(today=day)
    return {result.kind: result.anonymised for result in results}


# --- Figures of the reports -------------------------------------------


@shared_task(acks_late=True)
def refresh_figures() -> int:
    """Recompute the stored figures of the days changed since the last run; safe to
    run twice (a day is recomputed from the raw tables, whatever was stored)."""
    return len(figures.figures_refresh().days)
