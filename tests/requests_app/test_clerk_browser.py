"""A clerk works a case from the queue to the end, in Chromium (#3).

The clerk signs in, finds the case, takes it, asks for a document; the citizen answers
(through `request_citizen_reply`, the service the tracking page calls: the tracking page
has no reply form yet); the clerk extends the term, answers and closes. The citizen's
tracking page shows the clerk's name, the extension and the answer. axe-core checks the
queue and the case page in Bulgarian and English.
"""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from playwright.sync_api import Page, expect

from requests_app.models import CitizenRequest, Notice
from requests_app.selectors.calendar import work_calendar_for
from requests_app.services import request_submit
from requests_app.services.casework import request_citizen_reply
from requests_app.workflow import Status

from .casework_helpers import clerk, department, reason
from .factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def filed():
    dep = department()
    service = ServiceFactory(
        department=dep,
        name_en="Certificate of heirs",
        name_bg="Удостоверение за наследници",
        max_extension_days=14,
    )
    me = clerk(
        dep,
        username="maria",
        first_name="Мария",
        last_name="Петрова",
        position_bg="Юрисконсулт",
        position_en="Legal adviser",
    )
    reason(name_en="An on-site inspection is needed")
    citizen_request = request_submit(
        service=service,
        citizen_name="Георги Димитров",
        citizen_email="georgi@example.org",
        details="Удостоверение за наследниците на Петър Димитров.",
        language="en",
    )
    return me, citizen_request


def url(site: str, name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return site + reverse(f"requests_app:{name}", kwargs=kwargs or None)


def sign_in(page: Page, site: str) -> None:
    page.goto(f"{site}/en/staff/login/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("demo12345")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")


def a_working_day_after(day: datetime.date, days: int) -> datetime.date:
    calendar = work_calendar_for(start=day, end=day + datetime.timedelta(days=30))
    target = day + datetime.timedelta(days=days)
    while not calendar.is_working_day(target):
        target -= datetime.timedelta(days=1)
    return target


def test_a_clerk_works_a_case_from_the_queue_to_the_end(
    page: Page, site, filed, mailoutbox
):
    _me, citizen_request = filed
    number = citizen_request.registry_number
    sign_in(page, site)

    # Find the case with the search (updated in place by htmx) and open it.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Registry number, name or e-mail").fill(number)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#queue-summary")).to_have_text("1 request shown.")
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place
    expect(page).to_have_url(re.compile(r"\?.*q="))  # bookmarkable filters
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {number}")

    page.get_by_role("button", name="Take the case").click()
    expect(page.get_by_role("status").first).to_have_text("You have taken the case.")
    expect(page.locator("#case-assignee")).to_contain_text("Мария Петрова")

    page.locator("#action-suspend summary").click()
    page.get_by_label("Which documents are missing?").fill(
        "Please attach the death certificate."
    )
    page.get_by_role("button", name="Ask for the documents").click()
    expect(page.locator("#case-status")).to_have_text("Waiting for citizen")

    # The citizen answers on the tracking page (the service behind its form).
    request_citizen_reply(
        citizen_request=citizen_request,
        text="Here it is.",
        files=[
            (SimpleUploadedFile("death.pdf", b"%PDF-1.4\n%%EOF\n"), "application/pdf")
        ],
    )
    page.reload()
    expect(page.locator("#case-status")).to_have_text("In progress")
    expect(page.locator("#case-attachments")).to_contain_text("death.pdf")

    citizen_request.refresh_from_db()
    old_due = citizen_request.due_on
    new_due = a_working_day_after(old_due, 10)
    page.locator("#action-extend summary").click()
    page.get_by_label("New due date").fill(new_due.isoformat())
    page.get_by_label("Legal reason").select_option(
        label="An on-site inspection is needed"
    )
    page.get_by_label("Explanation for the citizen").fill("We visit the site first.")
    page.get_by_role("button", name="Extend the term").click()
    expect(page.get_by_role("status").first).to_have_text(
        "The term is extended and the citizen is told."
    )
    extension_mail = next(m for m in mailoutbox if "extended" in m.subject)
    assert extension_mail.to == ["georgi@example.org"]
    assert "An on-site inspection is needed" in extension_mail.body
    assert f"{old_due:%-d %B %Y}" in extension_mail.body
    assert f"{new_due:%-d %B %Y}" in extension_mail.body

    page.locator("#action-answer summary").click()
    page.get_by_label("Answer to the citizen").fill("Your certificate is ready.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("status").first).to_have_text(
        "The answer is sent to the citizen."
    )
    page.locator("#action-close summary").click()
    page.get_by_role("button", name="Close as delivered").click()
    expect(page.locator("#case-status")).to_have_text("Closed")

    citizen_request.refresh_from_db()
    assert citizen_request.status == Status.CLOSED
    page.goto(url(site, "request-track", token=citizen_request.tracking_token))
    body = page.locator("main")
    expect(body).to_contain_text("Мария Петрова, Legal adviser")
    expect(body).to_contain_text(f"{new_due:%-d %B %Y}")
    expect(body).to_contain_text("An on-site inspection is needed")
    expect(body).to_contain_text("Your certificate is ready.")
    assert (
        Notice.objects.filter(request=citizen_request, sent_at__isnull=True).count()
        == 0
    )


@pytest.mark.parametrize("language", ["bg", "en"])
def test_queue_and_case_pages_pass_axe(page: Page, site, filed, axe_check, language):
    _me, citizen_request = filed
    CitizenRequest.objects.filter(pk=citizen_request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    sign_in(page, site)
    page.goto(url(site, "staff-queue", language))
    expect(page.locator("#queue-table")).to_be_visible()
    axe_check(page)
    page.goto(url(site, "staff-request", language, pk=citizen_request.pk))
    page.locator("details").first.evaluate("el => el.open = true")
    for details in page.locator("#case-actions ~ details").all():
        details.evaluate("el => el.open = true")
    axe_check(page)
