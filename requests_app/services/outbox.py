"""The outbox: every notice is a row written with the change, sent after commit.

With the broker down the row stays unsent and the periodic sweep sends it later; with
the mail server down the task retries with backoff and the sweep catches what is left.
A row is locked while it is sent and `sent_at` is checked first, so a notice never goes
twice.

A notice to the citizen of a request goes the way they chose (`notify_by`): an e-mail,
an SMS through the gateway (same retries and sweep; the gateway deduplicates on the
notice's reference, so a retry after an unknown outcome does not send it twice), or a
letter, which waits for the letters batch and is never sent by the worker or the sweep.
"""

import contextlib
import logging
from datetime import datetime, timedelta
from functools import partial
from smtplib import SMTPConnectError, SMTPException, SMTPServerDisconnected

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from kombu.exceptions import OperationalError as BrokerError

from requests_app.enqueue import task_enqueue, tasks_run_in_process
from requests_app.errors import NoticeNotDelivered, ServiceError
from requests_app.links import tracking_url
from requests_app.models import (
    CitizenRequest,
    Department,
    EventKind,
    Notice,
    RequestEvent,
    User,
)
from requests_app.models.requests import NotifyBy
from requests_app.services.audit import audit_record
from requests_app.sms import SmsGatewayUnreachable, sms_segments, sms_send

logger = logging.getLogger(__name__)


SEND_NOTICE_TASK = "requests_app.tasks.send_notice"


class MailServerUnreachable(NoticeNotDelivered):
    """The mail server could not be reached at all (not just one refused message)."""


def sms_reference(notice: Notice) -> str:
    """Return the reference the gateway deduplicates on: the same for every attempt."""
    return f"notice-{notice.pk}"


def _sms_template_names(kind: str, *, app: str = "requests_app") -> list[str]:
    """`status:closed` → <app>/sms/status_closed.txt, then <app>/sms/status.txt."""
    folder = f"{app}/sms"
    names = [f"{folder}/{kind.replace(':', '_')}.txt"]
    if ":" in kind:
        names.append(f"{folder}/{kind.partition(':')[0]}.txt")
    return names


def notice_create(
    *,
    kind: str,
    recipient: str,
    language: str,
    template: str,
    context: dict,
    request: CitizenRequest | None = None,
    dedupe_key: str | None = None,
    attachment: tuple[str, bytes, str] | None = None,
    channel: str = NotifyBy.EMAIL,
    reference: str = "",
    signed_by: User | None = None,
    department: Department | None = None,
) -> Notice | None:
    """Write a notice in the caller's transaction and send it after commit.

    `template` names two templates, `<template>_subject.txt` and `<template>_body.txt`,
    rendered now in the recipient's language. An SMS takes its text from
    `<app>/sms/<kind>.txt` instead, where `<app>` is the template's first folder (the
    subject stays, for the case page). A letter is written and waits for the letters
    batch: it cites `reference` (a registry number), names `department` under the
    letterhead and is signed by `signed_by`, else by that department's head. Returns
    None when there is no recipient or a notice with the same `dedupe_key` exists
    already.
    """
    if not recipient:
        return None
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        if channel == NotifyBy.SMS:
            body = sms_text_render(
                kind=kind, context=context, app=template.partition("/")[0]
            )
        else:  # an e-mail, or the text of a letter
            body = render_to_string(f"{template}_body.txt", context)
    fields: dict[str, object] = {
        "kind": kind,
        "channel": channel,
        "request": request,
        "recipient": recipient,
        "language": language,
        "subject": subject[:300],
        "body": body,
        "dedupe_key": dedupe_key,
        "reference": reference[:100],
        "signed_by": signed_by,
        "department": department,
    }
    if attachment is not None:
        name, content, content_type = attachment
        fields |= {
            "attachment_name": name,
            "attachment_content": content,
            "attachment_type": content_type,
        }
    if dedupe_key is not None:
        try:
            with transaction.atomic():
                notice = Notice.objects.create(**fields)
        except IntegrityError:
            return None  # the same alert exists already
    else:
        notice = Notice.objects.create(**fields)
    if channel != NotifyBy.POST:  # letters wait for the letters batch
        transaction.on_commit(partial(_enqueue, notice.pk), robust=True)
    return notice


def sms_text_render(*, kind: str, context: dict, app: str = "requests_app") -> str:
    """Render the SMS of a notice of `kind`: one line, at most three segments.

    Call in the recipient's language. A text longer than three segments (a template
    that grew) is logged: it still goes, in more segments, rather than cut short.
    """
    text = select_template(_sms_template_names(kind, app=app)).render(context)
    text = " ".join(text.split())
    if sms_segments(text) > MOST_SMS_SEGMENTS:
        logger.warning("SMS of kind %s takes %s segments", kind, sms_segments(text))
    return text


