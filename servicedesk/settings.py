"""Settings for the service desk, read from the environment (django-environ).

Nothing set means a safe embedded setup: SQLite, Celery tasks in-process, a local-memory
cache and e-mail printed to the console. Every variable is described in `.env.example`.

Sections: core and security, database, cache, internationalisation, Celery (with the
beat schedule), e-mail, static files and uploads, and the apps' own settings.
"""

import base64
import hashlib
import ipaddress
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")


# ======================================================================================
# Core and security
# ======================================================================================

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true locally)."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public address used in e-mailed links (tracking, sign-in, surveys).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so it can patch model admins
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_otp",  # staff two-factor sign-in: see STAFF_TWO_FACTOR
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # staff sign-in lockout: see AXES_FAILURE_LIMIT
    "requests_app",
    "feedback",
    "standards",
    "open311",
    "servicedesk",  # the project's system checks (servicedesk/checks.py)
]

MIDDLEWARE = [
    "servicedesk.security.PermissionsPolicyMiddleware",  # first: on every response
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: 413 for more than REQUEST_BODY_MAX_BYTES.
    "servicedesk.security.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "requests_app.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "servicedesk.urls"
WSGI_APPLICATION = "servicedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicedesk.context_processors.site",
            ],
        },
    },
]
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FORM_RENDERER = "servicedesk.form_renderer.FormRenderer"

AUTH_USER_MODEL = "requests_app.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "requests_app:staff-home"
LOGOUT_REDIRECT_URL = "requests_app:catalogue"

# The client's address (throttles, sign-in lockout) is the peer's, REMOTE_ADDR, unless
# the request came through one of these reverse proxies (addresses or networks,
# comma-separated, e.g. 10.0.0.5 or 10.0.0.0/24): then X-Forwarded-For is read from the
# right, past the trusted proxies only. Default: none, the header is never read (a
# client can write anything in it). See requests_app.throttles.client_address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES holds addresses or networks: {_proxy!r}."
        ) from None

# Staff sign-in (the staff login and /admin/login/) with django-axes: after
# AXES_FAILURE_LIMIT wrong passwords for one user name, or from one client address, that
# user name or address is locked out for AXES_COOLOFF_MINUTES (each further try starts
# the wait again); administrators see and lift lockouts in the admin ("Access
# attempts": delete the row). Attempts are kept in the database, so a cache outage
# neither lifts nor loses a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=30)
if AXES_FAILURE_LIMIT < 1 or _cooloff_minutes < 1:
    # A cool-off of 0 would make every lockout permanent (axes' meaning of "none").
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES are >= 1.")
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
# Failures are not forgotten at a successful sign-in: axes would then forget every
# failure from that address too, so that any staff member could lift the lockout of a
# colleague's user name guessed from the same office. They expire with the cool-off.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "requests_app.throttles.client_address"
AXES_USERNAME_CALLABLE = "requests_app.throttles.staff_sign_in_username"
AXES_VERBOSE = False  # no banner on every management command
AXES_LOCKOUT_CALLABLE = "servicedesk.views.staff_locked_out"

# HTTPS: on unless switched off (plain-HTTP local runs and tests switch it off).
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
# HSTS for every subdomain too, and the site's entry in the browsers' preload list:
# both are hard to undo and bind every subdomain of the municipality to HTTPS, so they
# are off unless switched on here (`check --deploy` then reports security.W005 and
# W021; see the README, "Security").
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# The Permissions-Policy header (servicedesk.security): browser features that no page
# uses, denied to the site and to anything it could embed. Fullscreen stays allowed
# (browsers' PDF viewers use it); FLoC's interest-cohort is gone from browsers, whose
# successor browsing-topics is listed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}

# Confidential feedback (and the outbox) is encrypted with these Fernet keys; the first
# encrypts, all decrypt (key rotation). No key is ever written here: without
# FIELD_ENCRYPTION_KEYS the demo (DEBUG) and the test runner use a key derived from
# SECRET_KEY, the same at every start so that the demo database stays readable.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG and not env.bool("DJANGO_TESTING", default=False):
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS (Fernet keys).")
    _derived = hashlib.sha256(
        b"servicedesk.field-encryption-key\x00" + SECRET_KEY.encode()
    ).digest()
    FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_derived).decode()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO; keep its warnings only.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}


