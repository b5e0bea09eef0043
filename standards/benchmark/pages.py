"""Time the staff pages in-process: median, 95th percentile and queries of each.

Every page is fetched with Django's test client (no HTTP server, no network) by the
benchmark's clerk or manager, or by an anonymous citizen for the filing: once to warm
up, then `repeat` times, each inside `CaptureQueriesContext` for the query count and
the statements of the last run (which `explain` re-runs with EXPLAIN).
"""

import math
import random
import secrets
import statistics
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import CitizenRequest, Service, User
from requests_app.selectors.queue import Tier
from requests_app.workflow import OPEN_STATUSES, Status
from standards.benchmark import PREFIX, BenchmarkError
from standards.benchmark.citizens import DETAILS, citizen_make
from standards.periods import PeriodKind, period_last_complete

# (page, group of its --max-* target)
PAGES = [
    ("queue", "queue"),
    ("queue-overdue", "queue"),
    ("queue-deep", "queue"),
    ("search-number", "search"),
    ("search-name", "search"),
    ("search-email", "search"),
    ("case", "case"),
    ("letters", "letters"),
    ("dashboard", "dashboard"),
    ("filing", "filing"),
]
PAGE_NAMES = [name for name, _group in PAGES]
GROUPS = sorted({group for _name, group in PAGES})
DEEP_PAGE = 80
FILING_SERVICE = f"{PREFIX}grao-2"


@dataclass
class Timing:
    """The runs of one page."""

    name: str
    group: str
    url: str
    times_ms: list[float] = field(default_factory=list)
    queries: int = 0  # in the last run
    statements: list[dict] = field(default_factory=list)  # of the last run

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def sql_ms(self) -> float:
        """Return the time the last run spent in the database (as Django logs it)."""
        return sum(float(s["time"]) for s in self.statements) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.times_ms)  # nearest rank
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class _Fetch:
    """How to fetch a page once: who, which URL, GET or a POST with fresh data."""

    client: Client
    url: str
    expected: int = 200
    post_data: Callable[[], tuple[dict, str]] | None = None  # (data, REMOTE_ADDR)

    def __call__(self) -> int:
        if self.post_data is None:
            return self.client.get(self.url).status_code
        data, address = self.post_data()
        return self.client.post(self.url, data, REMOTE_ADDR=address).status_code


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise BenchmarkError(
            f"No user {username!r}: seed the benchmark data first (run without "
            "--no-seed)."
        )
    return user


def _host() -> str:
    """Return a host name the site answers to (ALLOWED_HOSTS), as a browser sends it."""
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            break
        return f"www{host}" if host.startswith(".") else host
    return "localhost"


def client_make() -> Client:
    """Return a test client that talks to the site as a browser does: over HTTPS, to
    an allowed host name (outside the test runner "testserver" is not allowed)."""
    client = Client(HTTP_HOST=_host(), SERVER_PORT="443")
    client.defaults["wsgi.url_scheme"] = "https"
    return client


