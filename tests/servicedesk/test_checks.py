"""System checks of the deployment (servicedesk/checks.py) (#13)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

import pytest

from servicedesk.checks import TAG

BASE_DIR = Path(__file__).resolve().parents[2]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


def cache_warnings() -> list[checks.CheckMessage]:
    return [
        message
        for message in checks.run_checks(tags=[checks.Tags.caches])
        if message.id == "servicedesk.W001"
    ]


def test_manage_py_check_warns_of_a_per_process_cache_in_production():
    """What an operator sees: `manage.py check` (also run by `migrate`) without
    REDIS_URL and with DEBUG off."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("REDIS_URL", "DJANGO_DEBUG")
    }
    env.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="test-only", DJANGO_TESTING="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "servicedesk.W001" in result.stderr
    assert "per process" in result.stderr
    assert "REDIS_URL" in result.stderr  # the hint says what to set


def test_a_local_memory_cache_with_debug_off_is_warned_of(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    (warning,) = cache_warnings()
    assert warning.level == checks.WARNING
    assert "throttles" in warning.msg


@pytest.mark.parametrize(
    ("debug", "caches"),
    [(False, REDIS), (True, LOCMEM)],
    ids=["redis-in-production", "local-memory-in-the-demo"],
)
def test_a_shared_cache_or_the_embedded_demo_is_not_warned_of(settings, debug, caches):
    settings.DEBUG = debug
    settings.CACHES = caches
    assert cache_warnings() == []


def lock_warnings() -> list[checks.CheckMessage]:
    return [
        message
        for message in checks.run_checks(tags=["servicedesk"])
        if message.id == "servicedesk.W002"
    ]


def test_transaction_pooling_without_a_direct_lock_connection_is_warned_of(settings):
    """The scheduler lock is session-level: through pgbouncer in transaction pooling
    it would not hold (see tests/servicedesk/test_pgbouncer.py for the pooler)."""
    settings.DATABASE_TRANSACTION_POOLING = True
    settings.CELERY_BEAT_LOCK_DATABASE_URL = ""
    (warning,) = lock_warnings()
    assert "CELERY_BEAT_LOCK_DATABASE_URL" in warning.hint

    settings.CELERY_BEAT_LOCK_DATABASE_URL = "postgres://u:p@db.example:5432/desk"
    assert lock_warnings() == []
    settings.DATABASE_TRANSACTION_POOLING = False
    settings.CELERY_BEAT_LOCK_DATABASE_URL = ""
    assert lock_warnings() == []


def sms_warnings() -> list[checks.CheckMessage]:
    found = checks.run_checks(tags=[TAG])
    return [message for message in found if message.id == "servicedesk.W003"]


def test_production_without_an_sms_gateway_is_warned_of(settings):
    settings.DEBUG = False
    settings.SMS_GATEWAY_URL = ""
    (warning,) = sms_warnings()
    assert "SMS_GATEWAY_URL" in warning.hint


def test_a_configured_gateway_or_the_demo_is_not_warned_of(settings):
    settings.DEBUG = False
    settings.SMS_GATEWAY_URL = "https://sms.example.org/api/messages"
    assert sms_warnings() == []
    settings.DEBUG = True
    settings.SMS_GATEWAY_URL = ""
    assert sms_warnings() == []
