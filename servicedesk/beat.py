"""Celery beat that sends due jobs only while it holds the scheduler lock.

Beats may run on several machines (or a second one by mistake): exactly one of them,
the leader, sends the periodic jobs; the others stand by and try the lock every
CELERY_BEAT_LOCK_INTERVAL seconds, so one of them takes over within a tick of the
leader's end.

On PostgreSQL the lock is a session-level advisory lock on a connection of the beat's
own: the server releases it when that session ends, however the leader ends (stopped,
killed, its machine gone: TCP keepalives end the session within about half a minute).
Without PostgreSQL (the SQLite demo) it is an fcntl lock on a file next to the
schedule file, which covers the beats of one machine only.

Only the leader opens the schedule file (each job's last run). A beat taking over
reads the file as the last leader on that machine left it; a job it finds no record of
counts from the time this beat started, not from the takeover, so a job due while no
beat led is sent late rather than never (every job is safe to run twice).
"""

import contextlib
import fcntl
import logging
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.utils import ConnectionHandler

import psycopg
from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)

# The advisory lock's key: one bigint, the same in every beat of the deployment. It is
# per database, so two deployments sharing a server do not see each other's lock.
LOCK_KEY = 7_302_149_218_345_316_417
DEFAULT_LOCK_INTERVAL = 5.0


class SchedulerLock(Protocol):
    description: str

    def hold(self) -> bool:
        """Return whether this process holds the lock, taking it if it is free."""

    def release(self) -> None:
        """Give the lock up (nothing happens when it is not held)."""


class PostgresLock:
    """A session-level advisory lock, held on a connection of its own."""

    def __init__(self, database: dict[str, Any]) -> None:
        self.database = database
        self.description = (
            f"PostgreSQL advisory lock {LOCK_KEY} in database {database['NAME']!r}"
        )
        self._connection: psycopg.Connection | None = None

    def hold(self) -> bool:
        try:
            if self._connection is None:
                self._connection = self._connect()
                query = "SELECT pg_try_advisory_lock(%s)"
                params = [LOCK_KEY]
            else:
                # Never unlocked, the lock lasts as long as the session: this fails
                # when the server has ended it (restart, terminated backend).
                query = (
                    "SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory'"
                    " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                    " AND classid::bigint = %s AND objid::bigint = %s)"
                )
                params = [LOCK_KEY >> 32, LOCK_KEY & 0xFFFFFFFF]
            row = self._connection.execute(query, params).fetchone()
        except psycopg.Error as error:
            logger.warning("beat: the scheduler lock is unreachable: %s", error)
            self.release()
            return False
        if not (row and row[0]):
            self.release()  # the next try opens a new session
            return False
        return True

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # Closing fails only on a dead connection, whose session is ending anyway.
            with contextlib.suppress(psycopg.Error):
                connection.close()

    def _connect(self) -> psycopg.Connection:
        """Open the lock's own session (autocommit, outside Django's connections)."""
        # A handler of its own: Django's connections stay untouched.
        handler = ConnectionHandler({"default": dict(self.database)})
        params = handler.create_connection("default").get_connection_params()
        params.setdefault("connect_timeout", 5)
        params.setdefault("application_name", "servicedesk beat lock")
        # A leader whose machine vanishes must not hold the lock for the two hours of
        # the system's TCP keepalive default: both ends probe after 10 s of silence.
        params.setdefault("keepalives_idle", 10)
        params.setdefault("keepalives_interval", 5)
        params.setdefault("keepalives_count", 3)
        connection = psycopg.connect(**params, autocommit=True)
        for name, value in (
            ("tcp_keepalives_idle", "10"),
            ("tcp_keepalives_interval", "5"),
            ("tcp_keepalives_count", "3"),
            ("idle_session_timeout", "0"),  # the lock is held by an idle session
        ):
            connection.execute(  # only where the server knows it (PostgreSQL 14+)
                "SELECT set_config(name, %s, false) FROM pg_settings WHERE name = %s",
                [value, name],
            )
        return connection