# ======================================================================================
# Database
# ======================================================================================

SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# Behind a pooler in transaction pooling (pgbouncer's pool_mode = transaction) each
# transaction may run on another server connection. DATABASE_TRANSACTION_POOLING=true
# then switches off server-side cursors (QuerySet.iterator() would read one across
# transactions) and sends no startup options (see DATABASE_JIT). Django prepares no
# statements (psycopg's prepare_threshold stays None) and the project's advisory locks
# last one transaction (pg_advisory_xact_lock): both are safe there.
DATABASE_TRANSACTION_POOLING = env.bool("DATABASE_TRANSACTION_POOLING", default=False)


def _database(url: str) -> dict:
    """Return the DATABASES entry for `url`, with the project's connection options."""
    database = env.db_url_config(url)
    # Persistent connections: opening one costs 10–14 ms on PostgreSQL, more than a
    # whole filing's queries. A connection is checked before it is reused after a
    # request, so a restarted database costs one failed check, not an error page.
    database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    database["CONN_HEALTH_CHECKS"] = True
    if DATABASE_TRANSACTION_POOLING:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    if database["ENGINE"] == "django.db.backends.postgresql":
        # The pages run short indexed queries; PostgreSQL's JIT compiler, triggered by
        # the planner's cost estimates on large tables, spends more time compiling than
        # the query takes. DATABASE_JIT=true turns it back on; DATABASE_JIT=default
        # sends nothing (the default behind a pooler, which refuses startup options:
        # set jit there with ALTER ROLE ... SET jit = off).
        jit = env(
            "DATABASE_JIT", default="default" if DATABASE_TRANSACTION_POOLING else "off"
        )
        if jit in ("on", "off", "true", "false"):
            options = database.setdefault("OPTIONS", {})
            options["options"] = (options.get("options", "") + f" -c jit={jit}").strip()
    return database


DATABASES = {"default": _database(env("DATABASE_URL", default=SQLITE_URL))}
# An optional read replica (a PostgreSQL streaming replica of the primary), with the
# same options. Only the managers' dashboard and the building of reports read from it
# (servicedesk.db_router.replica_reads); every other read, and every write, goes to
# the primary. In tests it is the primary's test database (no second one is made).
_replica_url = env("DATABASE_REPLICA_URL", default="")  # private: holds a password
if _replica_url:
    DATABASES["replica"] = _database(_replica_url)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["servicedesk.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# ======================================================================================
# Cache
# ======================================================================================

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The throttles of the public forms count in the cache (THROTTLE_RATES); local memory is
# per process, which is enough for the embedded single-process setup. Production sets
# REDIS_URL: with DEBUG off and local memory, `manage.py check` (and `migrate`) warns
# (servicedesk.W001, servicedesk/checks.py). With the cache unreachable the throttles
# let everything through and log a warning, and /healthz reports "cache": "down".


# ======================================================================================
# Internationalisation and time
# ======================================================================================

# Bulgarian first, English second.
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["servicedesk.formats"]  # dates as written in Bulgaria
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Sofia")
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_LANGUAGES = ("bg", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("bg",), "bg": ("en",)}


# ======================================================================================
# Celery
# ======================================================================================

# No broker means tasks run in-process (embedded mode). The broker is Redis
# (redis://host:6379/1) or RabbitMQ (amqp://user:password@host:5672/vhost); both are
# tested through a 30 s outage (tests/system/test_broker_outage.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A frozen Redis would hang .delay() for ever without these (RabbitMQ: connecting is
# bounded by Celery's broker_connection_timeout, 4 s; py-amqp ignores these two).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers and beat outlive a broker outage: they reconnect for as long as it lasts
# (Celery's default gives up after 100 tries, about 45 minutes). With Redis, kombu's
# transport is replaced by one whose closed channels fail as lost connections rather
# than with an AttributeError that made the worker exit (servicedesk.celery).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT = "servicedesk.celery:RedisTransport"
# A task running when the connection is lost finishes: its late ack is lost, the
# broker delivers the message again and the task finds its work done. Cancelling it
# could stop a notice between the mail server's "accepted" and the row's sent_at, and
# the notice would go twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False

# One scheduler acts at a time, however many beats run (servicedesk.beat): the leader
# holds a PostgreSQL advisory lock (without PostgreSQL, a file lock next to the
# schedule file: one machine only); the others try every CELERY_BEAT_LOCK_INTERVAL
# seconds and take over when the leader's session ends. Behind pgbouncer in
# transaction pooling a session lock means nothing: CELERY_BEAT_LOCK_DATABASE_URL
# then names a direct connection to PostgreSQL (default: the default database; with
# DATABASE_TRANSACTION_POOLING and no such URL, beat refuses to start).
CELERY_BEAT_SCHEDULER = "servicedesk.beat:LeaderScheduler"
CELERY_BEAT_LOCK_INTERVAL = 5.0
_beat_lock_url = env("CELERY_BEAT_LOCK_DATABASE_URL", default="")  # private: password
CELERY_BEAT_LOCK_DATABASE = env.db_url_config(_beat_lock_url) if _beat_lock_url else {}
# The schedule file records each job's last run after every send, so that a beat
# restarted (or the one taking over on the same machine) does not run a job again.
CELERY_BEAT_SYNC_EVERY = 1

# Time limits of every task, in seconds, so that a hung mail server or database never
# holds a worker for ever. At the soft limit the task gets SoftTimeLimitExceeded (and
# can record the failure); at the hard limit the worker process is killed and replaced.
# A task that needs longer sets its own: @shared_task(soft_time_limit=, time_limit=).
# The worker enforces them (prefork pool); tasks run in-process (no broker) have none.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_TASK_SOFT_TIME_LIMIT must be lower than CELERY_TASK_TIME_LIMIT."
    )


