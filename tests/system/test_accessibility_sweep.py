"""WCAG 2.1 AA sweep of the public and staff pages in Chromium, in bg and en (#2-#5).

For each page: axe-core finds no violation; at 320 CSS px nothing scrolls sideways
(WCAG 1.4.10 reflow); the page has one h1, a <main> and <html lang> of its URL's
language. Violations of every page are collected and reported together.
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest
from playwright.sync_api import Page

from feedback import services as feedback_services
from feedback.models import ComplaintKind, FollowUpItem, Suggestion, SurveyInvitation
from requests_app.models import CitizenLoginToken, CitizenRequest, User
from requests_app.tokens import token_hash as login_token_hash
from requests_app.tokens import token_hash as survey_token_hash
from requests_app.workflow import Status
from standards.models import Report, StandardsVersion
from tests.standards.factories import StandardsVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFLOW_WIDTH = 320
PAGE_CHECKS = """() => ({
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
})"""


class Sweep:
    """Visit pages, check each, remember every problem."""

    def __init__(self, page: Page, base: str, language: str, axe_check) -> None:
        self.page = page
        self.base = base
        self.language = language
        self.axe_check = axe_check
        self.problems: list[str] = []

    def url(self, path: str) -> str:
        return f"{self.base}/{self.language}/{path}"

    def check_current(self, label: str) -> None:
        page = self.page
        where = f"{label} ({page.url})"
        facts = page.evaluate(PAGE_CHECKS)
        if facts["lang"] != self.language:
            self.problems.append(f"{where}: <html lang={facts['lang']!r}>")
        if facts["h1"] != 1:
            self.problems.append(f"{where}: {facts['h1']} h1 elements")
        if facts["main"] != 1:
            self.problems.append(f"{where}: {facts['main']} <main> elements")
        try:
            self.axe_check(page)
        except AssertionError as error:
            self.problems.append(f"{where}: {error}")
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > REFLOW_WIDTH + 1:
            wide = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > limit + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)""",
                REFLOW_WIDTH,
            )
            self.problems.append(f"{where}: {width}px wide at 320px: {wide}")
        page.set_viewport_size({"width": 1280, "height": 720})

    def visit(self, label: str, path: str, status: int = 200) -> None:
        response = self.page.goto(self.url(path))
        if response is None or response.status != status:
            got = response.status if response else None
            self.problems.append(f"{label}: {path} answered {got}, not {status}")
            return
        self.check_current(label)


def _sign_in(page: Page, base: str, user: User | None) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
    )


