"""Settings come from the environment, and every variable is documented."""

import itertools
import re
import runpy
from pathlib import Path

from django.conf import DEPRECATED_EMAIL_SETTINGS
from django.conf import settings as dj_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

import environ
import pytest
from celery.schedules import crontab
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parents[2]
# env("NAME", ...), env.bool("NAME", ...), env.db("NAME", ...) and the like.
ENV_READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"')


def test_env_example_documents_every_variable_that_settings_read():
    """A variable read in settings.py and missing from .env.example fails."""
    read = set(ENV_READ.findall((BASE_DIR / "servicedesk" / "settings.py").read_text()))
    example = (BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", example, flags=re.M))

    assert len(read) > 20  # the pattern still finds what settings.py reads
    assert sorted(read - documented) == []


def test_env_example_gives_each_variable_a_comment():
    """Every variable line follows a comment that explains it."""
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    uncommented = [
        line
        for previous, line in itertools.pairwise(lines)
        if re.match(r"^[A-Z][A-Z0-9_]*=", line) and not previous.startswith("#")
    ]
    assert uncommented == []


# --- settings.py run afresh under a chosen environment --------------------------------

SETTINGS = BASE_DIR / "servicedesk" / "settings.py"
APP_PACKAGES = ("servicedesk", "requests_app", "feedback", "standards", "open311")
CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def load_settings(monkeypatch):
    """Return a function running settings.py with only the given variables set."""
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)  # .env

    def load(**variables: str) -> dict:
        read = ENV_READ.findall(SETTINGS.read_text())
        for name in {*read, "DJANGO_TESTING"}:
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def test_mail_goes_to_the_console_through_mailers_by_default(load_settings):
    """Nothing set: the console mailer, and none of Django's deprecated EMAIL_*."""
    loaded = load_settings(DJANGO_DEBUG="true")

    assert loaded["MAILERS"] == {"default": {"BACKEND": CONSOLE, "OPTIONS": {}}}
    assert DEPRECATED_EMAIL_SETTINGS.isdisjoint(loaded)


def test_email_url_becomes_the_default_smtp_mailer(load_settings):
    loaded = load_settings(
        DJANGO_DEBUG="true",
        EMAIL_URL="smtp+tls://uslugi:secret@mail.primerno.bg:587",
        EMAIL_TIMEOUT="7",
    )

    assert loaded["MAILERS"] == {
        "default": {
            "BACKEND": SMTP,
            "OPTIONS": {
                "host": "mail.primerno.bg",
                "port": 587,
                "username": "uslugi",
                "password": "secret",
                "use_tls": True,
                "timeout": 7,
            },
        }
    }
    assert DEPRECATED_EMAIL_SETTINGS.isdisjoint(loaded)


def test_email_host_variables_become_the_default_smtp_mailer(load_settings):
    loaded = load_settings(
        DJANGO_DEBUG="true", EMAIL_HOST="mail.primerno.bg", EMAIL_PORT="2525"
    )

    assert loaded["MAILERS"]["default"] == {
        "BACKEND": SMTP,
        "OPTIONS": {
            "host": "mail.primerno.bg",
            "port": 2525,
            "use_tls": False,
            "timeout": 10,
        },
    }


def test_the_mailers_setting_is_what_django_and_the_test_runner_use(settings):
    """MAILERS is set, so the test runner swaps it (not EMAIL_BACKEND) for locmem."""
    assert not any(map(dj_settings.is_overridden, DEPRECATED_EMAIL_SETTINGS))
    assert settings.MAILERS["default"]["BACKEND"].endswith("locmem.EmailBackend")
    assert isinstance(mail.mailers.default, LocmemBackend)


def test_no_encryption_key_is_written_in_settings():
    """A Fernet key is 43 URL-safe base64 characters and "="."""
    assert re.findall(r"[A-Za-z0-9_-]{43}=", SETTINGS.read_text()) == []


def test_debug_without_keys_derives_a_stable_key_from_the_secret_key(load_settings):
    """The demo database stays readable across restarts, and each SECRET_KEY differs."""
    first = load_settings(DJANGO_DEBUG="true")["FIELD_ENCRYPTION_KEYS"]
    again = load_settings(DJANGO_DEBUG="true")["FIELD_ENCRYPTION_KEYS"]
    other = load_settings(DJANGO_DEBUG="true", DJANGO_SECRET_KEY="another")

    assert len(first) == 1
    assert first == again
    assert other["FIELD_ENCRYPTION_KEYS"] != first
    token = Fernet(first[0].encode()).encrypt(b"confidential")
    assert Fernet(again[0].encode()).decrypt(token) == b"confidential"


def test_configured_keys_are_used_as_given(load_settings):
    keys = [Fernet.generate_key().decode() for _ in range(2)]

    loaded = load_settings(DJANGO_SECRET_KEY="x", FIELD_ENCRYPTION_KEYS=",".join(keys))

    assert loaded["FIELD_ENCRYPTION_KEYS"] == keys


