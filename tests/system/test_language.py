"""Bulgarian as the municipality writes it, on every page, e-mail and PDF (#14).

The demo municipality is loaded (as in test_no_500) and everything a citizen or a member
of staff can read is rendered in Bulgarian: every page reachable with the demo's objects
for each role, every notice in the outbox (with the kinds the demo does not produce
triggered through their services), and the PDFs (extracted with pypdf). The text the
reader sees (tags, scripts, styles and attribute values removed; addresses, links and
registry numbers blanked) must not hold:

- "г.." — a sentence ending in a date ("… г.") with a second full stop;
- a sentence that starts with a lower-case weekday ("четвъртък, 24 декември…");
- an English phrase of the source catalogue (a whole msgid of two or more words), or
  English words of the catalogue or of Django's own messages ("- Select an option -");
- snake_case identifiers, service codes or indicator keys ("on_time_share",
  "heirs-certificate");
- ISO dates ("2026-10-05") on pages, in e-mails and PDFs (a CSV keeps them: it is data);
- the word "Уважаеми/уважаема" (one polite form: "Здравейте, <name>,");
- in an e-mail to a citizen, a polite pronoun in lower case ("вашето", "ви"): letters to
  one citizen write "Вие", "Ви", "Вашето".

Each check lists every offence with where it was found, so one run shows them all.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.test import Client

import pytest
from pypdf import PdfReader

from feedback import services as feedback_services
from feedback.models import Complaint, ComplaintKind
from requests_app.models import (
    CitizenRequest,
    EventKind,
    Notice,
    RequestEvent,
    Service,
    User,
)
from requests_app.services import alerts
from standards.indicators.definitions import INDICATORS
from standards.models import Report
from standards.services.reports import report_documents
from tests.system.test_no_500 import (  # noqa: F401 (the fixture is used by name)
    Demo,
    all_url_templates,
    demo,
    param_values,
)

ROLES = [None, "clerk", "officer", "manager", "admin"]
LOCALE = Path(settings.BASE_DIR) / "locale" / "bg" / "LC_MESSAGES" / "django.po"

# --- What the reader sees ------------------------------------------------------------

BLOCK_TAGS = {
    "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt",
    "dd", "br", "section", "article", "header", "footer", "nav", "main", "label",
    "option", "legend", "caption", "figcaption", "button", "summary", "title",
    "ul", "ol", "table", "form", "fieldset", "aside", "details", "select", "pre",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """Text nodes outside scripts and styles; a new line at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in {"script", "style", "template", "svg"}:
            self._hidden += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in {"script", "style", "template", "svg"}:
            self._hidden = max(0, self._hidden - 1)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    # pypdf breaks lines where the PDF wrapped them: a sentence goes on after a break.
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text)


# Not language: links, addresses, registry numbers, receipt codes, file names.
NOT_LANGUAGE = re.compile(
    r"https?://\S+"
    r"|\S+@\S+\.\w+"
    r"|\b\d{2}-\d{2}-\d+/\d{2}\.\d{2}\.\d{4}\b"  # registry number 94-00-1/24.11.2026
    r"|\b[A-Z0-9]{4}(?:-[A-Z0-9]{4})+\b"  # receipt codes
    r"|\b[\w.-]+\.(?:pdf|jpg|jpeg|png|csv|docx?|odt)\b"
    r"|/[a-z]{2}/[\w/.-]*"  # a path shown as text
)


def language_of(text: str) -> str:
    return NOT_LANGUAGE.sub(" ", text)


# --- The checks ----------------------------------------------------------------------