def _cron(variable: str, fields: str) -> crontab:
    """Return the crontab for "minute hour day-of-month month" (`variable` names it)."""
    try:
        minute, hour, day_of_month, month_of_year = fields.split()
    except ValueError:
        raise ImproperlyConfigured(
            f'{variable} takes four cron fields, "minute hour day month": {fields!r}.'
        ) from None
    return crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year
    )


# The standards reports' times can be moved: "minute hour day month" (cron fields).
_quarterly_cron = env("STANDARDS_QUARTERLY_CRON", default="0 3 2 1,4,7,10")
_yearly_cron = env("STANDARDS_YEARLY_CRON", default="0 3 3 1")

# Every periodic job, in CELERY_TIMEZONE (Europe/Sofia by default). Each job is safe to
# run twice (a second beat, a retry): it skips what is done already.
CELERY_BEAT_SCHEDULE = {
    # Every minute: send the notices still unsent (after a broker or mail outage).
    "outbox-sweep": {"task": "requests_app.tasks.sweep_outbox", "schedule": 60.0},
    # Every day at 07:30: the morning digest to each clerk with urgent cases and the
    # overdue list to each department head (nothing is sent on non-working days).
    "deadline-digests": {
        "task": "requests_app.tasks.send_deadline_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    # Every hour at minute 5: tell the department head, once, about a case that has
    # become overdue.
    "overdue-alerts": {
        "task": "requests_app.tasks.send_overdue_alerts",
        "schedule": crontab(minute=5),
    },
    # Every day at 07:15: remind complaint officers of acknowledgement and decision
    # terms ending within two days (each term reminded once).
    "complaint-reminders": {
        "task": "feedback.tasks.send_complaint_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Every minute: recompute the stored daily figures of the days that changed (until
    # then the dashboard computes those days from the requests themselves).
    "figures-refresh": {"task": "requests_app.tasks.refresh_figures", "schedule": 60.0},
    # Every five minutes: start again the reports a broker outage or a dead worker left.
    "standards-report-sweep": {
        "task": "standards.tasks.sweep_reports",
        "schedule": 300.0,
    },
    # The report on the last whole quarter: at 03:00 on the 2nd of January, April, July
    # and October (the day after the quarter ends, so late closures count); moved by
    # STANDARDS_QUARTERLY_CRON.
    "standards-quarterly-report": {
        "task": "standards.tasks.generate_scheduled_reports",
        "schedule": _cron("STANDARDS_QUARTERLY_CRON", _quarterly_cron),
        "args": ("quarter",),
    },
    # The annual report on the last whole year: at 03:00 on the 3rd of January; moved
    # by STANDARDS_YEARLY_CRON.
    "standards-yearly-report": {
        "task": "standards.tasks.generate_scheduled_reports",
        "schedule": _cron("STANDARDS_YEARLY_CRON", _yearly_cron),
        "args": ("year",),
    },
    # Every working day at 07:20: tell each clerk which of their cases have waited for
    # the citizen's answer longer than SUSPENSION_ABANDON_DAYS (to close them).
    "unanswered-alerts": {
        "task": "requests_app.tasks.send_unanswered_alerts",
        "schedule": crontab(hour=7, minute=20),
    },
    # Each morning: letters not posted by the next working day, to the department heads.
    "late-letter-alerts": {
        "task": "requests_app.tasks.send_late_letter_alerts",
        "schedule": crontab(hour=7, minute=25),
    },
    # Every day at 02:30: anonymise the closed cases past their retention period
    # (RETENTION_*_YEARS); a day's run that stops is finished by the next.
    "apply-retention": {
        "task": "requests_app.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
}


# ======================================================================================
# E-mail
# ======================================================================================


# Django's MAILERS, built from the environment: printed to the console unless EMAIL_URL
# (smtp://user:password@host:port; smtp+tls:// for STARTTLS, smtp+ssl:// for TLS) or,
# without it, EMAIL_HOST and its companions name an SMTP server. Django's deprecated
# EMAIL_BACKEND, EMAIL_HOST... settings are never set (they cannot be, beside MAILERS):
# a test that needs another backend overrides MAILERS.
def _mailer(config: dict, *, timeout: int) -> dict:
    """Return the MAILERS entry for django-environ's EMAIL_* names (a parsed URL)."""
    backend = config["EMAIL_BACKEND"]
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        smtp_options = {
            "EMAIL_HOST": "host",
            "EMAIL_PORT": "port",  # none given: 25, or 587 with TLS, 465 with SSL
            "EMAIL_HOST_USER": "username",
            "EMAIL_HOST_PASSWORD": "password",
            "EMAIL_USE_TLS": "use_tls",
            "EMAIL_USE_SSL": "use_ssl",
        }
        options = {
            option: config[name]
            for name, option in smtp_options.items()
            if config.get(name) not in (None, "")
        }
        options["timeout"] = timeout
    elif config.get("EMAIL_FILE_PATH"):  # filemail://: one file per message there
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    else:
        options = {}
    return {"BACKEND": backend, "OPTIONS": options}


if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
elif env("EMAIL_HOST", default=""):
    _email = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": env("EMAIL_HOST"),
        "EMAIL_PORT": env.int("EMAIL_PORT", default=25),
        "EMAIL_HOST_USER": env("EMAIL_HOST_USER", default=""),
        "EMAIL_HOST_PASSWORD": env("EMAIL_HOST_PASSWORD", default=""),
        "EMAIL_USE_TLS": env.bool("EMAIL_USE_TLS", default=False),
    }
else:
    _email = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
# EMAIL_TIMEOUT: seconds to wait for the SMTP server.
MAILERS = {"default": _mailer(_email, timeout=env.int("EMAIL_TIMEOUT", default=10))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@municipality.example")

# SMS through a gateway's HTTPS JSON API (`requests_app.sms`): POST {to, text,
# reference} with "Authorization: Bearer SMS_GATEWAY_TOKEN". Without a URL (the demo)
# SMS are written to the console. The gateway posts delivery reports to /sms/delivery/
# with SMS_GATEWAY_WEBHOOK_TOKEN (the same token when unset) as its bearer token.
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")  # private
SMS_GATEWAY_WEBHOOK_TOKEN = env("SMS_GATEWAY_WEBHOOK_TOKEN", default="") or (
    SMS_GATEWAY_TOKEN
)
SMS_GATEWAY_TIMEOUT = env.int("SMS_GATEWAY_TIMEOUT", default=10)


# ======================================================================================
# Static files, media and uploads
# ======================================================================================

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded and generated files (attachments, report PDFs and CSVs) go through Django's
# storage API only, never a local path, so that every node reads what another wrote.
# MEDIA_STORAGE=local (the default): files on this machine's disk, under MEDIA_ROOT.
# MEDIA_STORAGE=s3: an S3-compatible object store (AWS S3, MinIO, Ceph) shared by all
# nodes, through django-storages with its own variables: AWS_STORAGE_BUCKET_NAME
# (needed), AWS_S3_ENDPOINT_URL (any store but AWS), AWS_S3_REGION_NAME,
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (without them boto3 looks further: an
# instance role, ~/.aws), AWS_S3_ADDRESSING_STYLE ("path" for a store without bucket
# subdomains). Files are private either way: no MEDIA_URL is served, objects get no
# public ACL, and every download is streamed by a view that checks permissions first.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local").strip().lower()
if MEDIA_STORAGE == "local":
    _media_storage: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config as BotoConfig

    _bucket = env("AWS_STORAGE_BUCKET_NAME", default="").strip()
    if not _bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket's name)."
        )
    _addressing_style = env("AWS_S3_ADDRESSING_STYLE", default="auto")
    if _addressing_style not in ("auto", "virtual", "path"):
        raise ImproperlyConfigured(
            'AWS_S3_ADDRESSING_STYLE is "auto", "virtual" or "path": '
            f"{_addressing_style!r}."
        )
    _s3_options = {
        "bucket_name": _bucket,
        # No ACL is sent: objects keep the bucket's own, private (AWS buckets with
        # ACLs disabled refuse every ACL but the owner's).
        "default_acl": None,
        # url(), used by no page, would give a link signed for 5 minutes, never a
        # public one.
        "querystring_auth": True,
        "querystring_expire": 300,
        # A name in use gets a new one, as on disk: re-encrypting an attachment with a
        # new key writes it under its old name, then deletes the old file.
        "file_overwrite": False,
        # An object being read is held in memory up to 1 MiB, past that in a
        # temporary file (django-storages' default, 0, keeps it all in memory). One
        # thread per transfer: parallel ranged reads queue several MiB in memory to
        # write them in order, and our files are small.
        "max_memory_size": 1024 * 1024,
        "transfer_config": TransferConfig(use_threads=False),
        # A store that stops answering fails the request in about 20 s (two tries of
        # 10 s) instead of holding a web or worker process for minutes (botocore's
        # defaults: 60 s, five tries).
        "client_config": BotoConfig(
            s3={"addressing_style": _addressing_style},
            connect_timeout=5,
            read_timeout=10,
            retries={"mode": "standard", "total_max_attempts": 2},
        ),
    }
    _s3_given = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=""),
        "region_name": env("AWS_S3_REGION_NAME", default=""),
        "access_key": env("AWS_ACCESS_KEY_ID", default=""),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=""),
    }
    _s3_options.update({name: value for name, value in _s3_given.items() if value})
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options,
    }
