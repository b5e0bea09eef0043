"""The health check that load balancers and monitoring call: GET /healthz."""

import socket

from django.db import DatabaseError
from django.db.backends.utils import CursorWrapper

import pytest


def closed_local_port() -> int:
    """Return a port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_200_with_database_and_broker_state(client, settings):
    """All up: 200 and the state of each, read from the real services."""
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    # CI configures a real Redis broker; without one, tasks run in-process.
    broker = "up" if settings.CELERY_BROKER_URL else "embedded"
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "broker": broker,
        "cache": "up",
    }


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_cache_apart_without_failing(client, settings):
    """Redis down: the cache reads "down", the site is "degraded" but stays in (#10).

    The public forms work without the cache (throttles fail open), so a load balancer
    must not take the site out for it.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_local_port()}/0",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "down"
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    """A database error turns the check red instead of raising a 500."""

    def refuse(self, sql, params=None):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_configured_broker_is_unreachable(
    client, settings
):
    """A broker that refuses connections turns the check red."""
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_local_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "database": "up",
        "broker": "down",
        "cache": "up",
    }


def test_healthz_is_public_and_never_cached(client, db):
    """Monitoring calls it without signing in; proxies must not cache it."""
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_refuses_writes(client, db):
    """Only GET is allowed."""
    assert client.post("/healthz").status_code == 405