DOUBLE_STOP = re.compile(r"г\.\s?\.(?!\.)")
WEEKDAYS = "понеделник|вторник|сряда|четвъртък|петък|събота|неделя"
# A weekday starting a sentence that goes on ("четвъртък, 24 декември 2026 г. се брои");
# a list of days ("събота, 5 декември 2026 г. — седмична почивка") is not a sentence.
LOWER_START = re.compile(
    rf"(?:^|(?<![гл]\.)(?<=[.!?])\s+)({WEEKDAYS}), \d{{1,2}} [а-я]+ \d{{4}} г\. [а-я]",
    re.M,
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ISO_DATE = re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
LATIN_WORD = re.compile(r"(?<![\w@/.-])[A-Za-z][a-z]{2,}(?![\w@/-])")
DEMO_LABEL = re.compile(r"(?<!\w)(?:Демо|Demo):")
GENDER_SLASH = re.compile(r"Уважаеми/уважаема|уважаеми/уважаема", re.I)
# Latin words a Bulgarian municipality writes: formats, standards, product names.
LATIN_ALLOWED = {
    "pdf", "csv", "xml", "json", "api", "open", "wcag", "html", "utf", "qr", "xlsx",
    "excel", "mail", "email", "cookie", "cookies", "totp", "google", "microsoft",
    "authenticator", "celery", "redis", "django", "sqlite", "postgresql", "otp",
    "english",  # the language switcher names the other language in that language
}  # fmt: skip
# Django's own English that leaks when a widget or message is not translated.
DJANGO_ENGLISH = [
    "Select an option",
    "This field is required",
    "Enter a valid",
    "Currently",
    "Clear",
    "Change",
    "Previous",
    "Next",
    "Page",
]


def english_catalogue() -> tuple[set[str], set[str]]:
    """Return (phrases, words): the catalogue's English msgids and their words.

    Phrases are msgids of at least two words without placeholders; words are the
    lower-case words of three letters or more that are not also plain Latin words a
    Bulgarian text may carry.
    """
    phrases: set[str] = set()
    words: set[str] = set()
    text = LOCALE.read_text(encoding="utf-8")
    for match in re.finditer(r'^msgid "(.*)"$', text, re.M):
        msgid = match.group(1).encode().decode("unicode_escape", "ignore")
        if not msgid:
            continue
        clean = re.sub(r"%\(\w+\)\w|\{\{?[^}]*\}?\}|%\w", " ", msgid)
        for word in re.findall(r"[A-Za-z]{3,}", clean):
            if word.lower() not in LATIN_ALLOWED:
                words.add(word.lower())
        if clean == msgid and len(msgid.split()) >= 2 and re.search("[a-z]", msgid):
            phrases.add(msgid)
    return phrases, words


@dataclass
class Findings:
    codes: set[str]
    phrases: set[str]
    words: set[str]
    problems: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    checked: int = 0

    def add(self, check: str, where: str, excerpt: str) -> None:
        """Remember one offence; the same excerpt on many pages is listed once."""
        excerpt = re.sub(r"\d", "0", excerpt)  # the same sentence with other dates
        self.problems.setdefault(check, {}).setdefault(excerpt, []).append(where)

    def check(self, where: str, text: str) -> None:
        self.checked += 1
        plain = language_of(text)
        for match in DOUBLE_STOP.finditer(plain):
            self.add("г..", where, _around(plain, match))
        for match in LOWER_START.finditer(plain):
            self.add("lower-case sentence start", where, _around(plain, match))
        for match in SNAKE.finditer(plain):
            self.add("snake_case", where, _around(plain, match))
        # A CSV is data for a spreadsheet: ISO dates there sort and parse everywhere.
        iso_dates = [] if "[CSV]" in where else ISO_DATE.finditer(plain)
        for match in iso_dates:
            self.add("ISO date", where, _around(plain, match))
        citizen_page = "/staff/" not in where and "(anonymous)" in where
        citizen_mail = where.startswith("e-mail") and "staff" not in where
        if citizen_page or citizen_mail:
            # What a citizen reads: the demo's marks are for staff trying it out.
            for match in DEMO_LABEL.finditer(plain):
                self.add("demo label shown to a citizen", where, _around(plain, match))
        for match in GENDER_SLASH.finditer(plain):
            self.add("Уважаеми/уважаема", where, _around(plain, match))
        for code in self.codes:
            if re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/-])", plain):
                self.add("code name", where, code)
        for phrase in DJANGO_ENGLISH:
            if re.search(rf"\b{re.escape(phrase)}\b", plain):
                self.add("Django's English", where, phrase)
        for phrase in self.phrases:
            if len(phrase) > 12 and phrase in plain:
                self.add("untranslated msgid", where, phrase)
        leaked = [
            w for w in LATIN_WORD.findall(plain) if w.lower() in self.words
        ]  # English words of the catalogue
        if leaked:
            self.add("English words", where, " ".join(sorted(set(leaked))[:12]))

    def report(self) -> str:
        lines = []
        for check, found in sorted(self.problems.items()):
            lines.append(f"== {check}: {len(found)}")
            for excerpt, wheres in sorted(found.items())[:80]:
                more = f" and {len(wheres) - 3} more" if len(wheres) > 3 else ""
                lines.append(f"  …{excerpt}… ({'; '.join(wheres[:3])}{more})")
        return "\n".join(lines)


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50) : match.end() + 30].replace("\n", " ⏎ ")


