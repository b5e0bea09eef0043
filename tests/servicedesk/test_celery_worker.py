"""The real Celery worker used by `worker` tests: same broker, same test database."""

from django.utils import timezone

import pytest

from requests_app.models import Notice
from requests_app.tasks import send_notice


@pytest.mark.worker
def test_worker_sends_a_committed_notice_to_the_smtp_server(celery_worker_process):
    """The worker reads the test's committed row and delivers it over SMTP."""
    notice = Notice.objects.create(
        kind="test",
        recipient="citizen@example.org",
        language="bg",
        subject="Заявление 94-00-1/24.11.2026",
        body="Получихме Вашето заявление.",
    )

    send_notice.delay(notice.pk)

    message = celery_worker_process.mailbox.wait_for(
        lambda m: m["Subject"] == "Заявление 94-00-1/24.11.2026"
    )
    assert message["To"] == "citizen@example.org"
    assert "Получихме Вашето заявление." in message.get_content()
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.sent_at <= timezone.now()
