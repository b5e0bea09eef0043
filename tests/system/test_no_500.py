"""No 500 on any input: every URL of the project, real and hostile values, each role.

The URL list is read from the resolver, so a new page is fuzzed without editing this
file (and an unknown path parameter fails the test until it is given values below).
Each page is requested with GET and POST; POST bodies are built from the page's own
form fields (scraped from its HTML) filled with garbage: empty, huge, NUL bytes,
repeated keys, impossible dates, odd numbers. A representative sample per kind of
parameter keeps the run short; `_rotate` spreads the samples over URLs and roles.
"""

import datetime
import re
import secrets
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import timezone

import pytest

from feedback import services as feedback_services
from feedback.models import ComplaintAttachment, ComplaintKind, Suggestion
from open311.ids import request_id_encode
from open311.services import api_key_secret_set
from requests_app.models import CitizenLoginToken, CitizenRequest, Service, User
from requests_app.tokens import token_hash as login_token_hash
from requests_app.workflow import Action
from standards.models import Report, StandardsVersion, Target
from tests.feedback.factories import SurveyInvitationFactory
from tests.open311.factories import ApiKeyFactory
from tests.requests_app.factories import AttachmentFactory, CitizenRequestFactory

ROLES = [None, "clerk", "senior", "head", "officer", "manager", "admin"]
LANGUAGES = ["bg", "en"]

# --- Hostile values ------------------------------------------------------------------

INT_HOSTILE = ["0", "99999999999999999999", "-1", "1e309"]
STR_HOSTILE = [
    "%00",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5-%E2%84%96%E2%80%AE",
    "x" * 3000,
    "%27%20OR%201%3D1%20--",
    "%0A%0D",
]
DATES = ["0000-00-00", "9999-12-31", "2026-02-30", "31.12.9999", "0001-01-01"]
NUMBERS = ["1e309", "NaN", "-0", "-1", "99999999999999999999", "Infinity", "١٢"]
HUGE = "ж" * 60_000
# Secrets in URLs: each of these is tried on every token URL (a NUL byte was a 500 on
# PostgreSQL); the path converter answers 404 before any view runs.
TOKEN_HOSTILE = [
    "a%00b",
    "%00",
    "x" * 65,
    "%D0%B7%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0",
    "a%20b",
]
# Longer than the 254-character column, within the 320 Django's EmailField allows.
LONG_EMAIL_LENGTHS = [255, 300, 320]
WEIRD_TEXT = "заявление \u202e <script>alert(1)</script> ' OR 1=1 -- \r\n\t"

# Pages that render a PDF take a while: real values only once per test.
SLOW = {
    "requests_app:service-sheet",
    "feedback:survey-poster",
    "standards:standards-pdf",
}
# Requests that end the session under test: the client signs in again afterwards.
SESSION_ENDERS = {"logout", "requests_app:citizen-logout", "admin:logout"}


def _rotate(items: list, key: int, count: int) -> list:
    """Return `count` items of `items`, starting at `key` (wraps around)."""
    if not items:
        return []
    count = min(count, len(items))
    return [items[(key + i) % len(items)] for i in range(count)]


# --- URL templates from the resolver -------------------------------------------------


@dataclass(frozen=True)
class UrlTemplate:
    name: str  # "namespace:name"
    template: str  # "/{lang}/staff/requests/{pk}/"
    params: tuple[str, ...]


def _regex_to_template(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$")
    text = text.replace(r"(?:\.(?P<fmt>xml|json))?", ".{fmt}")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    return text.replace("\\.", ".")


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[UrlTemplate]:
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            part = "{lang}/"
        elif isinstance(pattern.pattern, RegexPattern):
            part = _regex_to_template(str(pattern.pattern))
        else:
            part = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _walk(pattern.url_patterns, prefix + part, inner)
        else:
            template = "/" + prefix + part
            params = tuple(dict.fromkeys(re.findall(r"\{(\w+)\}", template)))
            yield UrlTemplate(f"{namespace}{pattern.name}", template, params)


def all_url_templates() -> list[UrlTemplate]:
    return list(_walk(get_resolver().url_patterns))


# --- Form fields scraped from a page ------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = field(default_factory=list)
    value: str = ""


class _FormScraper(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, FormField] = {}
        self.get_fields: dict[str, FormField] = {}  # inside <form method="get">
        self._select: FormField | None = None
        self._form_is_get = False

    def _add(self, item: FormField) -> None:
        target = self.get_fields if self._form_is_get else self.fields
        target.setdefault(item.name, item)

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self._form_is_get = (attributes.get("method") or "get").lower() == "get"
        elif tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attributes.get("type") or "text").lower()
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self._add(FormField(name, kind, value=attributes.get("value") or ""))
        elif tag == "textarea" and name:
            self._add(FormField(name, "textarea"))
        elif tag == "select" and name:
            self._select = FormField(name, "select")
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value") or "")

    def handle_endtag(self, tag) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form_is_get = False