@pytest.fixture
def findings(demo: Demo) -> Findings:  # noqa: F811 (the imported fixture)
    phrases, words = english_catalogue()
    service_codes = set(Service.objects.values_list("code", flat=True))
    codes = {c for c in service_codes if "-" in c or "_" in c}
    codes |= {i.code for i in INDICATORS if "_" in i.code}
    return Findings(codes=codes, phrases=phrases, words=words)


# --- Pages ---------------------------------------------------------------------------

SKIPPED_PREFIXES = ("admin:", "open311:", "two_factor:", "api")
SKIPPED_NAMES = {"set_language", "javascript-catalog", "robots", "healthz"}


def _real_paths(demo: Demo, url) -> list[str]:  # noqa: F811
    values = {p: param_values(demo, url, p) for p in url.params if p != "lang"}
    longest = max((len(v) for v in values.values()), default=1)
    return [
        url.template.format(lang="bg", **{p: v[i % len(v)] for p, v in values.items()})
        for i in range(longest)
    ]


def _read(findings: Findings, where: str, response) -> None:
    kind = response.get("Content-Type", "")
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if "pdf" in kind and content.startswith(b"%PDF") and len(content) > 100:
        findings.check(f"{where} [PDF]", pdf_text(content))
    elif "html" in kind:
        findings.check(where, visible_text(content.decode(errors="replace")))
    elif "csv" in kind:
        findings.check(f"{where} [CSV]", content.decode("utf-8-sig", errors="replace"))


def _one_case_per_event_kind(demo: Demo) -> None:  # noqa: F811
    """Add a case of each kind of event to the demo's pages (timeline wording)."""
    pks, tokens = [], []
    for kind in EventKind.values:
        event = RequestEvent.objects.filter(kind=kind).order_by("pk").first()
        if event is not None:
            pks.append(str(event.request_id))
            tokens.append(event.request.tracking_token)
    for name, param, values in (
        ("requests_app:staff-request", "pk", pks),
        ("requests_app:request-track", "token", tokens),
    ):
        known = demo.real.setdefault(name, {}).setdefault(param, [])
        known.extend(v for v in dict.fromkeys(values) if v not in known)


@pytest.mark.django_db
def test_every_page_in_bulgarian_reads_as_bulgarian(demo, findings):  # noqa: F811
    _one_case_per_event_kind(demo)
    urls = [
        u
        for u in all_url_templates()
        if "lang" in u.params
        and not u.name.startswith(SKIPPED_PREFIXES)
        and u.name.split(":")[-1] not in SKIPPED_NAMES
        and not u.name.endswith(("-action", "-publish", "-withdraw", "-delete"))
        and "logout" not in u.name
    ]
    for role in ROLES:
        client = Client()
        if role:
            client.force_login(User.objects.get(username=role))
        for url in urls:
            for path in _real_paths(demo, url):
                response = client.get(path)
                if response.status_code != 200:
                    continue
                _read(findings, f"{path} ({role or 'anonymous'})", response)
    assert findings.checked > 60
    assert not findings.problems, findings.report()


# --- PDFs made by services ------------------------------------------------------------


@pytest.mark.django_db
def test_every_pdf_in_bulgarian_reads_as_bulgarian(demo, findings):  # noqa: F811
    kind = ComplaintKind.objects.get(code="complaint")
    complaint, _code = feedback_services.complaint_file(
        kind=kind,
        body="Чаках два часа на гишето.",
        contact_name="Петя Иванова Георгиева",
        contact_email="petya@example.org",
        language="bg",
        received_on=date(2026, 12, 20),  # the term holds the demo's declared day off
    )
    complaint = Complaint.objects.get(pk=complaint.pk)
    findings.check(
        "complaint proof (anonymous) [PDF]", pdf_text(bytes(complaint.proof_pdf))
    )
    report = Report.objects.create(
        period_kind="year",
        start_on=date(2026, 1, 1),
        end_on=date(2026, 12, 31),
        scope_kind="municipality",
        scope_key="municipality",
        language="bg",
    )
    pdf, csv = report_documents(report)
    findings.check("report [PDF]", pdf_text(pdf))
    findings.check("report [CSV]", csv.decode("utf-8-sig", errors="replace"))
    client = Client()
    for path in (
        f"/bg/services/{Service.objects.order_by('pk').first().code}/sheet.pdf",
        "/bg/standards.pdf",
    ):
        response = client.get(path)
        if response.status_code == 200:
            _read(findings, path, response)
    assert findings.checked >= 3
    assert not findings.problems, findings.report()