def test_production_without_keys_is_refused(load_settings):
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        load_settings(DJANGO_SECRET_KEY="a-real-secret")


def test_every_task_has_time_limits_by_default(load_settings):
    from servicedesk.celery import app

    loaded = load_settings(DJANGO_DEBUG="true")

    assert 0 < loaded["CELERY_TASK_SOFT_TIME_LIMIT"] < loaded["CELERY_TASK_TIME_LIMIT"]
    assert app.conf.task_soft_time_limit == dj_settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert app.conf.task_time_limit == dj_settings.CELERY_TASK_TIME_LIMIT


def test_time_limits_come_from_the_environment(load_settings):
    loaded = load_settings(
        DJANGO_DEBUG="true",
        CELERY_TASK_SOFT_TIME_LIMIT="50",
        CELERY_TASK_TIME_LIMIT="60",
    )
    assert loaded["CELERY_TASK_SOFT_TIME_LIMIT"] == 50
    assert loaded["CELERY_TASK_TIME_LIMIT"] == 60

    with pytest.raises(ImproperlyConfigured, match="lower than"):
        load_settings(
            DJANGO_DEBUG="true",
            CELERY_TASK_SOFT_TIME_LIMIT="60",
            CELERY_TASK_TIME_LIMIT="60",
        )


def test_the_beat_schedule_is_one_literal_in_settings():
    """No app, nor celery.py, adds entries: the whole schedule is read in one place."""
    source = SETTINGS.read_text()
    assert len(re.findall(r"^CELERY_BEAT_SCHEDULE\b", source, flags=re.M)) == 1
    assert "CELERY_BEAT_SCHEDULE[" not in source
    adders = [
        str(path.relative_to(BASE_DIR))
        for package in APP_PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        if path != SETTINGS
        and re.search(r"beat_schedule|CELERY_BEAT_SCHEDULE", path.read_text())
    ]
    assert adders == []


def test_the_report_times_move_with_the_cron_variables(load_settings):
    loaded = load_settings(
        DJANGO_DEBUG="true",
        STANDARDS_QUARTERLY_CRON="30 4 5 1,4,7,10",
        STANDARDS_YEARLY_CRON="0 6 10 2",
    )
    quarterly = loaded["CELERY_BEAT_SCHEDULE"]["standards-quarterly-report"]
    yearly = loaded["CELERY_BEAT_SCHEDULE"]["standards-yearly-report"]

    assert quarterly["schedule"] == crontab(
        minute=30, hour=4, day_of_month=5, month_of_year="1,4,7,10"
    )
    assert yearly["schedule"] == crontab(
        minute=0, hour=6, day_of_month=10, month_of_year=2
    )

    with pytest.raises(ImproperlyConfigured, match="STANDARDS_YEARLY_CRON"):
        load_settings(DJANGO_DEBUG="true", STANDARDS_YEARLY_CRON="0 3 3")


# --- Throttles, trusted proxies and the staff sign-in lockout (#10) -------------------


def test_throttles_and_lockout_defaults(load_settings):
    """Off by default: no proxy is trusted, so X-Forwarded-For is never read."""
    loaded = load_settings(DJANGO_DEBUG="true")

    assert loaded["TRUSTED_PROXIES"] == []
    assert loaded["THROTTLE_RATES"] == {
        "filing": "10/h",
        "filing-email": "10/d",
        "lookup": "5/10m",
        "lookup-email": "10/d",
        "forms": "20/h",
    }
    assert loaded["AXES_FAILURE_LIMIT"] == 5
    assert loaded["AXES_COOLOFF_TIME"].total_seconds() == 30 * 60
    assert loaded["AXES_CLIENT_IP_CALLABLE"] == "requests_app.throttles.client_address"


def test_throttles_and_proxies_come_from_the_environment(load_settings):
    loaded = load_settings(
        DJANGO_DEBUG="true",
        TRUSTED_PROXIES="10.0.0.5,172.16.0.0/12",
        THROTTLE_FILING_PER_CLIENT="3/10m",
        AXES_COOLOFF_MINUTES="15",
    )

    assert loaded["TRUSTED_PROXIES"] == ["10.0.0.5", "172.16.0.0/12"]
    assert loaded["THROTTLE_RATES"]["filing"] == "3/10m"
    assert loaded["AXES_COOLOFF_TIME"].total_seconds() == 15 * 60


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRUSTED_PROXIES", "proxy.example", "TRUSTED_PROXIES holds addresses"),
        ("THROTTLE_FILING_PER_EMAIL", "ten a day", "THROTTLE_"),
        ("THROTTLE_FORMS_PER_CLIENT", "10/w", "THROTTLE_"),
        ("AXES_COOLOFF_MINUTES", "0", "AXES_COOLOFF_MINUTES"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT"),
    ],
    ids=["proxy-name", "rate-words", "rate-week", "no-cool-off", "no-failures"],
)
def test_unreadable_throttle_settings_stop_the_start(
    load_settings, variable, value, message
):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(DJANGO_DEBUG="true", **{variable: value})


