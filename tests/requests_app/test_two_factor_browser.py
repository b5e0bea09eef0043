"""Staff two-factor sign-in in Chromium: enrolment, recovery codes, the code step.

A clerk without an app signs in (Bulgarian) and is asked for an enrolment code, which
the password alone does not replace. They open the enrolment link an administrator
gave them, sign in, find the code filled in, and only then see the key: they read it
from the set-up page as a screen-reader user would, enter the app's code computed from
it, keep the recovery codes and reach the queue; later they sign in again (English)
with a wrong code, a recovery code, and (Bulgarian) the app's next code. axe-core
checks every step's page.
"""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from requests_app.admin_two_factor import enrolment_link
from requests_app.roles import Role
from requests_app.two_factor import enrolment_code_format, enrolment_code_issue

from .casework_helpers import clerk, department
from .factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    settings.STAFF_TWO_FACTOR = True
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def enrolment(site) -> tuple[str, str]:
    """Return the enrolment code and link an administrator gave maria."""
    maria = clerk(department(), username="maria")
    administrator = StaffFactory(role=Role.ADMINISTRATOR)
    code = enrolment_code_format(enrolment_code_issue(user=maria, by=administrator))
    return code, enrolment_link(user=maria, code=code)


def app_code(secret: str, *, at: float | None = None) -> str:
    """Return the code an authenticator app shows for `secret` (base32, spaced)."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def next_app_code(secret: str, *, username: str) -> str:
    """Return an app code the server accepts now: a later time step than the last used.

    django-otp remembers the step of the last accepted code and, when a code from a
    neighbouring step was accepted, the clock drift; it then accepts the steps around
    its own (drifted) one, and none while a wrong code's throttle lasts. Taking simply
    "the next step" failed when the enrolment was confirmed across a 30-second
    boundary (drift -1).
    """
    while True:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        now = time.time()
        server_step = int(now - device.t0) // device.step + device.drift
        later = [
            step
            for step in range(
                server_step - device.tolerance, server_step + device.tolerance + 1
            )
            if step > device.last_t
        ]
        # Keep off a step's edge: the request must reach the server within the step.
        settled = (now - device.t0) % device.step < device.step - 3
        if later and settled and device.verify_is_allowed()[0]:
            return app_code(secret, at=device.t0 + later[0] * device.step + 1)
        time.sleep(1)


def sign_in(page: Page, site: str, language: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/{language}/staff/login/")
    fill_password(page)


def fill_password(page: Page) -> None:
    page.locator("#id_username").fill("maria")
    page.locator("#id_password").fill("demo12345")
    page.locator("form button[type=submit]").click()


def test_enrol_then_sign_in_with_codes(
    page: Page, site: str, enrolment: tuple[str, str], axe_check
):
    code, link = enrolment
    # The password alone: no key, but whom to ask for an enrolment code.
    sign_in(page, site, "bg")
    expect(page).to_have_url(re.compile(r"/bg/staff/login/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Настройване на двуфакторен вход"
    )
    expect(page.locator("#two-factor-enrolment-help")).to_contain_text("администратор")
    expect(page.get_by_role("img", name=re.compile("QR"))).to_have_count(0)
    axe_check(page)
    page.get_by_label("Код за активиране").fill("not-the-code")
    page.get_by_role("button", name="Продължаване").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("не е валиден")
    axe_check(page)

    # The enrolment link: sign in, the code is filled in, the key comes next.
    page.context.clear_cookies()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/bg/staff/login/"))
    fill_password(page)
    expect(page.get_by_label("Код за активиране")).to_have_value(code)
    page.get_by_role("button", name="Продължаване").click()
    expect(page.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    axe_check(page)
    secret = page.locator("#two-factor-secret").inner_text()

    page.get_by_label("Код от приложението").fill(app_code(secret))
    page.get_by_role("button", name="Потвърждаване").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Вашите резервни кодове")
    axe_check(page)
    codes = page.get_by_role("list", name="Резервни кодове").locator("li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    page.get_by_role("link", name="Запазих кодовете си: продължаване").click()
    expect(page).to_have_url(re.compile(r"/bg/staff/queue/"))

    # Later, in English: a wrong code first, then a recovery code.
    sign_in(page, site, "en")
    expect(page).to_have_url(re.compile(r"/en/staff/login/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    axe_check(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("not valid")
    axe_check(page)
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/en/staff/queue/"))

    # And in Bulgarian with the app's next code (the current one was used already).
    sign_in(page, site, "bg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Въведете кода за вход")
    axe_check(page)
    page.get_by_label("Код").fill(next_app_code(secret, username="maria"))
    page.get_by_role("button", name="Потвърждаване").click()
    expect(page).to_have_url(re.compile(r"/bg/staff/queue/"))
