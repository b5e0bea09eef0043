"""At 320 CSS px the site works without JavaScript and reads well, in Chromium (#14).

Below Bootstrap's md breakpoint the header's links sit behind a native <details> menu
that opens from the keyboard with JavaScript off; at 1280 px they show inline. The staff
queue shows one card per request with the registry number in full, and the manager's
dashboard with a year of demo history does not scroll sideways. axe-core checks each.
"""

import re

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest
from playwright.sync_api import Page, expect

from requests_app.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}
MENU = {"bg": "Меню", "en": "Menu"}
SERVICES = {"bg": "Услуги", "en": "Services"}
TRACK = {"bg": "Проследяване на заявление", "en": "Follow a request"}
STAFF = {"bg": "За служители", "en": "Staff"}
SIGN_OUT = {"bg": "Изход", "en": "Sign out"}
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def demo(site):
    """The demo staff and a year of history: a full queue and a dashboard with data."""
    call_command("load_demo", force_accounts=True, history=True, verbosity=0)
    return site


def sign_in(context, site: str, username: str) -> None:
    """A staff session cookie, without the sign-in form (tested elsewhere)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}]
    )


def open_menu_by_keyboard(tab: Page, language: str) -> None:
    menu = tab.locator("#site-menu")
    summary = menu.locator("summary")
    expect(summary).to_have_text(MENU[language])
    expect(menu).not_to_have_attribute("open", re.compile(".*"))
    summary.focus()
    tab.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_menu_at_320px_opens_from_the_keyboard_without_javascript(
    browser, site, language
):
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    tab = context.new_page()
    tab.goto(f"{site}/{language}/")
    header = tab.get_by_role("navigation", name=re.compile("."))
    services = header.get_by_role("link", name=SERVICES[language], exact=True)
    expect(services).to_have_count(0)  # closed: neither copy is shown
    expect(tab.locator(".site-nav-inline")).to_be_hidden()
    assert tab.locator("#site-menu summary").bounding_box()["height"] >= 44

    open_menu_by_keyboard(tab, language)
    expect(services).to_be_visible()
    links = tab.locator("#site-menu a")
    assert links.count() >= 3  # services, tracking, the other language
    for box in (links.nth(i).bounding_box() for i in range(links.count())):
        assert box["height"] >= 44  # touch targets
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
    assert tab.evaluate(SCROLL_WIDTH) <= NARROW["width"]

    header.get_by_role("link", name=TRACK[language]).focus()
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(f"{site}/{language}/track/")
    context.close()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_staff_sign_out_through_the_menu_at_320px(browser, site, language):
    call_command("load_demo", force_accounts=True, verbosity=0)
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    sign_in(context, site, "clerk")
    tab = context.new_page()
    tab.goto(f"{site}/{language}/staff/queue/")
    open_menu_by_keyboard(tab, language)
    menu = tab.locator("#site-menu")
    expect(menu.get_by_role("link", name=STAFF[language])).to_be_visible()
    sign_out = menu.get_by_role("button", name=re.compile(SIGN_OUT[language]))
    assert sign_out.bounding_box()["height"] >= 44
    sign_out.click()  # a POST form: no script needed
    expect(tab).to_have_url(f"{site}/{language}/services/")
    open_menu_by_keyboard(tab, language)
    expect(menu.get_by_role("link", name=STAFF[language])).to_have_count(0)
    context.close()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_at_1280px_the_links_show_inline_and_axe_is_clean(
    page: Page, site, axe_check, language
):
    call_command("load_demo", force_accounts=True, verbosity=0)
    sign_in(page.context, site, "clerk")
    page.set_viewport_size(WIDE)
    page.goto(f"{site}/{language}/")
    header = page.get_by_role("navigation", name=re.compile("."))
    expect(page.locator("#site-menu")).to_be_hidden()
    for name in (SERVICES, TRACK, STAFF):
        expect(
            header.get_by_role("link", name=name[language], exact=True)
        ).to_be_visible()
    expect(
        header.get_by_role("button", name=re.compile(SIGN_OUT[language]))
    ).to_be_visible()
    axe_check(page)

    page.set_viewport_size(NARROW)
    axe_check(page)  # the closed menu
    open_menu_by_keyboard(page, language)
    axe_check(page)  # the open menu
    header.get_by_role("link", name=SERVICES[language], exact=True).click()
    expect(page).to_have_url(f"{site}/{language}/services/")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_queue_shows_cards_and_the_dashboard_fits_at_320px(
    page: Page, demo, axe_check, language
):
    page.set_viewport_size(NARROW)
    sign_in(page.context, demo, "clerk")
    page.goto(f"{demo}/{language}/staff/queue/")
    rows = page.locator("#queue-table tbody tr")
    assert rows.count() >= 10
    for i in range(rows.count()):
        row = rows.nth(i)
        number = row.get_by_role("link").bounding_box()
        badge = row.locator(".badge").bounding_box()
        assert number["x"] >= 0 and number["x"] + number["width"] <= NARROW["width"]
        assert badge["y"] + badge["height"] <= number["y"]  # the due date comes first
    assert page.evaluate(SCROLL_WIDTH) <= NARROW["width"]
    axe_check(page)

    # From md up the same rows are a table again, with its column headers.
    page.set_viewport_size(WIDE)
    first = rows.first
    number = first.get_by_role("link").bounding_box()
    badge = first.locator(".badge").bounding_box()
    assert number["x"] >= badge["x"] + badge["width"]  # side by side
    expect(page.locator("#queue-table thead th").first).to_be_visible()

    page.set_viewport_size(NARROW)
    sign_in(page.context, demo, "manager")
    page.goto(f"{demo}/{language}/staff/dashboard/")
    expect(page.locator(".report-table").first).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= NARROW["width"]
    axe_check(page)