def scrape_fields(html: str) -> tuple[list[FormField], list[FormField]]:
    scraper = _FormScraper()
    scraper.feed(html)
    return list(scraper.fields.values()), list(scraper.get_fields.values())


# Names no page shows as a form but views read (the API, hidden actions, ...).
EXTRA_FIELDS = [
    FormField("api_key", "text"),
    FormField("service_code", "text"),
    FormField("lat", "number"),
    FormField("long", "number"),
    FormField("address_string", "text"),
    FormField("email", "email"),
    FormField("description", "textarea"),
    FormField("attribute[question]", "text"),
    FormField("jurisdiction_id", "text"),
    FormField("item", "number"),
    FormField("forget", "text"),
    FormField("next", "text"),
    FormField("language", "text"),
]


def _plausible(item: FormField, key: int) -> str:
    """A value the form would probably accept."""
    if item.kind == "select":
        options = [o for o in item.options if o] or [""]
        return options[key % len(options)]
    if item.kind in {"radio", "checkbox", "hidden"}:
        return item.value or "on"
    if item.kind == "date":
        return "2026-11-24"
    if item.kind == "number":
        return "3"
    if item.kind == "email" or "email" in item.name:
        return "citizen@example.org"
    return "Тест 1"


def long_email(length: int) -> str:
    """Return a valid e-mail address of `length` characters (70 to 320)."""
    local = "a" * 64
    remaining = length - len(local) - 1 - len(".org")
    labels = []
    while remaining > 63:  # a domain label has at most 63 characters
        labels.append("b" * 61)
        remaining -= 62
    labels.append("c" * remaining)
    return f"{local}@{'.'.join(labels)}.org"


def garbage_bodies(fields: list[FormField], key: int) -> list[tuple[str, dict]]:
    """Return (label, POST data) pairs: whole bodies of garbage and near-valid ones."""
    names = [f.name for f in fields]
    plausible = {f.name: _plausible(f, key) for f in fields}
    dated = {
        f.name: _rotate(DATES, key, 1)[0] if f.kind == "date" else plausible[f.name]
        for f in fields
    }
    far_dates = {
        f.name: "9999-12-31" if f.kind == "date" else plausible[f.name] for f in fields
    }
    long_emails = {
        f.name: (
            long_email(_rotate(LONG_EMAIL_LENGTHS, key, 1)[0])
            if f.kind == "email" or "email" in f.name
            else plausible[f.name]
        )
        for f in fields
    }
    numbered = {
        f.name: (
            _rotate(NUMBERS, key, 1)[0]
            if f.kind in {"number", "select", "radio", "hidden"}
            else plausible[f.name]
        )
        for f in fields
    }
    bodies = [
        ("empty body", {}),
        ("empty values", dict.fromkeys(names, "")),
        ("huge values", dict.fromkeys(names, HUGE)),
        ("NUL bytes", dict.fromkeys(names, "a\x00b")),
        # The last value wins in QueryDict.get: a digit that int() refuses.
        ("lists and repeats", {n: ["1", "", "x", "²"] for n in names}),
        ("weird text", dict.fromkeys(names, WEIRD_TEXT)),
        ("plausible", plausible),
        ("bad dates", {**plausible, **dated}),
        ("far dates", far_dates),
        ("long e-mails", long_emails),
        ("bad numbers", {**plausible, **numbered}),
        ("wrong types", dict.fromkeys(names, _rotate(NUMBERS + DATES, key, 1)[0])),
    ]
    return bodies


# --- The demo and its real objects ---------------------------------------------------


@dataclass
class Demo:
    real: dict[str, dict[str, list[str]]]  # url name -> param -> values
    default: dict[str, list[str]]  # param -> values when the name has none


