"""The outbox: a notice per change, sent after commit, once, and never lost (#2)."""

import socket
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.utils import timezone

import pytest
from celery.exceptions import Retry

from requests_app.errors import NoticeNotDelivered
from requests_app.models import CitizenRequest, Notice
from requests_app.services.outbox import (
    MailServerUnreachable,
    notice_create,
    notice_send,
    outbox_sweep,
)
from requests_app.services.submission import request_submit
from requests_app.tasks import send_notice, sweep_outbox

from .factories import ServiceFactory
from .filing_files import LOCMEM, celery_conf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


def closed_port() -> int:
    """Return a local TCP port nobody listens on (connections are refused: real)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailer(port: int, **options) -> dict:
    """A MAILERS entry for a real SMTP connection to 127.0.0.1:`port`."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, **options},
    }


def write_notice(**kwargs) -> Notice:
    values = {
        "kind": "test",
        "recipient": "citizen@example.org",
        "language": "en",
        "template": "requests_app/email/citizen_login",
        "context": {"login_url": "https://example.org/x", "minutes": 30},
    }
    notice = notice_create(**(values | kwargs))
    assert notice is not None
    return notice


def make_old(*notices: Notice) -> None:
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )


def file_request(**kwargs) -> CitizenRequest:
    return request_submit(
        service=kwargs.pop("service", None) or ServiceFactory(),
        citizen_name="Мария Петрова",
        citizen_email="maria@example.org",
        details="Моля за удостоверение.",
        **kwargs,
    )


class RefusingBackend(LocmemBackend):
    """The mail server is up but refuses one address (mocks only the SMTP side)."""

    def send_messages(self, messages):
        if any("refused@" in address for m in messages for address in m.to):
            raise SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        return super().send_messages(messages)


def test_notice_is_written_in_the_same_transaction(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        transaction.atomic(),
    ):
        citizen_request = file_request()
        # Visible inside the filing's transaction, not yet sent.
        notice = Notice.objects.get(request=citizen_request)
        assert notice.sent_at is None
        assert len(mail.outbox) == 0
    assert len(callbacks) == 1  # the send is queued for after commit


def test_notice_is_encrypted_at_rest_and_readable_when_sent(
    settings, django_capture_on_commit_callbacks
):
    """Outbox rows hold personal data and confidential answers: none in clear."""
    settings.MAILERS = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        notice = write_notice(
            kind="complaint-answer",
            attachment=("proof.pdf", b"%PDF-1.4 receipt ABCD-EFGH", "application/pdf"),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipient, body, attachment_content FROM requests_app_notice"
            " WHERE id = %s",
            [notice.pk],
        )
        recipient, body, content = cursor.fetchone()
    assert "citizen@example.org" not in recipient
    assert "https://example.org/x" not in body
    assert b"ABCD-EFGH" not in bytes(content)
    # The message itself goes out in clear to the right person.
    assert mail.outbox[-1].to == ["citizen@example.org"]
    assert "https://example.org/x" in mail.outbox[-1].body
    assert mail.outbox[-1].attachments[0][1] == b"%PDF-1.4 receipt ABCD-EFGH"


def test_rolled_back_filing_leaves_no_notice(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="changed my mind"),
        transaction.atomic(),
    ):
        file_request()
        raise RuntimeError("changed my mind")
    assert callbacks == []
    assert Notice.objects.count() == 0
    assert CitizenRequest.objects.count() == 0
    assert mail.outbox == []


