"""A citizen finds a service, files it with a document and follows it, in Chromium (#2).

Once with the mouse in English, once by keyboard only in Bulgarian; axe-core checks the
form, the confirmation and the tracking page in both languages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from requests_app.models import CitizenRequest, Notice

from .factories import ServiceFactory, ServiceQuestionFactory
from .filing_files import PDF_BYTES, celery_conf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Send notices in-process, even where CI points Celery at a real broker."""
    with celery_conf(task_always_eager=True):
        yield


@pytest.fixture
def service():
    """The service to find, among others that the search must leave out."""
    ServiceFactory(
        name_bg="Удостоверение за наследници",
        name_en="Certificate of heirs",
        summary_bg="Удостоверение за наследниците на починало лице.",
        summary_en="A certificate listing the heirs of a deceased person.",
        keywords_bg="наследство",
        keywords_en="inheritance",
    )
    return ServiceFactory(
        code="land-plot-sketch",
        name_bg="Скица на поземлен имот",
        name_en="Sketch of a land plot",
        keywords_bg="скица кадастър",
        keywords_en="sketch cadastre",
        term_days=14,
        department__name_bg="Устройство на територията",
        department__name_en="Urban Planning",
    )


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "declaration.pdf"
    path.write_bytes(PDF_BYTES)
    return path


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url  # e-mailed links point at the test server
    return live_server.url


def tracking_link_in_outbox(citizen_request: CitizenRequest) -> str:
    notice = Notice.objects.get(request=citizen_request, kind="acknowledgement")
    match = re.search(r"https?://\S+/track/\S+/", notice.body)
    assert match, notice.body
    return match.group(0)


def test_find_file_and_follow_a_request_with_the_mouse(
    page: Page, site, service, document, axe_check
):
    question = ServiceQuestionFactory(
        service=service, date=True, required=True, label_en="Date of the title deed"
    )
    page.goto(f"{site}/en/services/")
    page.get_by_label("Search the services").fill("sketch")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Certificate of heirs")).to_have_count(0)
    page.get_by_role("link", name="Sketch of a land plot").click()
    page.get_by_role("link", name="File this request online").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Sketch of a land plot"
    )
    axe_check(page)

    page.get_by_label("What do you need?").fill("A sketch for a building permit.")
    page.get_by_label("Date of the title deed").fill("2020-05-17")
    page.get_by_label("Documents").set_input_files(document)
    page.get_by_label("Your name").fill("Maria Petrova")
    page.get_by_label("E-mail", exact=True).fill("maria@example.org")
    page.get_by_label("I have read the notice on personal data").check()
    page.get_by_role("button", name="File the request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your request has been filed"
    )
    citizen_request = CitizenRequest.objects.get()
    expect(page.locator("#registry-number")).to_have_text(
        citizen_request.registry_number
    )
    expect(page.get_by_text("Urban Planning").first).to_be_visible()
    assert citizen_request.answers.get(question=question).value == "2020-05-17"
    assert citizen_request.attachments.get().original_name == "declaration.pdf"
    axe_check(page)

    page.goto(tracking_link_in_outbox(citizen_request))
    expect(page.locator("#request-status")).to_have_text("Submitted")
    expect(page.locator("#attachments")).to_contain_text("declaration.pdf")
    axe_check(page)


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def test_the_same_journey_by_keyboard_only_in_bulgarian(
    page: Page, site, service, document, axe_check
):
    question = ServiceQuestionFactory(
        service=service, number=True, required=True, label_bg="Брой екземпляри"
    )
    page.goto(f"{site}/bg/services/")
    tab_to(page, "input[name=q]")
    page.keyboard.type("скица")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q="))
    tab_to(page, f'a[href="/bg/services/{service.code}/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/bg/services/{service.code}/")
    tab_to(page, f'a[href="/bg/services/{service.code}/apply/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/apply/")
    axe_check(page)

    # First send it empty: the errors are shown beside the fields, accessibly.
    tab_to(page, "#request-form [type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page)

    tab_to(page, "textarea[name=details]")
    page.keyboard.type("Скица за разрешение за строеж.")
    tab_to(page, f"input[name=question_{question.code}]")
    page.keyboard.type("2")
    tab_to(page, "input[name=attachments]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(document)
    tab_to(page, "input[name=citizen_name]")
    page.keyboard.type("Мария Петрова")
    tab_to(page, "input[name=citizen_email]")
    page.keyboard.type("maria@example.org")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "#request-form [type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/done/")
    citizen_request = CitizenRequest.objects.get()
    expect(page.locator("#registry-number")).to_have_text(
        citizen_request.registry_number
    )
    assert citizen_request.language == "bg"
    assert citizen_request.answers.get().value == "2"
    assert citizen_request.attachments.count() == 1
    axe_check(page)

    tab_to(page, "#tracking-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/bg/track/{citizen_request.tracking_token}/")
    expect(page.locator("#request-status")).to_be_visible()
    axe_check(page)
    assert tracking_link_in_outbox(citizen_request) == page.url
