"""The feedback journeys in Chromium, with axe-core in Bulgarian and English (#4)."""

import re

from django.test import Client

import pytest
from playwright.sync_api import Page, expect

from feedback.models import SurveyResponse
from requests_app.models import Notice
from requests_app.roles import Role
from requests_app.services import request_transition
from requests_app.workflow import Status
from tests.requests_app.factories import CitizenRequestFactory, StaffFactory

from .factories import ComplaintKindFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server, user) -> None:
    """Put a staff session cookie into the browser (sign-in is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("language", ["bg", "en"])
def test_confidential_complaint_from_filing_to_answer(
    page: Page, live_server, axe_check, language
):
    """File about a closed case, get the proof, officer answers, filer reads it."""
    citizen_request = CitizenRequestFactory(assigned=True, status=Status.CLOSED)
    ComplaintKindFactory()
    ComplaintKindFactory(signal=True)
    officer = StaffFactory(role=Role.OFFICER, language=language)
    base = f"{live_server.url}/{language}"

    page.goto(f"{base}/complaints/new/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)
    page.locator("input[name=kind]").first.check()
    page.locator("#id_registry_number").fill(citizen_request.registry_number)
    page.locator("#id_body").fill("Служителят ми затвори гишето пред лицето.")
    page.locator("#id_contact_email").fill("filer@example.org")
    page.locator("main form button[type=submit]").click()

    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    axe_check(page)
    with page.expect_download() as download:
        page.locator("a[href$='proof.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.goto(f"{base}/complaints/follow-up/")
    axe_check(page)
    page.locator("#id_code").fill(code.lower())
    page.locator("main form [type=submit]").click()
    expect(page.locator("#case-status")).to_be_visible()
    page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
    axe_check(page)

    _sign_in(page, live_server, officer)
    page.goto(f"{base}/staff/complaints/")
    axe_check(page)
    page.locator("#complaint-queue a").first.click()
    expect(page.locator("#case-body")).to_contain_text("затвори гишето")
    page.locator("form[action$='/acknowledge/'] button").click()
    page.locator("#id_answer").fill(
        "Проверката потвърди оплакването; служителят е наказан."
    )
    page.locator("form[action$='/decide/'] button").click()
    expect(page.locator("#access-log tbody tr")).not_to_have_count(0)
    axe_check(page)

    page.context.clear_cookies()
    page.goto(f"{base}/complaints/follow-up/")
    page.locator("#id_code").fill(code)
    page.locator("main form [type=submit]").click()
    expect(page.locator("#case-answer")).to_contain_text("служителят е наказан")
    axe_check(page)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_survey_from_the_e_mail_link_once(
    page: Page, live_server, axe_check, settings, language
):
    """Close a request, click a score in the e-mail, answer; the link is refused."""
    settings.SITE_URL = live_server.url
    citizen_request = CitizenRequestFactory(assigned=True, language=language)
    request_transition(citizen_request=citizen_request, target=Status.CLOSED, by=None)
    body = Notice.objects.get(kind="survey_invitation").body
    link = re.search(r"(http\S+\?score=4)", body).group(1)

    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)
    page.locator("input[name=courtesy][value='5']").check()
    page.locator("input[name=resolved][value='yes']").check()
    page.locator("#id_comment").fill("Благодаря!")
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks/$"))
    axe_check(page)
    answer = SurveyResponse.objects.get()
    assert (answer.overall, answer.courtesy, answer.resolved) == (4, 5, "yes")

    visit = page.goto(link)
    assert visit.status == 410
    expect(page.locator("#survey-gone-reason")).to_be_visible()
    axe_check(page)
    assert SurveyResponse.objects.count() == 1

    page.goto(f"{live_server.url}/{language}/survey/")
    axe_check(page)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_suggestion_answered_appears_on_the_public_page(
    page: Page, live_server, axe_check, language
):
    manager = StaffFactory(role=Role.MANAGER, language=language)
    base = f"{live_server.url}/{language}"
    page.goto(f"{base}/suggestions/")
    axe_check(page)
    page.locator("#id_title").fill("Кът за деца в чакалнята")
    page.locator("#id_text").fill("Родителите с малки деца чакат дълго.")
    page.locator("main form [type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    axe_check(page)

    _sign_in(page, live_server, manager)
    page.goto(f"{base}/staff/suggestions/")
    axe_check(page)
    page.get_by_role("link", name="Кът за деца в чакалнята").click()
    page.locator("input[name=status][value='planned']").check()
    page.locator("#id_response").fill("Ще обзаведем детски кът до март.")
    axe_check(page)
    page.locator("main form [type=submit]").click()

    page.context.clear_cookies()
    page.goto(f"{base}/suggestions/")
    expect(page.locator("#suggestion-list")).to_contain_text("детски кът до март")
    axe_check(page)