def _admin_values() -> dict[str, dict[str, list[str]]]:
    """Real object ids for every registered model's admin pages."""
    values: dict[str, dict[str, list[str]]] = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        ids = [str(obj.pk)] if obj else []
        for suffix in ("change", "delete", "history"):
            values[f"{prefix}_{suffix}"] = {"object_id": [*ids, "0", "%00"]}
    return values


@pytest.fixture
def demo(db, settings) -> Demo:
    """The demo municipality plus one of each object a URL can name."""
    settings.RATELIMIT_ENABLE = False  # the fuzz sends many POSTs from one address
    call_command("load_demo", force_accounts=True, verbosity=0)
    clerk = User.objects.get(username="clerk")
    mine = CitizenRequest.objects.filter(department__in=clerk.departments.all()).first()
    elsewhere = Service.objects.exclude(department__in=clerk.departments.all())
    other = CitizenRequestFactory(service=elsewhere.first())  # not the clerk's
    attachment = AttachmentFactory(request=mine)

    kind = ComplaintKind.objects.get(code="complaint")
    complaint, _code = feedback_services.complaint_file(
        kind=kind, body="Чаках два часа на гишето.", contact_email="f@example.org"
    )
    complaint_file = ComplaintAttachment.objects.create(
        complaint=complaint,
        name="снимка.pdf",
        content_type="application/pdf",
        size=9,
        content=b"%PDF-1.4\n",
    )
    survey_token = secrets.token_urlsafe(24)
    SurveyInvitationFactory(token=survey_token)
    feedback_services.survey_submit_anytime(  # an unhappy answer: a follow-up item
        answers={
            "overall": 1,
            "resolved": "no",
            "has_consent": True,
            "contact_email": "unhappy@example.org",
        },
        service=mine.service,
        language="bg",
    )
    login_token = secrets.token_urlsafe(32)
    CitizenLoginToken.objects.create(
        email_key=mine.citizen_email_key,
        token_hash=login_token_hash(login_token),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    published = Report.objects.create(
        period_kind="quarter",
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="municipality",
        scope_key="municipality",
        status=Report.Status.DONE,
        is_published=True,
        pdf=ContentFile(b"%PDF-1.4\n", name="r.pdf"),
        csv=ContentFile(b"a,b\n", name="r.csv"),
    )
    pending = Report.objects.create(
        period_kind="year",
        start_on=datetime.date(2025, 1, 1),
        end_on=datetime.date(2025, 12, 31),
        scope_kind="municipality",
        scope_key="municipality",
    )
    api_key = ApiKeyFactory()
    plain_key = api_key_secret_set(api_key=api_key)
    from open311.models import Submission

    submission = Submission.objects.create(
        token=secrets.token_hex(8),
        api_key=api_key,
        citizen_request=other,
        service_request_id=other.registry_number,
    )
    requests = [str(mine.pk), str(other.pk)]
    services = [mine.service.code, other.service.code]
    open311_ids = [request_id_encode(mine.registry_number)]
    real = {
        "requests_app:request-done": {"token": [mine.tracking_token]},
        "requests_app:request-track": {"token": [mine.tracking_token]},
        "requests_app:request-reply": {"token": [mine.tracking_token]},
        "requests_app:request-notify-by": {"token": [mine.tracking_token]},
        "requests_app:citizen-login-confirm": {"token": [login_token]},
        "requests_app:staff-request": {"pk": requests},
        "requests_app:staff-request-action": {
            "pk": requests,
            "action": [a.value for a in Action],
        },
        "requests_app:staff-attachment": {"token": [attachment.token]},
        "feedback:survey-invited": {"token": [survey_token]},
        "feedback:staff-complaint-detail": {"pk": [str(complaint.pk)]},
        "feedback:staff-complaint-attachment": {
            "pk": [str(complaint.pk)],
            "file_pk": [str(complaint_file.pk)],
        },
        "feedback:staff-complaint-action": {
            "pk": [str(complaint.pk)],
            "action": ["acknowledge", "ask", "decide", "close"],
        },
        "feedback:staff-suggestion-respond": {
            "pk": [str(Suggestion.objects.order_by("pk").first().pk)]
        },
        "standards:standards-version": {
            "number": [str(v.number) for v in StandardsVersion.objects.all()]
        },
        "standards:report-file": {
            "pk": [str(published.pk), str(pending.pk)],
            "fmt": ["pdf", "csv"],
        },
        "standards:report-status": {"pk": [str(published.pk), str(pending.pk)]},
        "standards:report-publish": {"pk": [str(pending.pk), str(published.pk)]},
        "standards:target-edit": {
            "pk": [str(Target.objects.order_by("pk").first().pk)]
        },
        "standards:target-delete": {
            "pk": [str(Target.objects.order_by("-pk").first().pk)]
        },
        "standards:report-withdraw": {"pk": [str(published.pk)]},
        "open311:request-detail": {"request_id": open311_ids, "fmt": ["json", "xml"]},
        "open311:token-detail": {"token": [submission.token], "fmt": ["xml"]},
        "open311:not-found": {"rest": ["nowhere"], "fmt": ["json", "xml"]},
        **_admin_values(),
    }
    default = {
        "code": services,
        "fmt": ["json", "xml"],
        "app_label": ["requests_app", "feedback"],
        "content_type_id": ["1"],
        "object_id": [str(mine.pk)],
        "url": ["requests_app/citizenrequest/"],
        "id": [str(clerk.pk)],  # a user's password page in the admin
        "api_key": [plain_key],  # not a URL parameter: a valid key for API POSTs
    }
    return Demo(real=real, default=default)


HOSTILE = {
    "pk": INT_HOSTILE,
    "file_pk": INT_HOSTILE,
    "number": INT_HOSTILE,
    "content_type_id": INT_HOSTILE,
    "fmt": ["txt", "PDF", "%00"],
    "action": ["delete", "%00", "x" * 300, "take%2F..%2F"],
    "lang": ["xx", "bg-BG"],
    "token": TOKEN_HOSTILE,
}
# Parameters whose every hostile value is tried, not one sample per URL.
EVERY_HOSTILE_VALUE = {"token"}


def param_values(demo: Demo, url: UrlTemplate, param: str) -> list[str]:
    values = demo.real.get(url.name, {}).get(param) or demo.default.get(param)
    if not values and url.name.startswith("admin:"):
        values = ["1"]  # extra pages of third-party admins (e.g. a device's QR code)
    assert values, f"No real value for {{{param}}} of {url.name}: add one to `demo`."
    return values


def concrete_urls(
    demo: Demo, url: UrlTemplate, language: str, key: int
) -> Iterator[tuple[str, bool]]:
    """Yield (path, is_real): real values first, then one hostile value per param."""
    base = {"lang": language}
    reals = {p: param_values(demo, url, p) for p in url.params if p != "lang"}
    # Every real value of every parameter at least once (zip, padded).
    longest = max((len(v) for v in reals.values()), default=1)
    for i in range(longest):
        values = {p: v[i % len(v)] for p, v in reals.items()}
        yield url.template.format(**base, **values), True
    if url.name.startswith("admin:") and not url.name.endswith("_change"):
        return  # Django's own admin pages: hostile ids tried on the change pages
    for param in url.params:
        hostile = HOSTILE.get(param, STR_HOSTILE)
        count = len(hostile) if param in EVERY_HOSTILE_VALUE else 1
        for value in _rotate(hostile, key, count):
            values = {p: v[0] for p, v in reals.items()}
            values[param] = value
            yield url.template.format(**{**base, **values}), False


# --- The test ------------------------------------------------------------------------


class Fuzzer:
    def __init__(self, client, user: User | None) -> None:
        self.client = client
        self.user = user
        self.failures: list[str] = []
        self.count = 0
        self._sign_in()

    def _sign_in(self) -> None:
        if self.user is not None:
            self.client.force_login(self.user)

    def request(self, method: str, path: str, label: str, **kwargs):
        self.count += 1
        try:
            response = getattr(self.client, method)(path, **kwargs)
        except Exception as error:  # every crash is listed, not just the first
            where = traceback.extract_tb(error.__traceback__)
            ours = [
                f
                for f in where
                if "/work/main/" in f.filename and ".venv" not in f.filename
            ]
            frame = (ours or where)[-1]
            self.failures.append(
                f"{method.upper()} {path[:120]} [{label}]: "
                f"{type(error).__name__}: {str(error)[:200]} "
                f"at {frame.filename.split('/work/main/')[-1]}:{frame.lineno}"
            )
            return None
        if response.status_code >= 500:
            self.failures.append(
                f"{method.upper()} {path[:120]} [{label}]: {response.status_code}"
            )
        return response

    def oversized(self, path: str) -> None:
        """POST a body declared larger than the limit: a 413, nothing read."""
        response = self.request(
            "post",
            path,
            "oversized body",
            data=b"x=1",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1),
        )
        if response is not None and response.status_code != 413:
            self.failures.append(
                f"POST {path[:120]} [oversized body]: {response.status_code}, not 413"
            )


