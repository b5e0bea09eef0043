"""Whole journeys on the living demo in Chromium: bg and en, 1280 and 320 px (#14).

A citizen starts on the home page, searches the catalogue, opens a service and reads
its figures of the last 12 months, files the request and follows it; a manager opens
the dashboard on figures. Each page on the way is checked with axe-core and, at
320 px, for sideways scrolling (WCAG 1.4.10). The pages are read by the labels and
roles a person sees, in the page's language (taken from the translation catalogue).

With SCREENSHOTS_DIR set, `test_screenshots` also saves full-page pictures of the home,
service, performance and dashboard pages in Bulgarian; otherwise it is skipped.
"""

import datetime
import re

from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import Page, expect

from requests_app.models import CitizenRequest, Notice, Service, User
from standards.periods import PeriodKind
from standards.selectors.dashboard import dashboard_default_period
from standards.selectors.performance import service_performance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["bg", "en"]
WIDTHS = [1280, 320]
NARROW = 320
# A much-used demo service, with variants and questions.
SERVICE_CODE = "heirs-certificate"
QUERY = {"bg": "наследници", "en": "heirs"}
SECTION_NUMBERS = ["I", "II", "III", "IV", "V", "VI"]

WIDEST = """(limit) => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (e.className && typeof e.className === 'string'
           ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""


def tr(language: str, text: str) -> str:
    """The text as the page in `language` shows it."""
    with translation.override(language):
        return gettext(text)


def url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


class Walk:
    """Check each page of a journey: axe-core clean, no sideways scroll when narrow.

    Problems are collected and reported together at the end, so that one run names
    every page that needs work; a step that cannot be taken fails at once.
    """

    def __init__(self, page: Page, width: int, axe_check) -> None:
        self.page = page
        self.width = width
        self.axe_check = axe_check
        self.problems: list[str] = []
        page.set_viewport_size({"width": width, "height": 800})

    def check(self, label: str) -> None:
        page = self.page
        page.wait_for_load_state()
        try:
            self.axe_check(page)
        except AssertionError as error:
            self.problems.append(f"{label}: {str(error).splitlines()[0]}")
        if self.width == NARROW:
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROW + 1:
                wide = page.evaluate(WIDEST, NARROW)
                self.problems.append(
                    f"{label} ({page.url}) is {width} px wide at {NARROW} px: {wide}"
                )

    def assert_clean(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
def demo(live_server, settings):
    """The demo municipality with its year of history, as `make run` loads it."""
    settings.SITE_URL = live_server.url  # e-mailed links point at the test server
    settings.STAFF_TWO_FACTOR = False
    call_command("load_demo", force_accounts=True, history=True, verbosity=0)
    return live_server.url


def figure_text(page: Page, figure: str) -> str:
    return page.locator(f"#service-performance [data-figure={figure}]").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_finds_files_and_follows_a_request(
    page: Page, demo, axe_check, language, width
):
    walk = Walk(page, width, axe_check)
    service = Service.objects.get(code=SERVICE_CODE)
    with translation.override(language):
        service_name = service.name
        variant = service.variants.order_by("order").last()
        variant_name = variant.name
        figures = service_performance(service=service)
        expected = {
            "on_time": figures.on_time.value_text,
            "median_days": figures.median_days.value_text,
            "cases": figures.cases.value_text,
        }
    assert figures.cases.measure.value > 0  # the history gives the service cases

    # Home: the catalogue search comes first, before any other field or button.
    home = f"{demo}{url(language, 'requests_app:home')}"
    page.goto(home)
    search = page.get_by_label(tr(language, "Search the services"))
    expect(search).to_be_visible()
    first_control = page.locator("main").locator("input, select, textarea, button")
    expect(first_control.first).to_have_attribute("name", "q")
    expect(
        page.get_by_role("link", name=tr(language, "Follow a request you filed"))
    ).to_be_visible()
    walk.check("home")

    search.fill(QUERY[language])
    page.get_by_role("search").get_by_role(
        "button", name=tr(language, "Search"), exact=True
    ).click()
    page.wait_for_url(re.compile(r"/services/\?q="))
    walk.check("search results")

    # The service page, with its figures of the last 12 months.
    page.get_by_role("link", name=service_name, exact=True).click()
    page.wait_for_url(
        f"**{url(language, 'requests_app:service-detail', code=SERVICE_CODE)}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(service_name)
    figures_region = page.get_by_role(
        "region", name=tr(language, "How this service performed in the last 12 months")
    )
    expect(figures_region).to_be_visible()
    for figure, text in expected.items():
        assert figure_text(page, figure) == text, figure
    assert re.search(r"\d", expected["on_time"]), expected
    walk.check("service page")

    # Its link to the figures of every department and service, and back.
    figures_region.get_by_role(
        "link", name=tr(language, "Figures of every department and service")
    ).click()
    page.wait_for_url(f"**{url(language, 'standards:performance')}")
    expect(page.get_by_role("rowheader", name=service_name, exact=True)).to_be_visible()
    walk.check("performance page")
    page.go_back()

    # The form: the fastest variant, the service's questions, who files, consent.
    page.get_by_role("link", name=tr(language, "File this request online")).click()
    page.wait_for_url("**/apply/")
    walk.check("form")
    page.get_by_label(variant_name).check()
    page.get_by_label(tr(language, "What do you need?")).fill(
        "Удостоверение за наследниците на баща ми."
        if language == "bg"
        else "A certificate of my father's heirs."
    )
    for question in service.questions.order_by("order"):
        with translation.override(language):
            field = page.get_by_label(question.label, exact=False)
        if question.kind == "text":
            field.fill("Иван Петров Иванов")
        elif question.kind == "date":
            field.fill(str(timezone.localdate() - datetime.timedelta(days=20)))
        elif question.kind == "number":
            field.fill("2")
    page.get_by_label(tr(language, "Your name")).fill("Мария Иванова Петрова")
    page.get_by_label(tr(language, "E-mail"), exact=True).fill("maria@example.org")
    page.get_by_label(
        tr(language, "I have read the notice on personal data above and agree to it.")
    ).check()
    page.get_by_role("button", name=tr(language, "File the request")).click()

    # Filed: the registry number, and the private link to follow the request.
    page.wait_for_url("**/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr(language, "Your request has been filed")
    )
    filed = CitizenRequest.objects.get(citizen_email="maria@example.org")
    assert filed.service == service and filed.variant == variant
    assert filed.answers.count() == service.questions.count()
    expect(page.locator("#registry-number")).to_have_text(filed.registry_number)
    walk.check("done page")

    token = filed.tracking_token
    tracking = f"{demo}{url(language, 'requests_app:request-track', token=token)}"
    page.get_by_role("link", name=tracking, exact=True).click()
    page.wait_for_url(tracking)
    expect(page.get_by_role("heading", level=1)).to_contain_text(filed.registry_number)
    expect(page.locator("#request-status")).to_have_text(tr(language, "Submitted"))
    expect(page.get_by_text(service_name).first).to_be_visible()
    walk.check("tracking page")

    # Another day, from the home page: the link again, by registry number and e-mail.
    page.goto(home)
    page.get_by_role("link", name=tr(language, "Follow a request you filed")).click()
    page.wait_for_url(f"**{url(language, 'requests_app:track-lookup')}")
    walk.check("tracking look-up")
    page.get_by_label(tr(language, "Registry number")).fill(filed.registry_number)
    page.get_by_label(tr(language, "The e-mail address you gave")).fill(
        "maria@example.org"
    )
    page.get_by_role("button", name=tr(language, "Send me the link")).click()
    page.wait_for_url(f"**{url(language, 'requests_app:track-lookup-sent')}")
    walk.check("link sent")
    assert tracking in Notice.objects.get(request=filed, kind="tracking_link").body
    walk.assert_clean()


def sign_in(page: Page, base: str, user: User) -> None:
    """A signed-in session for `user` (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_manager_opens_the_dashboard_on_figures(
    page: Page, demo, axe_check, language, width
):
    walk = Walk(page, width, axe_check)
    sign_in(page, demo, User.objects.get(username="manager"))
    period = dashboard_default_period(today=timezone.localdate())
    # The history fills the last complete quarter: no year-to-date fallback.
    assert period.kind == PeriodKind.QUARTER
    with translation.override(language):
        label = period.label

    page.goto(f"{demo}{url(language, 'standards:dashboard')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr(language, "Management dashboard")
    )
    expect(
        page.get_by_role("heading", level=2, name=re.compile(re.escape(label)))
    ).to_be_visible()

    values = page.locator("table.report-table td.value").all_inner_texts()
    no_data = tr(language, "no data")
    shown = [v for v in values if v.strip() and v.strip() != no_data]
    assert len(shown) > len(values) / 2, values
    on_time = page.locator("tr[data-indicator=on_time_share] td.value")
    expect(on_time).to_have_text(re.compile(r"\d"))
    expect(page.locator("figure.report-figure svg").first).to_be_visible()

    titles = page.locator("h3[id^=section-]").all_inner_texts()
    assert [t.split(".")[0] for t in titles] == SECTION_NUMBERS, titles
    walk.check("dashboard")
    walk.assert_clean()