# --- E-mails -------------------------------------------------------------------------


def _more_notices() -> None:
    """Notices the demo does not write: complaint notices and the staff digests."""
    kind = ComplaintKind.objects.get(code="complaint")
    feedback_services.complaint_file(
        kind=kind,
        body="Чаках два часа на гишето.",
        contact_name="Петя Иванова Георгиева",
        contact_email="petya@example.org",
        language="bg",
    )
    today = date.today()
    for send in (
        alerts.deadline_digests_send,
        alerts.overdue_alerts_send,
        alerts.unanswered_alerts_send,
    ):
        send(today=today)


LOWER_POLITE = re.compile(
    r"(?<!\w)(ви|вас|вие|ваш|вашия|вашият|вашата|вашето|вашите)(?!\w)"
)
STAFF_KINDS = ("staff", "complaint_new", "complaint_reminder", "complaint_info_added")


@pytest.mark.django_db
def test_every_email_in_bulgarian_reads_as_bulgarian(demo, findings):  # noqa: F811
    CitizenRequest.objects.update(language="bg")
    _more_notices()
    notices = Notice.objects.filter(language="bg").order_by("pk")
    for notice in notices:
        where = f"e-mail {notice.kind}"
        text = f"{notice.subject}\n{notice.body}"
        findings.check(where, text)
        if not notice.kind.startswith(STAFF_KINDS):
            for match in LOWER_POLITE.finditer(language_of(text)):
                findings.add(
                    "polite pronoun in lower case", where, _around(text, match)
                )
    kinds = {n.kind.split(":")[0] for n in notices}
    assert {"acknowledgement", "extension", "survey_invitation"} <= kinds, kinds
    assert not findings.problems, findings.report()


# --- The new wording, in English (the Bulgarian comes with locale/bg/parts) ---------


@pytest.mark.django_db
def test_a_variant_reads_with_its_plural_term_and_its_fee():
    from decimal import Decimal

    from django.utils import translation

    from requests_app.forms.filing import RequestForm
    from requests_app.money import money_format
    from tests.requests_app.factories import ServiceVariantFactory

    one = ServiceVariantFactory(
        name="Express", term_days=1, term_working_days=True, fee=Decimal("2.56")
    )
    many = ServiceVariantFactory(term_days=7, term_working_days=False, fee=Decimal(0))
    with translation.override("en"):
        assert RequestForm.variant_label(one).endswith(": 1 working day, fee 2.56\xa0€")
        assert RequestForm.variant_label(many).endswith(": 7 days, free of charge")
    with translation.override("bg"):
        assert money_format(Decimal("2.5")) == "2,50\xa0€"


@pytest.mark.django_db
def test_an_event_without_staff_names_the_citizen_or_the_system():
    from django.utils import translation

    from requests_app.selectors.case import case_timeline
    from requests_app.workflow import Status
    from tests.requests_app.factories import CitizenRequestFactory, RequestEventFactory

    case = CitizenRequestFactory()
    RequestEventFactory(
        request=case, kind=EventKind.STATUS, to_status=Status.SUBMITTED, actor=None
    )
    RequestEventFactory(request=case, kind=EventKind.CITIZEN_REPLY, actor=None)
    RequestEventFactory(request=case, kind=EventKind.CALENDAR_MOVE, actor=None)
    with translation.override("en"):
        authors = {
            e.kind: e.actor for e in case_timeline(citizen_request=case) if e.actor
        }
    assert authors[EventKind.CITIZEN_REPLY] == "The citizen"
    assert authors[EventKind.CALENDAR_MOVE] == "The system"
    assert "or" not in " ".join(authors.values()).split()
