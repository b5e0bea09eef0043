"""Database and cache outages: a 503 page, never a 500; the forms keep working."""

import logging
import os

from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper

import pytest

from tests.requests_app.factories import ServiceFactory, StaffFactory
from tests.requests_app.filing_files import filing_data
from tests.servicedesk.test_health import closed_local_port

OUTAGE_TEXT = "Service briefly unavailable"


@pytest.fixture
def visitor(client):
    """A client that receives the error page instead of the exception."""
    client.raise_request_exception = False
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the test URLs have no prefix
    return client


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as with PostgreSQL gone: connection refused."""

    def refuse(self, sql, params=None):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


def assert_outage_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert OUTAGE_TEXT in response.content.decode()


@pytest.mark.django_db
def test_public_page_answers_503_while_the_database_is_down(visitor, database_down):
    """A visitor sees "try again in a few minutes" with Retry-After, not a 500 (#10)."""
    response = visitor.get("/en/services/")

    assert_outage_page(response)
    assert "was not received" in response.content.decode()


@pytest.mark.django_db
def test_outage_page_follows_the_page_language(visitor, database_down):
    response = visitor.get("/bg/services/")

    assert response.status_code == 503
    assert '<html lang="bg">' in response.content.decode()


@pytest.mark.django_db
def test_signed_in_staff_get_503_when_the_session_cannot_be_read(client, monkeypatch):
    """The error comes from middleware (session, user), before any view (#10)."""
    client.force_login(StaffFactory())
    client.raise_request_exception = False

    def refuse(self, sql, params=None):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    assert_outage_page(client.get("/en/staff/"))


@pytest.mark.django_db
def test_filing_a_request_answers_503_while_the_database_is_down(visitor, monkeypatch):
    """A POST that fails mid-way says the form was not received (#10)."""
    service = ServiceFactory()
    url = f"/en/services/{service.code}/apply/"
    form_page = visitor.get(url)
    assert form_page.status_code == 200

    def refuse(self, sql, params=None):
        raise OperationalError("could not receive data from server")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = visitor.post(url, {"citizen_name": "Мария Петрова"})

    assert_outage_page(response)


@pytest.mark.urls("tests.servicedesk.error_urls")
@pytest.mark.parametrize("kind", ["operational", "interface"])
def test_connection_errors_anywhere_answer_503(visitor, kind):
    assert_outage_page(visitor.get(f"/fail/{kind}/"))


@pytest.mark.urls("tests.servicedesk.error_urls")
@pytest.mark.parametrize("kind", ["programming", "bug"])
def test_other_errors_still_answer_500(visitor, kind):
    """A bug is a bug: only an unreachable database is "come back later"."""
    response = visitor.get(f"/fail/{kind}/")

    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def test_database_at_a_closed_port_answers_503(visitor, django_db_blocker):
    """The real thing: the database server refuses connections (#10)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        message = "Needs PostgreSQL: set DATABASE_URL=postgres://..."
        if os.environ.get("CI"):
            pytest.fail(f"{message} CI runs on PostgreSQL.")
        pytest.skip(message)
    settings_dict = connection.settings_dict
    saved = settings_dict["HOST"], settings_dict["PORT"]
    with django_db_blocker.unblock():
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", closed_local_port()
        try:
            response = visitor.get("/en/services/")
        finally:
            connection.close()
            settings_dict["HOST"], settings_dict["PORT"] = saved

    assert_outage_page(response)


# --- The cache ------------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """The default cache is a Redis where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_local_port()}/0",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }


@pytest.mark.django_db
def test_request_filing_works_with_the_cache_down_and_logs_it(
    client, cache_down, caplog
):
    """Throttles fail open: the citizen files, a warning is logged (#10)."""
    service = ServiceFactory()
    with caplog.at_level(logging.WARNING, logger="requests_app.throttles"):
        response = client.post(f"/en/services/{service.code}/apply/", filing_data())

    assert response.status_code == 302
    assert "/done/" in response.url
    assert "cache unreachable" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/track/", {"registry_number": "94-00-1/01.01.2026", "email": "a@b.bg"}),
        ("/en/my/sign-in/", {"email": "a@b.bg"}),
        ("/en/complaints/follow-up/", {"code": "ABCD-EFGH-IJKL-MNOP"}),
        (
            "/en/suggestions/",
            {"title": "Benches", "text": "More benches in the park, please."},
        ),
    ],
    ids=["tracking-lookup", "citizen-sign-in", "complaint-follow-up", "suggestion"],
)
def test_public_forms_answer_with_the_cache_down(client, cache_down, url, data):
    response = client.post(url, data)

    assert response.status_code in {200, 302}
