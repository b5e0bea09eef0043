"""Exactly one Celery beat sends the periodic jobs, however many run (#13).

The lock itself is tested in-process; the behaviour with two real beats started by
`scripts/serve.sh beat` against PostgreSQL and a private Redis, with a job due every
second: the standby sends nothing while the leader lives, takes over within a tick of
the leader being killed, and the leader's restarted beat stands by.
"""

import os
import signal
import time
from datetime import datetime
from pathlib import Path

from django.db import connection

import pytest

from servicedesk.beat import FileLock, PostgresLock
from tests.conftest import _skip_or_fail_outside_ci, _test_database_url
from tests.system.brokers import PrivateRedis, ServeProcess

SENT = "Scheduler: Sending due task lock-test"
HOLDS = "beat: holds the PostgreSQL advisory lock"
STANDS_BY = "beat: standing by"

# A job every second and a lock tried every second: a second sender would show at once.
FAST_SETTINGS = """\
from servicedesk.settings import *  # noqa: F403

CELERY_BEAT_SCHEDULE = {
    "lock-test": {"task": "requests_app.tasks.sweep_outbox", "schedule": 1.0}
}
CELERY_BEAT_LOCK_INTERVAL = 1.0
"""


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        _skip_or_fail_outside_ci(
            "The beat lock tests need PostgreSQL: set DATABASE_URL=postgres://..."
        )


def test_a_file_lock_is_held_by_one_holder_at_a_time(tmp_path):
    """Without PostgreSQL two beats on one machine share a lock file."""
    path = tmp_path / "beat-schedule.lock"
    first, second = FileLock(path), FileLock(path)

    assert first.hold() is True
    assert first.hold() is True  # holding it again is no new acquisition
    assert second.hold() is False

    first.release()
    assert second.hold() is True
    assert first.hold() is False


@pytest.mark.django_db
def test_the_advisory_lock_is_held_by_one_session_at_a_time():
    _require_postgresql()
    first = PostgresLock(connection.settings_dict)
    second = PostgresLock(connection.settings_dict)
    try:
        assert first.hold() is True
        assert second.hold() is False

        first.release()  # the leader's session ends
        assert second.hold() is True
        assert first.hold() is False
    finally:
        first.release()
        second.release()


@pytest.mark.django_db
def test_a_leader_whose_session_the_server_ended_gives_the_lock_up():
    """A restarted server, or a terminated backend, ends the lock with the session."""
    _require_postgresql()
    leader = PostgresLock(connection.settings_dict)
    other = PostgresLock(connection.settings_dict)
    try:
        assert leader.hold() is True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'servicedesk beat lock'"
                " AND datname = current_database()"
            )

        deadline = time.monotonic() + 10  # the backend ends a moment later
        while not other.hold() and time.monotonic() < deadline:
            time.sleep(0.1)

        assert other.hold() is True
        assert leader.hold() is False  # it knows it no longer leads
    finally:
        leader.release()
        other.release()


def _sends(text: str) -> list[str]:
    return [line for line in text.splitlines() if SENT in line]


def _seconds(line: str) -> float:
    """Return the time of a Celery log line ("[2026-12-01 18:05:02,272: ...")."""
    stamp = datetime.strptime(line[1:24], "%Y-%m-%d %H:%M:%S,%f")
    return stamp.timestamp()


@pytest.mark.worker
def test_two_beats_send_each_job_once_and_the_standby_takes_over(
    django_db_setup, tmp_path
):
    _require_postgresql()
    if not PrivateRedis.available():
        _skip_or_fail_outside_ci("redis-server is not installed")
    broker = PrivateRedis(tmp_path / "redis")
    broker.start()
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "beat_lock_settings.py").write_text(FAST_SETTINGS)
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker.url,
        "PYTHONPATH": str(tmp_path / "settings"),
        "DJANGO_SETTINGS_MODULE": "beat_lock_settings",
    }
    beats: list[ServeProcess] = []

    def start_beat(name: str) -> ServeProcess:
        # Two machines: each beat has a schedule file of its own.
        (tmp_path / name).mkdir()
        schedule = str(tmp_path / name / "schedule")
        beat = ServeProcess(
            "beat",
            {**env, "CELERY_BEAT_SCHEDULE_FILE": schedule},
            Path(tmp_path / f"{name}.log"),
        )
        beats.append(beat)
        return beat

    try:
        first = start_beat("first")
        first.wait_for_log(HOLDS)
        second = start_beat("second")
        second.wait_for_log(STANDS_BY)
        time.sleep(5)

        # Both alive: the leader sends the job every second, the standby nothing.
        assert len(_sends(first.log())) >= 4, first.log_tail()
        assert _sends(second.log()) == [], second.log_tail()

        os.kill(first.child_pid(), signal.SIGKILL)  # the leader dies without a word
        killed_at = time.monotonic()
        second.wait_for_log(HOLDS, timeout=15)
        takeover_seconds = time.monotonic() - killed_at
        # serve.sh starts the killed beat again; the lock is taken: it stands by.
        first.wait_for_log("beat exited (status 137)", timeout=15)
        first.wait_for_log(STANDS_BY, timeout=60)
        time.sleep(4)

        first_log, second_log = first.log(), second.log()
        before_kill, after_restart = first_log.split("beat exited (status 137)")
        sent_after_takeover = _sends(second_log)
        total = len(_sends(first_log)) + len(sent_after_takeover)
        print(
            f"\nbeat lock: leader sent {len(_sends(before_kill))}, standby took over "
            f"after {takeover_seconds:.1f} s and sent {len(sent_after_takeover)}; "
            f"{broker.queued()} messages reached the broker"
        )
        assert takeover_seconds < 5  # the lock interval (1 s) and a start-up margin
        assert len(sent_after_takeover) >= 3, second.log_tail()
        assert _sends(after_restart) == [], first.log_tail()
        # Every send logged reached the broker, except perhaps the one the leader was
        # killed during, and nothing else did.
        assert total - 1 <= broker.queued() <= total
        # One job a second from one sender: two senders would double the count.
        times = sorted(map(_seconds, _sends(first_log) + sent_after_takeover))
        assert total <= times[-1] - times[0] + 2
    finally:
        for beat in beats:
            beat.stop()
        broker.stop()