else:
    raise ImproperlyConfigured(
        'MEDIA_STORAGE is "local" (files under MEDIA_ROOT) or "s3" (an S3-compatible '
        f"object store, see AWS_STORAGE_BUCKET_NAME): {MEDIA_STORAGE!r}."
    )
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)

# Uploads: the form checks count, size and type (by content).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = env.int("ATTACHMENT_MAX_COUNT", default=5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request body declared larger than this gets a 413 page before any of it is read
# (servicedesk.security). Default: the most a form takes, every attachment at its
# largest plus the other fields. Keep the reverse proxy's own limit (nginx:
# client_max_body_size) at least as high.
REQUEST_BODY_MAX_BYTES = env.int(
    "REQUEST_BODY_MAX_BYTES",
    default=ATTACHMENT_MAX_COUNT * ATTACHMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE,
)


# ======================================================================================
# The apps' own settings
# ======================================================================================

# --- The municipality: names and look are settings, never hard-coded in templates ---
MUNICIPALITY_NAME = {
    "bg": env("MUNICIPALITY_NAME_BG", default="Община Примерно"),
    "en": env("MUNICIPALITY_NAME_EN", default="Primerno Municipality"),
}
MUNICIPALITY_CREST = env("MUNICIPALITY_CREST", default="img/crest.svg")  # a static path
# The information desk's phone, offered when a catalogue search finds nothing (shown as
# written, dialled without its spaces). Empty: the line is left out.
MUNICIPALITY_INFO_PHONE = env("MUNICIPALITY_INFO_PHONE", default="+359 2 900 1000")
# The postal address on letters: the letterhead and the return line above the
# envelope window.
MUNICIPALITY_ADDRESS = {
    "bg": env("MUNICIPALITY_ADDRESS_BG", default="пл. „Възраждане“ 1, 1000 Примерно"),
    "en": env("MUNICIPALITY_ADDRESS_EN", default="1 Vazrazhdane Square, 1000 Primerno"),
}

