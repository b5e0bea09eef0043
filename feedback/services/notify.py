"""Notices about complaints, to the filer and to the officers, through the outbox.

They are never linked to the request a complaint is about: the clerk of that case must
not see them in its history. Officers are told in their own language, by e-mail; the
clerk a complaint names is never told. The filer (and a suggestion's contributor) is
told the way they chose: an e-mail, an SMS (`feedback/sms/<kind>.txt`) or a letter,
which waits for the letters batch. Every notice to a filer carries a dedupe key that
starts `feedback:complaint:<pk>:` (`feedback:suggestion:<pk>:`): the retention step
erases them by it, and `feedback.selectors.letters` decides by it who sees a letter.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from feedback.errors import FeedbackError
from feedback.links import complaint_staff_url, follow_up_url
from feedback.models import Complaint, Suggestion
from feedback.selectors.complaints import complaint_officers_for
from feedback.selectors.contacts import feedback_contact
from requests_app.models import Notice, User
from requests_app.models.requests import NotifyBy, notify_by_default
from requests_app.services import notice_create


def feedback_recipient(holder: Complaint | Suggestion, channel: str) -> str:
    """Return where a notice to the filer goes: their e-mail or phone, or for a
    letter their name (when given) over the postal address, as the envelope shows."""
    contact = feedback_contact(holder, channel)
    if channel == NotifyBy.POST and contact:
        return f"{(holder.contact_name or '').strip()}\n{contact}".strip()
    return contact


def notify_by_choose(*, notify_by: str, email: str, phone: str, address: str) -> str:
    """Return the way a filer is told: the one chosen, else the first of e-mail, SMS
    and letter they gave a contact for (e-mail, and so nothing, when anonymous).

    Raise FeedbackError when the chosen way has no contact but another has.
    """
    contacts = {NotifyBy.EMAIL: email, NotifyBy.SMS: phone, NotifyBy.POST: address}
    if not notify_by or not any(contact.strip() for contact in contacts.values()):
        return notify_by_default(email=email, phone=phone, address=address)
    if notify_by not in NotifyBy.values:
        raise FeedbackError(gettext("Choose how we tell you."), code="notify_by")
    if not contacts[NotifyBy(notify_by)].strip():
        raise FeedbackError(
            gettext("Give the contact for the way you chose, or choose another way."),
            code="notify_by_contact",
        )
    return notify_by


def complaint_reference(complaint: Complaint) -> str:
    """Return the number a letter about the case cites: the case number and the day
    it was received (the receipt code is secret and never stored)."""
    return f"{complaint.pk}/{complaint.received_on:%d.%m.%Y}"


def suggestion_reference(suggestion: Suggestion) -> str:
    """Return the number a letter about a suggestion cites."""
    received_on = timezone.localdate(suggestion.submitted_at)
    return f"{suggestion.pk}/{received_on:%d.%m.%Y}"


def filer_notify(
    *,
    complaint: Complaint,
    kind: str,
    template: str,
    dedupe_key: str,
    attachment: tuple[str, bytes, str] | None = None,
    signed_by: User | None = None,
    **context: Any,
) -> Notice | None:
    """Write a notice to the filer, in the language of the filing, the way they
    chose, if reachable that way.

    An attachment (the proof of filing) goes by e-mail only. A letter cites the case
    number and is signed by `signed_by` (the officer who acted), else by the
    municipality: never by a department's head, whom the complaint may be about. A
    letter left waiting is flagged to those who may read the complaint.
    """
    channel = complaint.notify_by
    return notice_create(
        kind=kind,
        channel=channel,
        recipient=feedback_recipient(complaint, channel),
        language=complaint.language,
        template=template,
        context={
            "complaint": complaint,
            "follow_up_url": follow_up_url(complaint.language),
            "channel": channel,
            **context,
        },
        dedupe_key=dedupe_key,
        attachment=attachment if channel == NotifyBy.EMAIL else None,
        reference=complaint_reference(complaint),
        signed_by=signed_by,
    )


def officers_notify(
    *, complaint: Complaint, kind: str, template: str, dedupe_key: str, **context: Any
) -> int:
    """Write a notice to each officer who may see the case, with a link to it.

    Each officer's key is `dedupe_key` followed by the officer's id, so a second call
    writes nothing. Return how many notices were written.
    """
    written = 0
    for officer in complaint_officers_for(complaint=complaint):
        notice = notice_create(
            kind=kind,
            recipient=officer.email,
            language=officer.language,
            template=template,
            context={
                "complaint": complaint,
                "url": complaint_staff_url(complaint.pk, officer.language),
                **context,
            },
            dedupe_key=f"{dedupe_key}:{officer.pk}",
        )
        written += notice is not None
    return written