# --- Database connections -------------------------------------------------------------

PG_URL = "postgres://user:secret@db.example:5432/desk"


def test_connections_are_kept_and_checked_before_reuse(load_settings):
    """Opening a PostgreSQL connection costs more than a whole filing's queries."""
    database = load_settings(DJANGO_DEBUG="true", DATABASE_URL=PG_URL)["DATABASES"]
    assert database["default"]["CONN_MAX_AGE"] == 600
    assert database["default"]["CONN_HEALTH_CHECKS"] is True
    once = load_settings(
        DJANGO_DEBUG="true", DATABASE_URL=PG_URL, DATABASE_CONN_MAX_AGE="0"
    )["DATABASES"]
    assert once["default"]["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    ("value", "options"),
    [
        pytest.param(None, "-c jit=off", id="off-by-default"),
        pytest.param("on", "-c jit=on", id="on"),
        pytest.param("default", None, id="not-sent-for-poolers"),
    ],
)
def test_postgresql_jit_is_off_for_short_queries(load_settings, value, options):
    variables = {"DJANGO_DEBUG": "true", "DATABASE_URL": PG_URL}
    if value is not None:
        variables["DATABASE_JIT"] = value
    database = load_settings(**variables)["DATABASES"]["default"]
    assert database.get("OPTIONS", {}).get("options") == options


def test_sqlite_gets_no_postgresql_options(load_settings):
    database = load_settings(DJANGO_DEBUG="true")["DATABASES"]["default"]
    assert "options" not in database.get("OPTIONS", {})


REPLICA_URL = "postgres://reader:secret@replica.example:5432/desk"


def test_a_replica_url_adds_a_replica_with_the_primarys_options(load_settings):
    """In tests the replica is the primary's test database (TEST MIRROR)."""
    databases = load_settings(
        DJANGO_DEBUG="true", DATABASE_URL=PG_URL, DATABASE_REPLICA_URL=REPLICA_URL
    )["DATABASES"]

    replica = databases["replica"]
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == (
        "replica.example",
        "reader",
        "desk",
    )
    assert replica["CONN_MAX_AGE"] == 600
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert replica["OPTIONS"]["options"] == "-c jit=off"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert "TEST" not in databases["default"]


def test_without_a_replica_url_the_primary_serves_everything(load_settings):
    loaded = load_settings(DJANGO_DEBUG="true", DATABASE_URL=PG_URL)
    assert list(loaded["DATABASES"]) == ["default"]
    # The router is always there: without a replica it sends everything to default.
    assert loaded["DATABASE_ROUTERS"] == ["servicedesk.db_router.ReplicaRouter"]


def test_transaction_pooling_turns_off_server_side_cursors_and_startup_options(
    load_settings,
):
    """pgbouncer refuses the "options" startup parameter ("unsupported startup
    parameter: options"), and a server-side cursor does not outlive a transaction."""
    direct = load_settings(DJANGO_DEBUG="true", DATABASE_URL=PG_URL)["DATABASES"]
    pooled = load_settings(
        DJANGO_DEBUG="true",
        DATABASE_URL=PG_URL,
        DATABASE_REPLICA_URL=REPLICA_URL,
        DATABASE_TRANSACTION_POOLING="true",
    )["DATABASES"]
    told = load_settings(
        DJANGO_DEBUG="true",
        DATABASE_URL=PG_URL,
        DATABASE_TRANSACTION_POOLING="true",
        DATABASE_JIT="off",  # a pooler set to pass it on (or to ignore it)
    )["DATABASES"]

    assert "DISABLE_SERVER_SIDE_CURSORS" not in direct["default"]
    for alias in ("default", "replica"):
        assert pooled[alias]["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert "options" not in pooled[alias].get("OPTIONS", {})
        assert "prepare_threshold" not in pooled[alias].get("OPTIONS", {})
    assert told["default"]["OPTIONS"]["options"] == "-c jit=off"


def test_the_stored_daily_figures_are_refreshed_every_minute():
    """Until a day is refreshed the dashboard computes it from the requests: exact,
    but slower; the refresh keeps that work to the last minute's changes."""
    entry = dj_settings.CELERY_BEAT_SCHEDULE["figures-refresh"]
    assert entry["task"] == "requests_app.tasks.refresh_figures"
    assert entry["schedule"] <= 60
    from requests_app.tasks import refresh_figures

    assert refresh_figures.name == entry["task"]
