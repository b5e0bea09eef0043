"""Reminders to complaint officers of legal terms about to end (a daily job)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from feedback.models import Complaint
from feedback.services.notify import officers_notify
from feedback.workflow import COMPLAINT_TO_ACKNOWLEDGE, COMPLAINT_TO_DECIDE

REMINDER_DAYS_BEFORE = 2  # officers are reminded this many days before a term ends


def complaint_reminders_send(*, today: date | None = None) -> int:
    """Remind officers of terms ending within `REMINDER_DAYS_BEFORE` days.

    One notice per officer, case and term (the due date is in the dedupe key), so a
    second run sends nothing; a term moved later would be reminded again. Return how
    many notices were written.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=REMINDER_DAYS_BEFORE)
    written = 0
    to_acknowledge = Complaint.objects.filter(
        status__in=COMPLAINT_TO_ACKNOWLEDGE, acknowledge_due_on__lte=horizon
    ).select_related("kind")
    to_decide = Complaint.objects.filter(
        status__in=COMPLAINT_TO_DECIDE, decide_due_on__lte=horizon
    ).select_related("kind")
    for term, complaints in (("acknowledge", to_acknowledge), ("decide", to_decide)):
        for complaint in complaints:
            due_on: date = getattr(complaint, f"{term}_due_on")
            with transaction.atomic():  # each case's reminders commit on their own
                written += officers_notify(
                    complaint=complaint,
                    kind=f"complaint_reminder_{term}",
                    template="feedback/email/complaint_reminder",
                    dedupe_key=f"feedback:remind:{complaint.pk}:{term}:{due_on:%Y%m%d}",
                    term=term,
                    due_on=due_on,
                    is_overdue=due_on < today,
                )
    return written
