"""System checks of the deployment's wiring (`manage.py check`, run by `migrate`).

servicedesk.W001: with DEBUG off, a cache in each process's own memory. The throttles
of the public forms (THROTTLE_RATES) count in the cache: with local memory every
gunicorn worker, on every node, keeps its own counters, so a client gets the limit
once per worker, and anything cached is cached once per process.

servicedesk.W002: behind a pooler in transaction pooling (DATABASE_TRANSACTION_POOLING)
with no direct connection for the scheduler lock (CELERY_BEAT_LOCK_DATABASE_URL). The
lock is a session-level advisory lock (servicedesk.beat): through the pooler it is
taken on a server connection that other clients then use, and the leader's checks
run on other server connections, so leadership is lost and taken again at random.

servicedesk.W003: with DEBUG off, no SMS gateway (SMS_GATEWAY_URL). Citizens who chose
to be told by SMS would get nothing: their notices are only written to the console,
as in the demo.
"""

from django.conf import settings
from django.core import checks

# `manage.py check --tag servicedesk` runs these checks alone.
TAG = "servicedesk"

# Cache backends whose entries live in one process only.
PER_PROCESS_CACHES = frozenset({"django.core.cache.backends.locmem.LocMemCache"})


@checks.register(checks.Tags.caches, TAG)
def cache_shared_between_processes(
    app_configs=None, **kwargs
) -> list[checks.CheckMessage]:
    """Warn when production's default cache lives in each process's memory."""
    if settings.DEBUG:
        return []  # the embedded single-process setup: local memory is enough
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The cache is in each process's own memory: the throttles of the public "
            "forms and the cache are per process, so every gunicorn worker on every "
            "node keeps its own counters and a client gets each limit once per "
            "worker.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) to share them.",
            obj="CACHES",
            id="servicedesk.W001",
        )
    ]


@checks.register(TAG)
def scheduler_lock_outside_transaction_pooling(
    app_configs=None, **kwargs
) -> list[checks.CheckMessage]:
    """Warn when the scheduler's session-level lock would go through the pooler."""
    pooled = getattr(settings, "DATABASE_TRANSACTION_POOLING", False)
    if not pooled or getattr(settings, "CELERY_BEAT_LOCK_DATABASE_URL", ""):
        return []
    return [
        checks.Warning(
            "The database is reached through a pooler in transaction pooling, and the "
            "scheduler lock, a session-level advisory lock, would be taken through it: "
            "there it does not hold, and two beats could both send the periodic jobs.",
            hint=(
                "Set CELERY_BEAT_LOCK_DATABASE_URL to a direct connection to "
                "PostgreSQL (not through the pooler)."
            ),
            obj="CELERY_BEAT_LOCK_DATABASE_URL",
            id="servicedesk.W002",
        )
    ]


@checks.register(TAG)
def sms_gateway_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when production would print SMS notices to the console."""
    if settings.DEBUG or getattr(settings, "SMS_GATEWAY_URL", ""):
        return []
    return [
        checks.Warning(
            "No SMS gateway is configured: notices to citizens who chose SMS are only "
            "written to the console, never sent.",
            hint="Set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN (README, the SMS gateway).",
            obj="SMS_GATEWAY_URL",
            id="servicedesk.W003",
        )
    ]