# --- Requests ---
# Registry number: placeholders {index} (department), {sequence}, {received_on}.
REGISTRY_NUMBER_FORMAT = env(
    "REGISTRY_NUMBER_FORMAT", default="{index}-{sequence}/{received_on:%d.%m.%Y}"
)
# Demo staff accounts are created only when DEBUG is on, unless forced.
DEMO_ACCOUNTS = env.bool("DJANGO_DEMO_ACCOUNTS", default=DEBUG)
# Where staff land after signing in: the first page whose permission they hold.
# (permission, URL name); with none, the Django admin for staff, else a 404.
STAFF_HOME_PAGES = [
    ("requests_app.handle_request", "requests_app:staff-queue"),
    ("feedback.handle_complaint", "feedback:staff-complaints"),
    ("standards.view_dashboard", "standards:dashboard"),
]

# --- Staff two-factor sign-in (django-otp) ---
# On: after the password, staff enter a 6-digit code from an authenticator app (TOTP)
# or a one-time recovery code; staff without an app are sent to enrol one first. Every
# page that needs a login, the Django admin included, needs the code too. Default: on
# unless DJANGO_DEBUG is on (the embedded demo signs in with passwords only).
STAFF_TWO_FACTOR = env.bool("DJANGO_STAFF_TWO_FACTOR", default=not DEBUG)
# A first enrolment also needs a one-time enrolment code from an administrator (admin,
# Users, action "Issue a two-factor enrolment code"); it works for this many hours.
STAFF_TWO_FACTOR_ENROLMENT_HOURS = env.int(
    "DJANGO_STAFF_TWO_FACTOR_ENROLMENT_HOURS", default=72
)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = MUNICIPALITY_NAME["bg"]
# Administrators may reset devices in the admin, but never read keys or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# After each wrong code the next try waits 1, 2, 4, 8... seconds (django-otp's default
# factor, written out here so that nobody lowers it by accident).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Throttles on the public forms (requests_app/throttles.py) ---
# "<count>/<period>", the period in s, m, h or d, optionally with a number ("5/10m").
# Only accepted submissions count (a form sent back with errors does not); a visitor
# over a limit gets a page saying when to try again (429 with Retry-After). Each form
# has its own counter; "per client" means per client address (see TRUSTED_PROXIES).
THROTTLE_RATES = {
    # Requests and complaints filed, per client.
    "filing": env("THROTTLE_FILING_PER_CLIENT", default="10/h"),
    # Filings (requests and complaints together) giving one e-mail address: each sends
    # it an acknowledgement, so this caps the acknowledgements an address gets.
    "filing-email": env("THROTTLE_FILING_PER_EMAIL", default="10/d"),
    # Tracking-link lookups, citizen sign-in links and complaint receipt codes, per
    # client (guessing, and flooding someone's mailbox).
    "lookup": env("THROTTLE_LOOKUP_PER_CLIENT", default="5/10m"),
    # Tracking and sign-in links asked for one e-mail address (both together).
    "lookup-email": env("THROTTLE_LOOKUP_PER_EMAIL", default="10/d"),
    # Citizens' replies, information added to a complaint, surveys, suggestions.
    "forms": env("THROTTLE_FORMS_PER_CLIENT", default="20/h"),
}
for _name, _value in THROTTLE_RATES.items():
    if not re.fullmatch(r"\d+/\d*[smhd]", _value.strip()):
        raise ImproperlyConfigured(
            f'A THROTTLE_* rate is "<count>/<period>", like "5/10m": {_value!r}.'
        )