MOST_SMS_SEGMENTS = 3


def citizen_notice_create(
    *,
    citizen_request: CitizenRequest,
    kind: str,
    template: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
    channel: str | None = None,
    signed_by: User | None = None,
) -> Notice | None:
    """Write a notice to the citizen of a request, in their language, with their link.

    The template's context always holds `citizen_request` and `tracking_url`. The
    notice goes the way the citizen chose (`notify_by`): to their e-mail, their phone
    or their postal address; `channel` overrides it (a link asked for by e-mail goes
    by e-mail). A letter cites the registry number and is signed by `signed_by`, else
    by the clerk in charge of the case.
    """
    channel = channel or citizen_request.notify_by
    return notice_create(
        kind=kind,
        channel=channel,
        request=citizen_request,
        recipient=_recipient(citizen_request, channel),
        language=citizen_request.language,
        template=template,
        context={
            "citizen_request": citizen_request,
            "tracking_url": tracking_url(citizen_request),
            **(context or {}),
        },
        dedupe_key=dedupe_key,
        reference=citizen_request.registry_number,
        signed_by=signed_by or citizen_request.assigned_to,
        department=citizen_request.department,
    )


def _recipient(citizen_request: CitizenRequest, channel: str) -> str:
    """Return where a notice goes; a letter's is the name over the postal address."""
    contact = notify_by_contact(citizen_request, channel)
    if channel == NotifyBy.POST and contact:
        return f"{citizen_request.citizen_name.strip()}\n{contact}".strip()
    return contact


def notify_by_contact(citizen_request: CitizenRequest, channel: str) -> str:
    """Return the citizen's e-mail, phone or postal address for `channel`, or ""."""
    contacts: dict[str, str] = {
        NotifyBy.EMAIL: citizen_request.citizen_email,
        NotifyBy.SMS: citizen_request.citizen_phone,
        NotifyBy.POST: citizen_request.citizen_address,
    }
    return contacts.get(channel, "").strip()


class NotifyByNotPossible(ServiceError):
    """The request has no contact for the chosen way of telling the citizen."""


@transaction.atomic
def notify_by_change(*, citizen_request: CitizenRequest, notify_by: str) -> bool:
    """Tell the citizen from now on by `notify_by`. Return whether it changed.

    Recorded in the audit log and, for the clerks, on the case's timeline. Raise
    NotifyByNotPossible when the request has no contact of that kind.
    """
    channel = NotifyBy(notify_by)
    if not notify_by_contact(citizen_request, channel):
        raise NotifyByNotPossible(gettext("We have no contact of this kind."))
    locked = CitizenRequest.objects.select_for_update().get(pk=citizen_request.pk)
    if locked.notify_by == channel:
        return False
    before = locked.notify_by
    locked.notify_by = channel
    locked.save(update_fields=["notify_by", "updated_at"])
    citizen_request.notify_by = channel
    with translation.override(settings.LANGUAGE_CODE):  # read by the clerks
        text = gettext("Notices now %(by)s, as the citizen chose.") % {
            "by": NOTIFY_BY_PHRASES[channel]
        }
    RequestEvent.objects.create(
        request=locked, kind=EventKind.NOTE, is_public=False, text=text
    )
    audit_record(
        actor=None,
        action="request.notify_by",
        target=locked,
        details={"from": before, "to": channel.value},
    )
    return True


# "Notices now …": how the notices go, inside a sentence.
NOTIFY_BY_PHRASES = {
    NotifyBy.EMAIL: gettext_lazy("by e-mail"),
    NotifyBy.SMS: gettext_lazy("by SMS"),
    NotifyBy.POST: gettext_lazy("by letter by post"),
}


def _enqueue(notice_id: int) -> None:
    """Hand a committed notice to Celery; never fail the citizen's request.

    Embedded mode (no broker): send in-process, once; a failure stays on the row for the
    sweep (an eager retry loop would keep the citizen waiting on a dead mail server).
    Broker down: the row stays unsent and the sweep sends it when the broker is back.
    """
    if tasks_run_in_process():
        # A failure is recorded on the row; the sweep tries again.
        with contextlib.suppress(NoticeNotDelivered):
            notice_send(notice_id=notice_id)
        return
    try:
        task_enqueue(SEND_NOTICE_TASK, notice_id)
    except BrokerError as exc:
        logger.warning(
            "Notice %s left for the sweep: broker unreachable (%s)", notice_id, exc
        )


