"""Reads from the read replica, only where the code asks for them.

With DATABASE_REPLICA_URL set, settings add the database "replica" (a PostgreSQL
streaming replica of "default", the primary). Every query goes to the primary unless
it runs inside `replica_reads()`: the managers' dashboard and the building of a report
read months of figures and may show them a moment late, so they take that load off
the primary. Nothing else reads from the replica, so that no page misses a write it
has just made (a filing and its confirmation, a case action, the figures refresh, the
outbox). A replica lags behind the primary by a fraction of a second, sometimes more.

Even inside `replica_reads()` the primary answers:

- every write (the replica is read-only), an object read from the replica included;
- every read when no replica is configured: `replica_reads()` is then a no-op;
- every read when the replica cannot be reached (logged as a warning);
- every read inside a transaction on the primary: the replica cannot see what the
  transaction has written (this also keeps tests wrapped in a transaction working);
- the standards app's own rows (targets, management comments, reports): managers
  write them from the very pages that read them, and they are few.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model

logger = logging.getLogger(__name__)

REPLICA = "replica"

# Apps whose rows are always read from the primary, even inside `replica_reads()`.
PRIMARY_ONLY_APPS = frozenset({"standards"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads made inside the block to the replica, where one is configured.

    A replica that cannot be reached is logged and the block reads the primary: the
    dashboard and the reports stay available while the replica is down.

    Also a decorator (`@replica_reads()`). A queryset is routed when it is evaluated:
    one built inside the block and read after it (in a template) reads the primary.
    """
    token = _replica_reads.set(_replica_reachable())
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    """Return whether settings name a replica (DATABASE_REPLICA_URL)."""
    return REPLICA in connections  # the aliases of settings.DATABASES


def _replica_reachable() -> bool:
    """Return whether the block may read the replica: one is configured, no
    transaction is open on the primary, and its connection opens (or passes the
    health check). Costs nothing with a persistent connection already checked."""
    if not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        logger.warning("Read replica unreachable, reading the primary: %s", error)
        return False
    return True


class ReplicaRouter:
    """The project's database router (DATABASE_ROUTERS): see the module's docstring."""

    def db_for_read(self, model: type[Model], **hints) -> str:
        if (
            _replica_reads.get()
            and replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints) -> str:
        # Without this, Django would save an object read from the replica back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool | None:
        """The replica holds the primary's rows: objects read from both may be
        related to each other."""
        databases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        """Migrations run on the primary only; the replica receives them from it."""
        if db == REPLICA:
            return False
        return None
