"""How a filer or a contributor is told: the contact for each way, and in words."""

from django.utils.translation import gettext

from feedback.models import Complaint, Suggestion
from requests_app.models.requests import NotifyBy
from requests_app.services.outbox import NOTIFY_BY_PHRASES


def feedback_contact(holder: Complaint | Suggestion, channel: str) -> str:
    """Return the filer's e-mail, phone or postal address for `channel`, or ""."""
    contacts: dict[str, str] = {
        NotifyBy.EMAIL: holder.contact_email,
        NotifyBy.SMS: holder.contact_phone,
        NotifyBy.POST: holder.contact_address,
    }
    return (contacts.get(channel) or "").strip()


def feedback_told_by(holder: Complaint | Suggestion) -> str:
    """Return, for staff, how the filer is told of each change ("by SMS"), or that
    nobody is told (no contact for the way they chose)."""
    if not feedback_contact(holder, holder.notify_by):
        return gettext("none (no contact given)")
    return str(NOTIFY_BY_PHRASES[NotifyBy(holder.notify_by)])
