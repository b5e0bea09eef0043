"""Shared fixtures: staff of each role, a service, Chromium for browser tests."""

import email
import os
import shutil
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from urllib.parse import quote

from django.utils import timezone, translation

import pytest

from tests.requests_app.casework_helpers import TODAY as CASE_FILING_DAY
from tests.requests_app.filing_files import celery_conf

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "assets" / "axe.min.js"


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    """Fast password hashing; uploaded files in a throw-away folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium (Playwright cannot download browsers here).

    In CI a missing browser fails the run; it never skips silently.
    """
    path = next((p for p in CHROMIUM_CANDIDATES if shutil.which(p)), None)
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.1 A/AA rules) on a Playwright page; fail on a violation."""

    def check(page) -> None:
        page.add_script_tag(content=AXE_JS.read_text())
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes'][:3]]})"
            for v in result["violations"]
        ]
        assert violations == [], f"axe violations on {page.url}: {violations}"

    return check


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Let axe-core be injected despite the site's Content-Security-Policy."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level messages in English (the source language) unless a test overrides.

    Pages still follow the language in the URL (LocaleMiddleware activates it).
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache (rate-limit counters live there).

    With REDIS_URL set (CI) the cache is a Redis database shared by the whole run.
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Run Celery tasks in-process, as without a broker, unless the test uses a worker.

    CI sets CELERY_BROKER_URL for the whole run. Without this, tasks sent by ordinary
    tests would wait in Redis for a worker that is not there: the same test would pass
    locally (no broker, eager) and fail in CI. A test may still switch it off itself.
    """
    if "celery_worker_process" in request.fixturenames:
        yield
        return
    from servicedesk.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


# --- A real Celery worker for tests marked `worker` ----------------------------------

WORKER_READY_TIMEOUT = 60  # seconds; a cold start on 2 busy cores takes 3-10 s


def _skip_or_fail_outside_ci(reason: str) -> None:
    """Skip locally; in CI the missing service is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)


class SmtpSink:
    """A local SMTP server (aiosmtpd) that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted"

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def wait_for(self, predicate=lambda message: True, timeout: float = 30.0):
        """Return the first message matching `predicate`; fail after `timeout` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if predicate(message):
                    return message
            time.sleep(0.1)
        subjects = [message["Subject"] for message in self.messages]
        pytest.fail(f"No matching e-mail within {timeout} s; received: {subjects}")


class CeleryWorkerProcess:
    """A `celery -A servicedesk worker` subprocess using the test database."""

    def __init__(self, process, log_path: Path, mailbox: SmtpSink) -> None:
        self.process = process
        self.log_path = log_path
        self.mailbox = mailbox

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_for_log(self, text: str, timeout: float = 30.0) -> None:
        """Wait until the worker's log contains `text` (e.g. "succeeded")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_path.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited:\n{self.log_tail()}")
            time.sleep(0.1)
        tail = self.log_tail()
        pytest.fail(f"{text!r} not in the worker log within {timeout} s:\n{tail}")


def _test_database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL for the test database pytest-django has created."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    # A socket directory as host becomes %2Fvar%2Frun%2Fpostgresql (django-environ).
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    name = quote(settings_dict["NAME"], safe="")
    return f"postgres://{credentials}{host}{port}/{name}"


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start one real worker for the session, after the test database exists.

    The worker runs in its own process, so it sees only committed rows: the tests that
    use it are transactional (see `celery_worker_process`). It is stopped before
    pytest-django drops the test database.
    """
    from django.db import connection

    if not os.environ.get("CELERY_BROKER_URL"):
        _skip_or_fail_outside_ci(
            "Worker tests need a broker: set CELERY_BROKER_URL=redis://127.0.0.1:6379/1"
        )
    if connection.vendor != "postgresql":
        _skip_or_fail_outside_ci(
            "Worker tests need a database that two processes share: set "
            "DATABASE_URL=postgres://..."
        )

    from servicedesk.celery import app

    # Tasks left in the queue by earlier runs; a connection of its own, whatever state
    # other tests left the app's pools in.
    with app.connection_for_write() as connection_to_broker:
        app.control.purge(connection=connection_to_broker)
    mailbox = SmtpSink()
    mailbox.controller.start()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(connection.settings_dict),
        "EMAIL_URL": mailbox.url,
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "servicedesk", "worker"),
        *("--pool=solo", "--loglevel=INFO", f"--hostname=pytest-{os.getpid()}@%h"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    worker = CeleryWorkerProcess(process, log_path, mailbox)
    try:
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while " ready." not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not start:\n{worker.log_tail()}")
            time.sleep(0.2)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        mailbox.controller.stop()


@pytest.fixture
def celery_worker_process(_celery_worker_session, transactional_db):
    """A running Celery worker (real broker, same test database) and its SMTP mailbox.

    Use with `@pytest.mark.worker`. The test is transactional so that the worker sees
    what the test commits. Mail sent by the worker lands in `.mailbox.messages`:
    `celery_worker_process.mailbox.wait_for(lambda m: "..." in m["Subject"])`.
    Fails in CI when CELERY_BROKER_URL or PostgreSQL is missing; skips elsewhere.
    """
    from servicedesk.celery import app

    _celery_worker_session.mailbox.messages.clear()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False  # tasks go to the broker, the worker runs them
    yield _celery_worker_session
    app.conf.task_always_eager = saved


@pytest.fixture
def tasks_in_process():
    """Run Celery tasks in-process, even where CI points Celery at a real broker."""
    with celery_conf(task_always_eager=True):
        yield


@pytest.fixture
def on_filing_day(monkeypatch):
    """Make "today" the day `casework_helpers.case()` files on, for the pages and
    services that read the clock: a case due in 14 days is then extendable by its
    clerk whatever the real date (after the due date only the head may extend)."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *a, **k: (
            CASE_FILING_DAY if value is None else real_localdate(value)
        ),
    )
    return CASE_FILING_DAY
