"""The outbox: every notice is a row written with the change, sent after commit.

With the broker down the row stays unsent and the periodic sweep sends it later; with
the mail server down the task retries with backoff and the sweep catches what is left.
A row is locked while it is sent and `sent_at` is checked first, so a notice never goes
twice.
"""

import contextlib
import logging
from datetime import timedelta
from functools import partial
from smtplib import SMTPConnectError, SMTPException, SMTPServerDisconnected

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kombu.exceptions import OperationalError as BrokerError

from requests_app.enqueue import task_enqueue, tasks_run_in_process
from requests_app.errors import NoticeNotDelivered
from requests_app.links import tracking_url
from requests_app.models import CitizenRequest, Notice

logger = logging.getLogger(__name__)


SEND_NOTICE_TASK = "requests_app.tasks.send_notice"


class MailServerUnreachable(NoticeNotDelivered):
    """The mail server could not be reached at all (not just one refused message)."""


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
) -> Notice | None:
    """Write a notice in the caller's transaction and send it after commit.

    `template` names two templates, `<template>_subject.txt` and `<template>_body.txt`,
    rendered now in the recipient's language. Returns None when there is no recipient or
    a notice with the same `dedupe_key` exists already.
    """
    if not recipient:
        return None
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    fields: dict[str, object] = {
        "kind": kind,
        "request": request,
        "recipient": recipient,
        "language": language,
        "subject": subject[:300],
        "body": body,
        "dedupe_key": dedupe_key,
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
    transaction.on_commit(partial(_enqueue, notice.pk), robust=True)
    return notice


def citizen_notice_create(
    *,
    citizen_request: CitizenRequest,
    kind: str,
    template: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
) -> Notice | None:
    """Write a notice to the citizen of a request, in their language, with their link.

    The template's context always holds `citizen_request` and `tracking_url`.
    """
    return notice_create(
        kind=kind,
        request=citizen_request,
        recipient=citizen_request.citizen_email,
        language=citizen_request.language,
        template=template,
        context={
            "citizen_request": citizen_request,
            "tracking_url": tracking_url(citizen_request),
            **(context or {}),
        },
        dedupe_key=dedupe_key,
    )


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

    Raise NoticeNotDelivered when the mail server fails; the attempt is recorded.
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
        notice.attempts += 1
        try:
            message.send()
        except (SMTPException, OSError) as exc:
            error = exc
            notice.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            notice.save(update_fields=["attempts", "last_error"])
        else:
            notice.sent_at = timezone.now()
            notice.last_error = ""
            notice.save(update_fields=["attempts", "last_error", "sent_at"])
    if error is not None:
        logger.warning("Notice %s not delivered: %s", notice_id, error)
        failure = (
            MailServerUnreachable if _is_unreachable(error) else NoticeNotDelivered
        )
        raise failure(str(error)) from error
    return True


def _is_unreachable(error: Exception) -> bool:
    """Return whether the mail server could not be reached at all (vs. one refusal)."""
    if isinstance(error, SMTPServerDisconnected | SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, SMTPException)


def outbox_sweep(
    *, older_than: timedelta = timedelta(minutes=1), limit: int = 500
) -> int:
    """Send the notices still unsent (broker or mail outage). Return how many went.

    Notices tried least often go first, so a few that always fail (a refused address)
    never hold back the others. When the mail server cannot be reached at all the sweep
    stops: the next one tries again, instead of waiting out a timeout per notice.
    """
    cutoff = timezone.now() - older_than
    pending = Notice.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
    ids = pending.order_by("attempts", "created_at", "pk").values_list("pk", flat=True)
    sent = 0
    for notice_id in list(ids[:limit]):
        try:
            sent += notice_send(notice_id=notice_id)
        except MailServerUnreachable:
            break  # recorded on the row; the next sweep tries again
        except NoticeNotDelivered:
            continue
    return sent