def test_notice_is_sent_after_commit(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        citizen_request = file_request()
    notice = Notice.objects.get(request=citizen_request)
    assert notice.sent_at is not None
    assert notice.attempts == 1
    [message] = mail.outbox
    assert message.to == ["maria@example.org"]
    assert citizen_request.registry_number in message.subject


def test_task_called_twice_sends_once(settings):
    """A duplicate delivery of the task (acks_late) sends nothing more (#2)."""
    settings.MAILERS = LOCMEM
    notice = write_notice()
    send_notice(notice.pk)
    send_notice(notice.pk)
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.attempts == 1
    assert notice_send(notice_id=notice.pk) is False


def test_task_for_a_deleted_notice_does_nothing(settings):
    settings.MAILERS = LOCMEM
    notice = write_notice()
    Notice.objects.filter(pk=notice.pk).delete()
    send_notice(notice.pk)
    assert mail.outbox == []


def test_dedupe_key_makes_the_same_alert_once():
    first = write_notice(dedupe_key="overdue:1")
    assert (
        notice_create(
            kind="test",
            recipient="citizen@example.org",
            language="en",
            template="requests_app/email/citizen_login",
            context={"login_url": "x", "minutes": 30},
            dedupe_key="overdue:1",
        )
        is None
    )
    assert Notice.objects.get() == first


def test_no_recipient_no_notice():
    assert (
        notice_create(
            kind="test",
            recipient="",
            language="bg",
            template="requests_app/email/citizen_login",
            context={},
        )
        is None
    )


def test_smtp_down_leaves_the_notice_unsent_and_the_sweep_sends_it(settings):
    """A real refused SMTP connection: the error is recorded; the sweep sends later."""
    settings.MAILERS = {"default": smtp_mailer(closed_port(), timeout=2)}
    notice = write_notice()
    with pytest.raises(MailServerUnreachable, match="refused"):
        notice_send(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert "ConnectionRefusedError" in notice.last_error
    make_old(notice)
    assert outbox_sweep() == 0  # still down: tried again, still unsent
    notice.refresh_from_db()
    assert (notice.attempts, notice.sent_at) == (2, None)

    settings.MAILERS = LOCMEM  # the mail server is back
    assert sweep_outbox() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.last_error == ""
    assert len(mail.outbox) == 1
    assert outbox_sweep() == 0  # never twice


def test_task_asks_celery_to_retry_later_when_the_mail_server_fails(settings):
    settings.MAILERS = {"default": smtp_mailer(closed_port())}
    notice = write_notice()
    with pytest.raises(Retry, match=r"Retry in \d+s") as caught:
        send_notice.apply(args=(notice.pk,), throw=True)
    assert isinstance(caught.value.exc, NoticeNotDelivered)
    assert caught.value.when == 30  # the first wait: never at once, never random (#12)
    notice.refresh_from_db()
    assert (notice.attempts, notice.sent_at) == (1, None)


def test_sweep_skips_fresh_notices_and_goes_past_a_refused_address(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    refused = write_notice(recipient="refused@example.org")
    good = write_notice(recipient="good@example.org")
    fresh = write_notice(recipient="fresh@example.org")
    make_old(refused, good)
    assert outbox_sweep() == 1
    refused.refresh_from_db()
    good.refresh_from_db()
    fresh.refresh_from_db()
    assert refused.sent_at is None
    assert "SMTPRecipientsRefused" in refused.last_error
    assert good.sent_at is not None
    assert fresh.sent_at is None  # its own task is about to send it
    assert [m.to for m in mail.outbox] == [["good@example.org"]]


def test_sweep_tries_the_least_tried_notices_first(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    stuck = write_notice(recipient="refused@example.org")
    waiting = write_notice(recipient="good@example.org")
    make_old(stuck, waiting)
    Notice.objects.filter(pk=stuck.pk).update(attempts=40)
    assert outbox_sweep(limit=1) == 1
    waiting.refresh_from_db()
    assert waiting.sent_at is not None


@pytest.fixture
def broker_down(settings):
    """Celery with a real broker address where nothing listens (not eager)."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    with celery_conf(task_always_eager=False, broker_url=url):
        yield url


def test_broker_down_filing_succeeds_and_the_sweep_sends_later(
    broker_down, client, settings, django_capture_on_commit_callbacks
):
    """With the broker down, filing still works; the notice goes out later (#2)."""
    settings.MAILERS = LOCMEM
    service = ServiceFactory()
    data = {
        "details": "Моля за удостоверение.",
        "citizen_name": "Мария Петрова",
        "citizen_email": "maria@example.org",
        "language": "bg",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/bg/services/{service.code}/apply/", data)
    assert response.status_code == 302
    assert len(callbacks) == 1  # the enqueue was tried, and failed quietly
    citizen_request = CitizenRequest.objects.get()
    notice = Notice.objects.get(request=citizen_request)
    assert notice.sent_at is None
    assert mail.outbox == []
    assert client.get(response.url).status_code == 200

    make_old(notice)
    assert outbox_sweep() == 1  # beat runs the sweep in the worker once it is back
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
