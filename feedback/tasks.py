"""Celery adapters for the feedback app: thin and safe to run twice."""

from datetime import date

from django.utils import timezone

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_complaint_reminders(today: str | None = None) -> int:
    """Remind officers of terms about to end; never twice for the same term."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.complaint_reminders_send(today=day)