def _fuzz_url(fuzzer: Fuzzer, demo: Demo, url: UrlTemplate, index: int, role_key: int):
    key = index + role_key
    is_admin_url = url.name.startswith("admin:")
    if is_admin_url and (fuzzer.user is None or fuzzer.user.username != "admin"):
        # Everybody else gets the admin's login page: a sample of GETs is enough.
        if key % 8:
            return
        fuzzer.request(
            "get",
            url.template.format(
                lang="bg",
                **{p: param_values(demo, url, p)[0] for p in url.params if p != "lang"},
            ),
            "admin, not admin",
        )
        return
    # Public pages get the whole fuzz from the anonymous visitor and a light one from
    # staff; staff pages the whole fuzz from every role.
    light = fuzzer.user is not None and "/staff/" not in url.template
    if url.name in SLOW or (light and not is_admin_url):
        languages = _rotate(LANGUAGES, key, 1)
    elif "lang" in url.params:
        both = fuzzer.user is None and key % 2 == 0
        languages = LANGUAGES if both else _rotate(LANGUAGES, key, 1)
    else:
        languages = ["bg"]
    if is_admin_url and url.name.endswith(("_delete", "_history")) and key % 3:
        return  # Django's own pages: a third of them is enough
    for language in languages:
        for path, is_real in concrete_urls(demo, url, language, key):
            if is_real and url.name in SLOW and role_key != 0:
                continue  # rendering the PDF once (anonymous) is enough
            response = fuzzer.request("get", path, "real" if is_real else "hostile")
            if url.name in SESSION_ENDERS:
                fuzzer._sign_in()
            if is_admin_url:
                continue  # Django's own admin forms: GET is what our admin code adds
            fields: list[FormField] = list(EXTRA_FIELDS)
            post_fields: list[FormField] = []
            if response is not None and is_real and not response.streaming:
                html = response.content.decode(errors="replace")
                post_fields, get_fields = scrape_fields(html)
                fields = post_fields + EXTRA_FIELDS
                _fuzz_query(fuzzer, path, get_fields, key)
            bodies = garbage_bodies(fields, key)
            if is_real and post_fields and url.name not in SLOW and not light:
                chosen = bodies  # a form: every kind of garbage
            else:  # no form here (or a slow PDF): two samples
                chosen = _rotate(bodies, key, 2 if is_real else 1)
            for label, data in chosen:
                fuzzer.request("post", path, f"POST {label}", data=data)
                if url.name in SESSION_ENDERS:
                    fuzzer._sign_in()
            if is_real:
                fuzzer.oversized(path)