@pytest.fixture
def world(live_server, settings):
    """The demo, plus a complaint, a survey link, reports and a follow-up item."""
    settings.SITE_URL = live_server.url
    call_command("load_demo", force_accounts=True, verbosity=0)
    complaint, code = feedback_services.complaint_file(
        kind=ComplaintKind.objects.get(code="complaint"),
        body="Чаках два часа на гишето, без да ме обслужат.",
        contact_email="filer@example.org",
    )
    closed = CitizenRequest.objects.filter(status=Status.CLOSED).first()
    closed = closed or CitizenRequest.objects.first()
    survey_token = secrets.token_urlsafe(24)
    SurveyInvitation.objects.update_or_create(
        request=closed,
        defaults={
            "token_hash": survey_token_hash(survey_token),
            "expires_at": timezone.now() + datetime.timedelta(days=30),
            "used_at": None,
        },
    )
    login_token = secrets.token_urlsafe(32)
    CitizenLoginToken.objects.create(
        email_key=closed.citizen_email_key,
        token_hash=login_token_hash(login_token),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    response = feedback_services.survey_submit_anytime(
        answers={
            "courtesy": 1,
            "clarity": 1,
            "timeliness": 1,
            "simplicity": 1,
            "overall": 1,
            "resolved": "no",
            "comment": "Никой не ми помогна.",
            "has_consent": True,
            "contact_email": "unhappy@example.org",
        },
        service=closed.service,
        language="bg",
    )
    report = Report.objects.create(
        period_kind="quarter",
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="municipality",
        scope_key="municipality",
        status=Report.Status.DONE,
        is_published=True,
        published_at=timezone.now(),
        finished_at=timezone.now(),
        pdf=ContentFile(b"%PDF-1.4\n", name="r.pdf"),
        pdf_sha256="0" * 64,
        csv=ContentFile(b"a\n", name="r.csv"),
        csv_sha256="1" * 64,
    )
    if not StandardsVersion.objects.exists():  # seeded by a migration; a flush drops it
        StandardsVersionFactory(number=1)
    return {
        "base": live_server.url,
        "code": code,
        "complaint": complaint,
        "survey_token": survey_token,
        "login_token": login_token,
        "survey_response": response,
        "report": report,
        "request": closed,
        "service": closed.service,
        "suggestion": Suggestion.objects.order_by("pk").first(),
        "has_follow_up": FollowUpItem.objects.exists(),
        "standards": StandardsVersion.objects.order_by("number").first(),
    }


@pytest.mark.parametrize("language", ["bg", "en"])
def test_public_pages_pass_axe_reflow_and_structure(
    page: Page, world, axe_check, language
):
    """Every citizen's page: axe clean, no sideways scroll at 320 px, one h1 (#2-#5)."""
    page.set_default_timeout(10_000)
    sweep = Sweep(page, world["base"], language, axe_check)
    service = world["service"]
    for label, path in [
        ("home", ""),
        ("accessibility statement", "accessibility/"),
        ("catalogue", "services/?q=%D1%83"),
        ("service", f"services/{service.code}/?filed_on=2026-12-23"),
        ("track lookup", "track/"),
        ("track lookup sent", "track/sent/"),
        ("citizen sign-in", "my/sign-in/"),
        ("citizen sign-in sent", "my/sign-in/sent/"),
        ("survey", "survey/"),
        ("survey thanks", "survey/thanks/"),
        ("invited survey", f"survey/r/{world['survey_token']}/"),
        ("suggestions", "suggestions/"),
        ("standards", "standards/"),
        ("standards version", f"standards/{world['standards'].number}/"),
        ("charter", "charter/"),
        ("reports archive", "reports/"),
    ]:
        sweep.visit(label, path)
    sweep.visit("404 page", "no-such-page/", status=404)
    sweep.visit("used sign-in link", "my/sign-in/not-a-token/", status=410)

    # The citizen's own requests, through the one-time sign-in link.
    sweep.visit("sign-in confirmation", f"my/sign-in/{world['login_token']}/")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url("**/my/")
    sweep.check_current("my requests")

    # The filer's view of a complaint, opened with the receipt code.
    sweep.visit("complaint follow-up", "complaints/follow-up/")
    page.locator("main input[name=code]").fill(world["code"])
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url("**/complaints/follow-up/case/")
    sweep.check_current("complaint case (filer)")

    # Too many look-ups from one address: the polite 429 page. Only look-ups without
    # form errors count, so each one is filled in.
    statuses = []
    for _ in range(7):
        page.goto(sweep.url("track/"))
        page.locator("main input[name=registry_number]").fill("94-00-1/01.01.2026")
        page.locator("main input[name=email]").fill("eve@example.org")
        with page.expect_navigation() as navigation:
            page.evaluate(  # past the browser's own checks; "submit" is a field
                "() => HTMLFormElement.prototype.submit.call("
                "document.querySelector('main form'))"
            )
        statuses.append(navigation.value.status)
    if statuses[-1] != 429:
        sweep.problems.append(f"rate limit: look-ups answered {statuses}")
    else:
        sweep.check_current("rate-limited page (429)")

    assert sweep.problems == [], "\n".join(sweep.problems)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_staff_pages_pass_axe_reflow_and_structure(
    page: Page, world, axe_check, language
):
    """Back-office pages for each role: axe clean, reflow, one h1 (#3-#5)."""
    sweep = Sweep(page, world["base"], language, axe_check)
    users = {
        u.username: u for u in User.objects.filter(groups__isnull=False).distinct()
    }
    visits = {
        "clerk": [
            ("desk intake", "staff/intake/"),
            ("letters to post", "staff/letters/"),
        ],
        "officer": [
            ("complaint (officer)", f"staff/complaints/{world['complaint'].pk}/"),
        ],
        "manager": [
            ("complaint counts", "staff/complaints/"),
            ("suggestion response", f"staff/suggestions/{world['suggestion'].pk}/"),
            ("report status", f"staff/dashboard/reports/{world['report'].pk}/"),
        ],
        "head": [("follow-ups", "staff/follow-ups/")],
    }
    for role, pages in visits.items():
        _sign_in(page, world["base"], users[role])
        for label, path in pages:
            sweep.visit(label, path)
    assert world["has_follow_up"] is True  # the follow-up list is not empty
    assert sweep.problems == [], "\n".join(sweep.problems)
