"""Acknowledgements survive a 30 s broker outage, with Redis and with RabbitMQ (#13).

For each broker, a private server on free ports (never the machine's own), the worker
started by the real start script (`scripts/serve.sh worker`) against PostgreSQL, and
an SMTP sink. Requests are filed before, during and after the broker is stopped for
30 s; then the outbox's periodic sweep runs (here at once, rather than a minute
later, so that it races the worker over the notices queued after the outage) and
every acknowledgement is counted at the sink: none lost, none twice. The worker must
outlive the outage without being restarted.

Select with `-m worker` (with the other tests that start real Celery processes).
"""

import asyncio
import os
import time
from collections import Counter
from datetime import timedelta

from django.db import connection

import pytest

from requests_app.models import Notice
from requests_app.services.outbox import outbox_sweep
from requests_app.services.submission import request_submit
from tests.conftest import SmtpSink, _skip_or_fail_outside_ci, _test_database_url
from tests.requests_app.factories import ServiceFactory
from tests.requests_app.filing_files import celery_conf
from tests.system.brokers import PrivateRabbitMQ, PrivateRedis, ServeProcess

OUTAGE_SECONDS = 30
FILING_EVERY = 2  # seconds between filings while the broker is down
BROKERS = {"redis": PrivateRedis, "rabbitmq": PrivateRabbitMQ}
# The test process publishes to the private broker with the transport the settings
# choose for its URL (servicedesk.celery's for Redis).
TRANSPORTS = {"redis": "servicedesk.celery:RedisTransport", "rabbitmq": None}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(params=sorted(BROKERS))
def broker(request, tmp_path):
    kind = BROKERS[request.param]
    if not kind.available():
        _skip_or_fail_outside_ci(f"{kind.name} is not installed (apt-get install)")
    server = kind(tmp_path / kind.name)
    server.start()
    yield server
    server.stop()


class SlowSmtpSink(SmtpSink):
    """The SMTP sink, taking `delay` seconds per message when asked to: tasks are then
    still running, their messages unacknowledged, when the broker stops."""

    delay = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mailbox():
    sink = SlowSmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


def _wait(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {timeout} s: {what}")
        time.sleep(0.2)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_no_acknowledgement_is_lost_or_sent_twice_across_a_broker_outage(
    broker, mailbox, settings, tmp_path
):
    if connection.vendor != "postgresql":
        _skip_or_fail_outside_ci(
            "The outage test needs PostgreSQL: set DATABASE_URL=postgres://..."
        )
    began = time.monotonic()
    # The sweep below runs in this process: its mail goes to the sink too.
    settings.MAILERS = {
        "default": {
            "BACKEND": SMTP,
            "OPTIONS": {"host": "127.0.0.1", "port": mailbox.port, "timeout": 10},
        }
    }
    worker = ServeProcess(
        "worker",
        {
            **os.environ,
            "DATABASE_URL": _test_database_url(connection.settings_dict),
            "CELERY_BROKER_URL": broker.url,
            "EMAIL_URL": mailbox.url,
            # Room for more than the tasks in flight: the worker is still waiting
            # for messages when the broker goes (kombu's Redis transport failed then).
            "CELERY_CONCURRENCY": "4",
        },
        tmp_path / "worker.log",
    )
    service = ServiceFactory(name_en="Certificate of heirs")
    filed: list[str] = []
    during_outage = swept = 0

    def file_one() -> None:
        email = f"outage-{broker.name}-{len(filed) + 1}@example.org"
        request_submit(
            service=service,
            citizen_name="Мария Петрова",
            details="Моля за удостоверение за наследници.",
            citizen_email=email,
            language="bg",
        )
        filed.append(email)

    try:
        worker.wait_for_log(" ready.", timeout=90)
        with celery_conf(
            broker_url=broker.url,
            broker_transport=TRANSPORTS[broker.name],
            task_always_eager=False,
        ):
            for _ in range(3):
                file_one()
            _wait(
                lambda: len(mailbox.messages) >= 3,
                timeout=30,
                what="the worker delivers the acknowledgements before the outage",
            )
            # Two more, whose e-mails are still being sent when the broker stops.
            mailbox.delay = 1.0
            for _ in range(2):
                file_one()
            worker.wait_for_log("] received", count=5, timeout=10)
            broker.stop()
            stopped_at = time.monotonic()
            for second in range(0, OUTAGE_SECONDS, FILING_EVERY):
                time.sleep(max(0.0, stopped_at + second - time.monotonic()))
                file_one()
                during_outage += 1
            time.sleep(max(0.0, stopped_at + OUTAGE_SECONDS - time.monotonic()))
            mailbox.delay = 0.0
            broker.start()
            for _ in range(3):
                file_one()

            worker.wait_for_log("Connected to", count=2, timeout=60)
            swept = outbox_sweep(older_than=timedelta(0))
            _wait(
                lambda: {m["X-Envelope-To"] for m in mailbox.messages} >= set(filed),
                timeout=30,
                what="every acknowledgement reaches the sink",
            )
            # Then let the worker finish what the broker still holds: a duplicate
            # would come from there.
            _wait(
                lambda: (
                    broker.queued() == 0
                    and worker.log().count("] received")
                    == worker.log().count("] succeeded")
                ),
                timeout=30,
                what="the worker empties the queue",
            )
            time.sleep(2)
    finally:
        worker.stop()

    delivered = Counter(m["X-Envelope-To"] for m in mailbox.messages)
    lost = [email for email in filed if delivered[email] == 0]
    duplicated = {email: n for email, n in delivered.items() if n > 1}
    unknown = set(delivered) - set(filed)
    restarts = worker.log().count("worker exited")
    print(
        f"\nbroker outage ({broker.name}, {OUTAGE_SECONDS} s): filed {len(filed)} "
        f"({during_outage} while the broker was down), acknowledgements delivered "
        f"{sum(delivered.values())}, lost {len(lost)}, duplicated {len(duplicated)}; "
        f"the sweep sent {swept}; worker restarts {restarts}; "
        f"{time.monotonic() - began:.0f} s"
    )
    assert during_outage == OUTAGE_SECONDS // FILING_EVERY
    assert lost == []
    assert duplicated == {}
    assert unknown == set()
    assert not Notice.objects.filter(sent_at__isnull=True).exists()
    # The worker outlived the outage; serve.sh would have restarted it otherwise.
    assert restarts == 0, worker.log_tail(80)