# --- Cases waiting for the citizen ---
# A case waiting this many days for the citizen's answer is put to its clerk (a daily
# alert) to close as not examined, with a letter to the citizen. Default: 30, the term
# of the Access to Public Information Act (ЗДОИ) art. 29(2) for a clarification.
SUSPENSION_ABANDON_DAYS = env.int("SUSPENSION_ABANDON_DAYS", default=30)

# --- Retention of personal data (manage.py apply_retention; Celery beat daily) ---
# Past its period a closed case is anonymised: names, contact details, free texts and
# files go, the figures of the reports stay. Open cases are never touched. Whole years;
# 0 keeps that kind for ever. Each default is a policy choice to verify with the
# municipality's data protection officer (DPO) and archivist before going live.

# Requests: 5 years, counted from 1 January after the request was closed or rejected.
# Basis: the National Archive Fund Act (ЗНАФ) and its ordinance on institutional
# archives; the term of each kind of case is set by the municipality's nomenclature
# of cases (номенклатура на делата), which may be longer for some services. This desk
# is not the municipality's records system: the official file stays there.
RETENTION_REQUEST_YEARS = env.int("RETENTION_REQUEST_YEARS", default=5)
# Complaints, signals and proposals: 5 years, counted like requests. Basis: the
# Administrative Procedure Code (АПК, arts. 107-124) sets no term, so the nomenclature
# of cases decides; where a signal falls under the Whistleblowers Protection Act
# (ЗЗЛПСПОИН) that act requires keeping it for 5 years after the work on it ended.
RETENTION_COMPLAINT_YEARS = env.int("RETENTION_COMPLAINT_YEARS", default=5)
# Survey answers: the comment, e-mail and consent go 1 year after the answer (the
# scores stay); an unhappy answer is kept until its follow-up is done. No law sets a
# term: GDPR art. 5(1)(e) (storage limitation) asks for no longer than needed.
RETENTION_SURVEY_YEARS = env.int("RETENTION_SURVEY_YEARS", default=1)
# Suggestions: the contributor's name and e-mail go 2 years after the last response
# (the published title, text and response stay). Basis: GDPR art. 5(1)(e).
RETENTION_SUGGESTION_YEARS = env.int("RETENTION_SUGGESTION_YEARS", default=2)
_retention_years = [
    RETENTION_REQUEST_YEARS,
    RETENTION_COMPLAINT_YEARS,
    RETENTION_SURVEY_YEARS,
    RETENTION_SUGGESTION_YEARS,
]
if min(_retention_years) < 0:
    raise ImproperlyConfigured("RETENTION_*_YEARS are numbers of years, 0 or more.")