def notice_send(*, notice_id: int) -> bool:
    """Send one notice unless it went already. Return whether it was sent now.

    Raise NoticeNotDelivered when the mail server or the SMS gateway fails; the
    attempt is recorded. A letter is never sent here (it waits for the letters batch).
    """
    error: Exception | None = None
    with transaction.atomic():
        # The lock is held while the message goes out: a second worker (or the sweep)
        # waits here, then finds `sent_at` set and does nothing.
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:  # deleted with its request since it was queued
            return False
        if notice.sent_at is not None:  # duplicate delivery, or a retry after success
            return False
        if notice.channel == NotifyBy.POST:
            return False
        notice.attempts += 1
        update_fields = ["attempts", "last_error"]
        try:
            if notice.channel == NotifyBy.SMS:
                notice.gateway_id = sms_send(
                    to=notice.recipient,
                    text=notice.body,
                    reference=sms_reference(notice),
                )
                update_fields.append("gateway_id")
            else:
                _email_message(notice).send()
        except (SMTPException, OSError, NoticeNotDelivered) as exc:
            error = exc
            notice.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            notice.save(update_fields=["attempts", "last_error"])
        else:
            notice.sent_at = timezone.now()
            notice.last_error = ""
            notice.save(update_fields=[*update_fields, "sent_at"])
    if error is not None:
        logger.warning("Notice %s not delivered: %s", notice_id, error)
        if isinstance(error, NoticeNotDelivered):
            raise error
        failure = (
            MailServerUnreachable if _is_unreachable(error) else NoticeNotDelivered
        )
        raise failure(str(error)) from error
    return True


def _email_message(notice: Notice) -> EmailMessage:
    message = EmailMessage(
        subject=notice.subject,
        body=notice.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient],
    )
    if notice.attachment_name and notice.attachment_content is not None:
        message.attach(
            notice.attachment_name,
            bytes(notice.attachment_content),
            notice.attachment_type or "application/octet-stream",
        )
    return message


def _is_unreachable(error: Exception) -> bool:
    """Return whether the mail server could not be reached at all (vs. one refusal)."""
    if isinstance(error, SMTPServerDisconnected | SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, SMTPException)


def outbox_sweep(
    *, older_than: timedelta = timedelta(minutes=1), limit: int = 500
) -> int:
    """Send the notices still unsent (broker, mail or gateway outage). Return how many
    went.

    Notices tried least often go first, so a few that always fail (a refused address)
    never hold back the others. When the mail server (or the SMS gateway) cannot be
    reached at all the sweep skips the rest of that channel: the next one tries again,
    instead of waiting out a timeout per notice. Letters are not the sweep's: they
    wait for the letters batch.
    """
    cutoff = timezone.now() - older_than
    pending = Notice.objects.filter(
        sent_at__isnull=True, created_at__lte=cutoff
    ).exclude(channel=NotifyBy.POST)
    rows = pending.order_by("attempts", "created_at", "pk").values_list("pk", "channel")
    sent = 0
    down: set[str] = set()
    for notice_id, channel in list(rows[:limit]):
        if channel in down:
            continue
        try:
            sent += notice_send(notice_id=notice_id)
        except (MailServerUnreachable, SmsGatewayUnreachable):
            down.add(channel)  # recorded on the row; the next sweep tries again
        except NoticeNotDelivered:
            continue
    return sent


# The gateway's words for a message that arrived, or never will.
SMS_DELIVERED_STATES = frozenset({"delivered"})
SMS_FAILED_STATES = frozenset({"failed", "undelivered", "expired", "rejected"})


def sms_delivery_record(
    *, gateway_id: str, status: str, at: datetime | None = None
) -> Notice | None:
    """Record the gateway's delivery report on the SMS it names. Safe to repeat.

    `status` is one of SMS_DELIVERED_STATES or SMS_FAILED_STATES. Return the notice,
    or None when no SMS has that id. A message reported delivered stays delivered (a
    late report of failure does not undo it).
    """
    delivered = status in SMS_DELIVERED_STATES
    if not delivered and status not in SMS_FAILED_STATES:
        raise ValueError(f"unknown delivery status {status!r}")
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .filter(channel=NotifyBy.SMS, gateway_id=gateway_id)
            .exclude(gateway_id="")
            .order_by("pk")
            .first()
        )
        if notice is None:
            return None
        if notice.delivery_state == Notice.DeliveryState.DELIVERED:
            return notice
        if delivered:
            notice.delivery_state = Notice.DeliveryState.DELIVERED
            notice.delivered_at = at or timezone.now()
        else:
            notice.delivery_state = Notice.DeliveryState.FAILED
        notice.save(update_fields=["delivery_state", "delivered_at"])
    return notice