def staff_client(user: User) -> Client:
    """Return a client signed in as `user`, past the two-factor step when it is on.

    As after a real sign-in with a code: the session names a confirmed device of the
    user's (django-otp's own session key); nothing is switched off.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_make()
    client.force_login(user)
    if settings.STAFF_TWO_FACTOR:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name=f"{PREFIX}device", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _with(url: str, **query: object) -> str:
    return f"{url}?{urlencode(query)}"


def _filing_data(rng: random.Random) -> Callable[[], tuple[dict, str]]:
    """Return a maker of filing POSTs: each a new submission key, address, e-mail.

    Each comes from another client address and gives another e-mail address, as
    different citizens would, so the per-client and per-address throttles stay
    untouched at their configured rates.
    """
    run = secrets.token_hex(4)
    count = 0

    def make() -> tuple[dict, str]:
        nonlocal count
        count += 1
        citizen = citizen_make(rng)
        data = {
            "details": rng.choice(DETAILS),
            "citizen_name": citizen.name,
            "citizen_email": f"{PREFIX}{run}-{count}@example.org",
            "citizen_phone": citizen.phone,
            "language": "bg",
            "citizen_address": citizen.address,
            "consent": "on",
            "submission_key": secrets.token_urlsafe(24),
        }
        address = (
            f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        )
        return data, address

    return make


def _fetches(names: list[str], rng: random.Random) -> dict[str, _Fetch]:
    """Prepare the pages asked for: users, URLs, a case and search terms to use."""
    fetches: dict[str, _Fetch] = {}
    queue = reverse("requests_app:staff-queue")
    staff = {n for n in names if n not in {"dashboard", "filing"}}
    if staff:
        clerk = _user(f"{PREFIX}clerk")
        client = staff_client(clerk)
        reach = CitizenRequest.objects.filter(
            department__in=clerk.departments.all(), status__in=OPEN_STATUSES
        )
        sample = list(
            reach.exclude(citizen_email="")
            .order_by("pk")[:500]
            .values("pk", "registry_number", "citizen_name", "citizen_email")
        )
        if not sample:
            raise BenchmarkError("The clerk has no open request to search for.")
        chosen = rng.choice(sample)
        mine = reach.filter(assigned_to=clerk, status=Status.IN_PROGRESS)
        case = (
            mine.filter(extensions__isnull=False).order_by("pk").first()
            or mine.order_by("pk").first()
            or reach.order_by("pk").first()
        )
        assert case is not None  # the sample is not empty
        urls = {
            "queue": queue,
            "queue-overdue": _with(queue, tier=Tier.OVERDUE),
            "queue-deep": _with(queue, page=DEEP_PAGE),
            "search-number": _with(queue, q=chosen["registry_number"]),
            "search-name": _with(queue, q=chosen["citizen_name"]),
            "search-email": _with(queue, q=chosen["citizen_email"]),
            "case": reverse("requests_app:staff-request", kwargs={"pk": case.pk}),
            "letters": reverse("requests_app:staff-letters"),
        }
        for name in staff:
            fetches[name] = _Fetch(client, urls[name])
    if "dashboard" in names:
        manager = _user(f"{PREFIX}manager")
        year = period_last_complete(
            kind=PeriodKind.YEAR, today=timezone.localdate()
        ).start.year
        url = _with(
            reverse("standards:dashboard"), period_kind=PeriodKind.YEAR, year=year
        )
        fetches["dashboard"] = _Fetch(staff_client(manager), url)
    if "filing" in names:
        service = Service.objects.filter(code=FILING_SERVICE).first()
        if service is None:
            raise BenchmarkError(f"No service {FILING_SERVICE!r}: seed first.")
        url = reverse("requests_app:request-create", kwargs={"code": service.code})
        fetches["filing"] = _Fetch(
            client_make(), url, expected=302, post_data=_filing_data(rng)
        )
    return fetches


def pages_measure(
    *,
    names: list[str],
    repeat: int,
    seed: int,
    write: Callable[[str], None] = print,
) -> list[Timing]:
    """Fetch each page once to warm up, then `repeat` times; return the timings.

    Raise BenchmarkError when a page answers anything but its expected status.
    """
    rng = random.Random(seed)
    fetches = _fetches(names, rng)
    groups = dict(PAGES)
    timings = []
    for name in [n for n in PAGE_NAMES if n in names]:
        fetch = fetches[name]
        timing = Timing(name=name, group=groups[name], url=fetch.url)
        # A console mailer (embedded mode: tasks run in-process) prints the filing's
        # acknowledgement: keep it out of the benchmark's output.
        with redirect_stdout(StringIO()):
            for run in range(repeat + 1):
                # With DEBUG on, Django keeps the last 9000 statements; once full,
                # the capture would count none. Each run starts an empty log.
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    status = fetch()
                    elapsed = (time.perf_counter() - started) * 1000
                if status != fetch.expected:
                    raise BenchmarkError(
                        f"Page {name} ({fetch.url}) answered {status}, "
                        f"expected {fetch.expected}."
                    )
                if run:  # the first run only warms up
                    timing.times_ms.append(elapsed)
        timing.queries = len(captured.captured_queries)
        timing.statements = list(captured.captured_queries)
        timings.append(timing)
        write(f"  {name}: {timing.median_ms:.1f} ms")
    return timings


def annual_report_time(*, write: Callable[[str], None] = print) -> dict[str, float]:
    """Time the last complete year's report: its numbers, then its PDF and CSV.

    The same code as the report task: `report_build`, `render_pdf` of the report
    template with its charts, and `report_csv`.
    """
    import weasyprint  # noqa: F401 -- its slow import is not the report's time

    from requests_app.pdf import render_pdf
    from standards.exports import report_charts, report_csv
    from standards.selectors.report_data import report_build
    from standards.selectors.targets import scope_for

    period = period_last_complete(kind=PeriodKind.YEAR, today=timezone.localdate())
    started = time.perf_counter()
    data = report_build(period=period, scope=scope_for())
    numbers = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(
        "standards/pdf/report.html",
        {"data": data, "report": None, **report_charts(data)},
    )
    report_csv(data)
    rendered = time.perf_counter() - started
    write(
        f"annual report {period.start.year}: numbers {numbers:.2f} s, PDF "
        f"({len(pdf):,} bytes) and CSV {rendered:.2f} s"
    )
    return {"report_numbers_s": numbers, "report_pdf_s": rendered}