class FileLock:
    """An fcntl lock on a file: beats of one machine only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"file lock {path}"
        self._file: Any = None

    def hold(self) -> bool:
        if self._file is not None:
            return True
        file = self.path.open("a")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return False
        self._file = file
        return True

    def release(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            file.close()  # closing the file releases the lock


def scheduler_lock(
    *, lock_database: dict[str, Any] | None, schedule_filename: str
) -> SchedulerLock:
    """Return the lock the beats of this deployment share."""
    if lock_database:
        return PostgresLock(lock_database)
    if connections["default"].vendor == "postgresql":
        if getattr(settings, "DATABASE_TRANSACTION_POOLING", False):
            # Each statement may run on another server session: the lock would be
            # taken by a session the pooler hands to anyone.
            raise ImproperlyConfigured(
                "With DATABASE_TRANSACTION_POOLING, set CELERY_BEAT_LOCK_DATABASE_URL "
                "to a direct connection to PostgreSQL (not through the pooler)."
            )
        return PostgresLock(connections["default"].settings_dict)
    return FileLock(Path(f"{schedule_filename}.lock"))


class LeaderScheduler(PersistentScheduler):
    """Celery's persistent scheduler, acting only while it holds the scheduler lock.

    Chosen in the Celery section of the settings. Standing by, it opens nothing but
    the lock and sends nothing; taking over, it opens the schedule file and works as
    Celery's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lock: SchedulerLock | None = None
        self.is_leader = False
        self.lock_interval = DEFAULT_LOCK_INTERVAL
        self._standing_by = False
        self._started_at = None
        super().__init__(*args, **kwargs)

    def setup_schedule(self) -> None:
        """Prepare the lock; the schedule file waits for the lock (see `tick`)."""
        conf = self.app.conf
        self.lock_interval = float(conf.get("beat_lock_interval") or self.lock_interval)
        self.lock = scheduler_lock(
            lock_database=conf.get("beat_lock_database"),
            schedule_filename=self.schedule_filename,
        )
        self._started_at = self.app.now()
        logger.info(
            "beat: acts only while it holds the %s (tried every %s s)",
            self.lock.description,
            self.lock_interval,
        )

    def tick(self, *args: Any, **kwargs: Any) -> float:
        assert self.lock is not None
        if not self.lock.hold():
            if self.is_leader:
                logger.warning("beat: lost the %s", self.lock.description)
                self._step_down()
            if not self._standing_by:
                logger.info(
                    "beat: standing by: another beat holds the %s; "
                    "trying again every %s s",
                    self.lock.description,
                    self.lock_interval,
                )
                self._standing_by = True
            return self.lock_interval
        if not self.is_leader:
            self._take_over()
        return super().tick(*args, **kwargs)

    def _take_over(self) -> None:
        logger.info("beat: holds the %s: sending the due jobs", self.lock.description)
        self._standing_by = False
        taken_at = self.app.now()
        super().setup_schedule()  # opens the schedule file
        for entry in self.schedule.values():
            # No record in the file: count from this beat's start, not from now, so
            # that a job due between the two is sent now rather than skipped.
            if entry.total_run_count == 0 and entry.last_run_at >= taken_at:
                entry.last_run_at = self._started_at
        self.sync()
        self._heap = None  # rebuilt from the entries at the next tick
        self.is_leader = True

    def _step_down(self) -> None:
        self.is_leader = False
        try:
            super().close()  # saves and closes the schedule file, drops the producer
        finally:
            self._store = None
            self._heap = None

    def get_schedule(self) -> dict:
        return self._store["entries"] if self._store is not None else {}

    def set_schedule(self, schedule: dict) -> None:
        if self._store is not None:
            self._store["entries"] = schedule

    schedule = property(get_schedule, set_schedule)

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lock is not None:
                self.lock.release()
