"""A clerk registers a desk request with a variant, an answer and a file, in Chromium,
in Bulgarian, without JavaScript doing any of it (#14). axe-core checks both steps at
1280 and 320 px; at 320 px nothing is wider than the screen."""

import datetime
import re

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from requests_app.dates import DateLimit
from requests_app.models import Channel, CitizenRequest

from .casework_helpers import clerk, department
from .factories import ServiceFactory, ServiceQuestionFactory, ServiceVariantFactory
from .filing_files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def heirs():
    dep = department()
    service = ServiceFactory(
        department=dep,
        code="heirs-certificate",
        name_en="Certificate of heirs",
        name_bg="Удостоверение за наследници",
    )
    ServiceVariantFactory(service=service, ordinary=True)
    ServiceVariantFactory(service=service, express=True)
    ServiceQuestionFactory(
        service=service,
        code="date-of-death",
        date=True,
        required=True,
        date_limit=DateLimit.PAST,
        label_en="Date of death",
        label_bg="Дата на смъртта",
    )
    clerk(dep, username="maria", first_name="Мария", last_name="Петрова")
    return service


def sign_in(page: Page, site: str) -> None:
    page.goto(f"{site}/en/staff/login/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("demo12345")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_clerk_registers_a_desk_request_with_a_variant_an_answer_and_a_file(
    page: Page, site, heirs, axe_check
):
    sign_in(page, site)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/bg/staff/intake/")
    axe_check(page)
    page.locator("#id_service").select_option(label="Удостоверение за наследници")
    page.locator("#submit-service").click()
    expect(page).to_have_url(re.compile(r"/bg/staff/intake/heirs-certificate/$"))
    axe_check(page)

    page.locator("#id_channel").select_option(Channel.POST.value)
    page.get_by_label(re.compile("Експресна услуга")).check()
    page.locator("#id_details").fill("Удостоверение за наследниците на Петър Колев.")
    page.get_by_label("Дата на смъртта").fill("2030-01-01")
    page.locator("#id_citizen_name").fill("Десислава Колева")
    page.locator("#submit-form").click()

    # A date of death in the future: the form comes back with everything typed.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Изберете дата между 1 януари 1850 г. и днес.")
    expect(page.locator("#id_citizen_name")).to_have_value("Десислава Колева")
    expect(page.get_by_label(re.compile("Експресна услуга"))).to_be_checked()
    axe_check(page)
    assert not CitizenRequest.objects.exists()

    died = timezone.localdate() - datetime.timedelta(days=3)
    page.get_by_label("Дата на смъртта").fill(died.isoformat())
    page.locator("#id_attachments").set_input_files(
        [
            {
                "name": "смъртен акт.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF_BYTES,
            }
        ]
    )
    page.locator("#submit-form").click()

    created = CitizenRequest.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        created.registry_number
    )
    assert created.channel == Channel.POST
    assert created.variant.code == "express"
    assert created.answers.get().value == died.isoformat()
    assert created.attachments.get().original_name == "смъртен акт.pdf"
    expect(page.locator("#case-attachments")).to_contain_text("смъртен акт.pdf")


def test_both_steps_pass_axe_and_fit_at_320_px(page: Page, site, heirs, axe_check):
    sign_in(page, site)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{site}/bg/staff/intake/")
    axe_check(page)
    fits(page, 320)
    page.goto(f"{site}/bg/staff/intake/{heirs.code}/")
    expect(page.get_by_label("Дата на смъртта")).to_be_visible()
    axe_check(page)
    fits(page, 320)
    page.locator("#submit-form").click()  # everything empty: the errors, at 320 px
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page)
    fits(page, 320)
