"""Celery adapters for the feedback app: thin and safe to run twice."""

from datetime import date

from django.utils import timezone

from celery import shared_task

from feedback.services.reminders import complaint_reminders_send


@shared_task(acks_late=True)
def send_complaint_reminders(today: str | None = None) -> int:
    """Remind officers of terms about to end; never twice for the same term."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return complaint_reminders_send(today=day)