def _fuzz_query(fuzzer: Fuzzer, path: str, fields: list[FormField], key: int) -> None:
    """A page's GET form (filters): each garbage body as the query string."""
    if not fields:
        return
    for label, data in _rotate(garbage_bodies(fields, key)[1:], key, 5):
        if label == "huge values":
            data = dict.fromkeys(data, "ж" * 3000)  # URLs stay below server limits
        fuzzer.request("get", path, f"query {label}", data=data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_no_url_answers_500_to_any_input(client, demo, role):
    """Every URL, real and hostile parameters, garbage GET/POST data: never a 500."""
    user = User.objects.get(username=role) if role else None
    fuzzer = Fuzzer(client, user)
    urls = all_url_templates()
    role_key = ROLES.index(role)
    for index, url in enumerate(urls):
        _fuzz_url(fuzzer, demo, url, index, role_key)
    assert fuzzer.count > 300  # the walk really reached the pages
    assert fuzzer.failures == [], "\n".join(fuzzer.failures)


# --- Filters in the query string -----------------------------------------------------

FILTER_CASES = {
    # url name -> (role, {param: hostile values}) ; each value tried alone
    "requests_app:staff-queue": (
        "clerk",
        {
            "q": ["%", "_", "\x00", "ж" * 500, "94-00-1/24.11.2026"],
            "status": ["closed", "nope", "\x00"],
            "tier": ["overdue", "nope"],
            "assigned": ["me", "none", "x"],
            "service": ["0", "-1", "99999999999999999999", "1e309", "x"],
            "channel": ["desk", "x"],
            "filed_from": DATES,
            "filed_to": DATES,
            "page": ["0", "-1", "99999999999999999999", "last", "NaN", "1e309"],
        },
    ),
    "standards:dashboard": (
        "manager",
        {
            "period_kind": ["year", "custom", "half", "month", "x", "\x00"],
            "year": ["1999", "2100", "2101", "NaN", "1e309", "-0", "١٢"],
            "number": ["0", "4", "13", "Infinity", "99999999999999999999"],
            "start": DATES,
            "end": DATES,
            "department": ["0", "99999999999999999999", "x"],
            "service": ["0", "99999999999999999999", "x"],
        },
    ),
    "requests_app:catalogue": (None, {"q": ["%", "\x00", "ж" * 3000, "' OR 1=1"]}),
    "requests_app:service-detail": (None, {"filed_on": [*DATES, "", "\x00"]}),
    "open311:requests": (
        None,
        {
            "service_request_id": [
                "",
                ",,,",
                "\x00",
                "94-00-1%2F24.11.2026",
                "x" * 5000,
            ],
            "service_code": ["", "nope", "\x00", ",".join(["a"] * 500)],
            "status": ["open", "closed", "OPEN,closed", "x", "\x00"],
            "start_date": [
                "2026-02-30T00:00:00Z",
                "0000-00-00",
                "9999-12-31T23:59:59+14:00",
                "x",
                "\x00",
            ],
            "end_date": ["0001-01-01T00:00:00Z", "9999-12-31", "2026-13-01", "NaN"],
            "jurisdiction_id": ["", "\x00", "x" * 300],
            "page_size": NUMBERS,
        },
    ),
}
# Combinations a single value cannot reach: periods at the ends of the calendar.
FILTER_COMBINATIONS = {
    "standards:dashboard": [
        {"period_kind": "custom", "start": "0001-01-01", "end": "0001-12-31"},
        {"period_kind": "custom", "start": "9999-01-01", "end": "9999-12-31"},
        {"period_kind": "custom", "start": "2026-01-01", "end": "2025-01-01"},
        {"period_kind": "year", "year": "2000"},
        {"period_kind": "month", "year": "2100", "number": "12"},
        {
            "period_kind": "quarter",
            "year": "2026",
            "number": "4",
            "department": "1",
            "service": "1",
        },
    ],
    "requests_app:staff-queue": [
        {"filed_from": "9999-12-31", "filed_to": "0001-01-01"},
        {"tier": "overdue", "status": "closed", "assigned": "me", "page": "2"},
    ],
    "open311:requests": [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"},
        {"start_date": "2020-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        {"start_date": "0001-01-01T00:00:00+14:00"},
        {"end_date": "9999-12-31T23:59:59-12:00"},
    ],
}


@pytest.mark.django_db
def test_filters_in_the_query_string_never_answer_500(client, demo):
    """Queue, dashboard, catalogue search, due-date calculator, Open311 filters."""
    fuzzer = Fuzzer(client, None)
    urls = {u.name: u for u in all_url_templates()}
    for name, (role, params) in FILTER_CASES.items():
        fuzzer.user = User.objects.get(username=role) if role else None
        client.logout()
        fuzzer._sign_in()
        url = urls[name]
        path = url.template.format(
            lang="en",
            **{p: param_values(demo, url, p)[0] for p in url.params if p != "lang"},
        )
        ok = fuzzer.request("get", path, "no filter")
        assert ok is not None and ok.status_code == 200, path  # really reached
        for param, values in params.items():
            for value in values:
                fuzzer.request(
                    "get", path, f"{param}={value[:20]!r}", data={param: value}
                )
            fuzzer.request("get", path, f"{param} repeated", data={param: values})
        for combination in FILTER_COMBINATIONS.get(name, []):
            fuzzer.request("get", path, f"{combination}", data=combination)
    # Filing through the API with a valid key: the garbage reaches the form and service.
    client.logout()
    code = demo.default["code"][0]
    for fmt in ("json", "xml"):
        for key, (label, data) in enumerate(garbage_bodies(EXTRA_FIELDS, 0)):
            body = {**data, "api_key": demo.default["api_key"][0]}
            if key % 2:
                body["service_code"] = code
            fuzzer.request(
                "post", f"/open311/v2/requests.{fmt}", f"API {label}", data=body
            )
    assert fuzzer.failures == [], "\n".join(fuzzer.failures)