# --- Accessibility statement (/<lang>/accessibility/) ---
# Where people report a barrier, when the statement was last reviewed (yearly), and the
# national enforcement body.
ACCESSIBILITY_CONTACT_EMAIL = env(
    "ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@municipality.example"
)
ACCESSIBILITY_REVIEWED_ON = env(
    "ACCESSIBILITY_REVIEWED_ON", default="2026-11-24"
)  # ISO
ACCESSIBILITY_ENFORCEMENT_URL = env(
    "ACCESSIBILITY_ENFORCEMENT_URL", default="https://egov.government.bg/"
)

# --- Open311 GeoReport v2 API ---
# The one jurisdiction this endpoint serves; a request naming another answers 404.
OPEN311_JURISDICTION_ID = env("OPEN311_JURISDICTION_ID", default="primerno.bg")
# Discovery document: who runs the API and how a client gets an API key.
OPEN311_CONTACT = env(
    "OPEN311_CONTACT", default="Primerno Municipality, open311@municipality.example"
)
OPEN311_KEY_SERVICE = env(
    "OPEN311_KEY_SERVICE",
    default="API keys are issued by the municipality: open311@municipality.example",
)
# Filing requests: at most this many POSTs per API key (a rate such as 60/m).
OPEN311_RATE_LIMIT = env("OPEN311_RATE_LIMIT", default="60/m")
# Publish the citizen's own description and media URL in GET responses? Off: requests
# for administrative services routinely hold personal data in their free text.
OPEN311_PUBLISH_CITIZEN_CONTENT = env.bool(
    "OPEN311_PUBLISH_CITIZEN_CONTENT", default=False
)
