"""A citizen with a postal address only, told by letter: Chromium, Bulgarian (#16).

The clerk registers the request at the desk with an address and "by letter", finds the
acknowledgement among the letters to post (from the queue), prints the batch (one
PDF: the letter with the registry number and the address), marks it posted, and the
case page shows the letter posted that day. axe-core checks the letters page at 1280
and 320 px, where nothing is wider than the screen.
"""

import io
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from requests_app.models import Channel, CitizenRequest, Notice

from .casework_helpers import clerk, department
from .factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def service():
    dep = department()
    clerk(dep, username="maria", first_name="Мария", last_name="Петрова")
    return ServiceFactory(
        department=dep,
        code="marital-status",
        name_bg="Удостоверение за семейно положение",
    )


def test_a_desk_intake_by_letter_is_printed_posted_and_dated(
    page: Page, site, service, axe_check
):
    page.goto(f"{site}/bg/staff/login/")
    page.locator("#id_username").fill("maria")
    page.locator("#id_password").fill("demo12345")
    page.locator("main form [type=submit]").click()
    page.goto(f"{site}/bg/staff/intake/marital-status/")
    page.locator("#id_channel").select_option(Channel.DESK.value)
    page.locator("#id_details").fill("Удостоверение за семейно положение за пенсия.")
    page.locator("#id_citizen_name").fill("Пенка Иванова Стоянова")
    page.locator("#id_citizen_address").fill("ул. „Родопи“ 7, ет. 2, 4000 Пловдив")
    page.get_by_role("radio", name="С писмо по пощата").check()
    page.locator("main form [type=submit]").last.click()
    created = CitizenRequest.objects.get()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(created.registry_number)

    page.goto(f"{site}/bg/staff/queue/")
    page.get_by_role("link", name="Писма за изпращане").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Писма за изпращане")
    table = page.locator("#letters-table")
    expect(table).to_contain_text(created.registry_number)
    expect(table).to_contain_text("Пенка Иванова Стоянова")
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    pdf_link = page.get_by_role("link", name="Отпечатване на 1 писмо (PDF)")
    response = page.request.get(f"{site}{pdf_link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert created.registry_number in text
    assert "4000 Пловдив" in text
    assert "Мария Петрова" in text

    today = timezone.localdate()
    with override("bg"):
        day = date_format(today, "DATE_FORMAT")
    page.get_by_role(
        "button", name=f"Отбелязване на писмото като изпратено днес, {day}"
    ).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"1 писмо е отбелязано като изпратено на {day}."
    )
    expect(page.locator("#letters-none")).to_be_visible()
    assert Notice.objects.get(channel="post").posted_on == today

    page.goto(f"{site}/bg/staff/requests/{created.pk}/")
    notices = page.locator("#notices")
    expect(notices).to_contain_text(re.compile(r"Писмо до Пенка Иванова Стоянова"))
    expect(notices).to_contain_text(f"Изпратено по пощата на {day}.")
    axe_check(page)
