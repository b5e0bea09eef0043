"""Filing through the form: status codes, errors beside fields, kept input (#2)."""

import re

from django.core import mail

import pytest

from requests_app.models import CitizenRequest, Notice

from .factories import ServiceFactory, ServiceQuestionFactory, ServiceVariantFactory
from .filing_files import LOCMEM, PNG_BYTES, filing_data, pdf, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


def form_url(service, language="bg") -> str:
    return f"/{language}/services/{service.code}/apply/"


def form_data(**overrides) -> dict:
    return filing_data(address="ул. „Витоша“ 12", **overrides)


def field_error(html: str, field: str) -> str:
    """Return the error text shown right after the field's input."""
    match = re.search(
        rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', html, re.S
    )
    assert match, f"no error shown for {field}"
    return match.group(1)


def test_form_page_shows_the_service_questions_and_variants(client):
    service = ServiceFactory()
    ServiceVariantFactory(service=service, ordinary=True)
    ServiceVariantFactory(service=service, express=True)
    ServiceQuestionFactory(service=service, date=True, required=True)
    response = client.get(form_url(service, "en"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Express service" in html
    assert "Date of the event" in html
    assert 'type="file"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    # The page language is the default language of the messages.
    assert re.search(r'value="en"[^>]*checked|checked[^>]*value="en"', html)


@pytest.mark.parametrize("code", ["no-such-service", "x" * 60])
def test_unknown_service_is_404(client, code):
    """An unknown service code answers 404, not a form (#2)."""
    assert client.get(f"/bg/services/{code}/apply/").status_code == 404
    assert client.post(f"/bg/services/{code}/apply/", form_data()).status_code == 404


def test_inactive_service_is_404(client):
    service = ServiceFactory(inactive=True)
    assert client.get(form_url(service)).status_code == 404
    assert client.post(form_url(service), form_data()).status_code == 404
    assert CitizenRequest.objects.count() == 0


def test_service_not_filed_online_says_how_to_file_it(client):
    service = ServiceFactory(
        is_online=False, is_by_post=True, department__phone="+359 2 999 1111"
    )
    response = client.get(form_url(service, "en"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be requested online" in html
    assert "by post" in html
    assert "+359 2 999 1111" in html
    assert 'id="request-form"' not in html
    client.post(form_url(service), form_data())
    assert CitizenRequest.objects.count() == 0


def test_filing_redirects_to_the_confirmation(
    client, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = LOCMEM
    service = ServiceFactory(
        term_days=14, department__registry_index="94-00", department__name_en="GRAO"
    )
    question = ServiceQuestionFactory(service=service, choice=True, required=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(service, "en"),
            form_data(
                language="en",
                **{f"question_{question.code}": "court", "attachments": [pdf()]},
            ),
        )
    citizen_request = CitizenRequest.objects.get()
    assert response.status_code == 302
    assert response.url == f"/en/requests/{citizen_request.tracking_token}/done/"
    assert citizen_request.answers.get().value == "court"
    assert citizen_request.attachments.count() == 1
    assert len(mail.outbox) == 1

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert citizen_request.registry_number in html
    assert citizen_request.due_on.strftime("%Y-%m-%d") in html  # <time datetime>
    assert "How the due date was worked out" in html
    assert "GRAO" in html
    assert "What happens next" in html
    assert f"/en/track/{citizen_request.tracking_token}/" in html


def test_confirmation_needs_the_secret_token(client):
    """The confirmation is never reachable by the registry number alone (#2)."""
    service = ServiceFactory()
    client.post(form_url(service), form_data())
    citizen_request = CitizenRequest.objects.get()
    token = citizen_request.tracking_token
    assert client.get(f"/bg/requests/{token}/done/").status_code == 200
    assert client.get(f"/bg/requests/{token[:-1]}x/done/").status_code == 404
    number = citizen_request.registry_number.replace("/", "%2F")
    assert client.get(f"/bg/requests/{number}/done/").status_code == 404
    assert client.get(f"/bg/requests/{citizen_request.pk}/done/").status_code == 404


def test_missing_contact_keeps_what_was_typed(client):
    """No e-mail and no phone: message beside the field, the rest kept (#2)."""
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, number=True)
    response = client.post(
        form_url(service, "en"),
        form_data(
            citizen_email="",
            details="Искам скица на имота.",
            **{f"question_{question.code}": "2,5"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give an e-mail address or a phone number" in field_error(
        html, "citizen_email"
    )
    assert "Искам скица на имота." in html
    assert 'value="Мария Петрова"' in html
    assert 'value="2,5"' in html
    assert 'id="error-summary"' in html
    assert CitizenRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [("30.02.2026", "Enter a real date"), ("someday", "Enter a real date")],
)
def test_invalid_date_answer_is_shown_beside_the_question(client, typed, message):
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, date=True)
    response = client.post(
        form_url(service, "en"), form_data(**{f"question_{question.code}": typed})
    )
    assert response.status_code == 200
    assert message in field_error(
        response.content.decode(), f"question_{question.code}"
    )
    assert f'value="{typed}"' in response.content.decode()
    assert CitizenRequest.objects.count() == 0


def test_invalid_number_answer_is_shown_beside_the_question(client):
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, number=True)
    response = client.post(
        form_url(service, "en"), form_data(**{f"question_{question.code}": "два"})
    )
    assert response.status_code == 200
    assert "Enter a number" in field_error(
        response.content.decode(), f"question_{question.code}"
    )


def test_oversized_upload_is_refused(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    service = ServiceFactory()
    response = client.post(
        form_url(service, "en"), form_data(attachments=[pdf("big.pdf")])
    )
    assert response.status_code == 200
    assert "“big.pdf” is" in field_error(response.content.decode(), "attachments")
    assert "at most 100" in field_error(response.content.decode(), "attachments")
    assert CitizenRequest.objects.count() == 0


def test_wrong_file_type_is_refused(client):
    service = ServiceFactory()
    files = [upload("scan.pdf", PNG_BYTES), upload("notes.pdf", b"plain text")]
    response = client.post(form_url(service, "en"), form_data(attachments=files))
    html = response.content.decode()
    assert response.status_code == 200
    assert "“scan.pdf” is named like a PDF file but its content is PNG" in html
    assert "“notes.pdf” is not a PDF, JPEG or PNG file" in html
    assert CitizenRequest.objects.count() == 0


def test_too_many_files_are_refused(client, settings):
    settings.ATTACHMENT_MAX_COUNT = 1
    service = ServiceFactory()
    response = client.post(
        form_url(service, "en"), form_data(attachments=[pdf("a.pdf"), pdf("b.pdf")])
    )
    assert response.status_code == 200
    assert "at most 1 file; you chose 2" in field_error(
        response.content.decode(), "attachments"
    )


def test_error_elsewhere_asks_to_attach_the_files_again(client):
    service = ServiceFactory()
    response = client.post(
        form_url(service, "en"), form_data(consent=None, attachments=[pdf()])
    )
    html = response.content.decode()
    assert "please attach the files again" in html
    assert "Without your agreement" in html


def test_garbage_input_never_gives_a_500(client):
    service = ServiceFactory()
    ServiceVariantFactory(service=service)
    question = ServiceQuestionFactory(service=service, choice=True)
    response = client.post(
        form_url(service),
        {
            "variant": "'; DROP TABLE",
            "language": "klingon",
            "citizen_email": "not-an-email",
            f"question_{question.code}": ["a", "b"],
            "details": "x" * 20000,
            "attachments": "not a file",
        },
    )
    assert response.status_code == 200
    assert CitizenRequest.objects.count() == 0


def test_bulgarian_page_shows_bulgarian_form(client):
    service = ServiceFactory()
    response = client.get(form_url(service, "bg"))
    assert response.status_code == 200
    assert '<html lang="bg">' in response.content.decode()


def test_without_email_the_acknowledgement_goes_by_sms(client):
    """A phone only: the request is filed and told by SMS, never by e-mail (#16)."""
    service = ServiceFactory()
    response = client.post(
        form_url(service), form_data(citizen_email="", citizen_phone="0888 123 456")
    )
    assert response.status_code == 302
    citizen_request = CitizenRequest.objects.get()
    assert citizen_request.citizen_phone == "0888 123 456"
    assert citizen_request.notify_by == "sms"
    notice = Notice.objects.get()
    assert (notice.kind, notice.channel) == ("acknowledgement", "sms")
    assert notice.recipient == "0888 123 456"


def test_double_submit_files_once_and_shows_the_same_confirmation(
    client, settings, django_capture_on_commit_callbacks
):
    """A double click (the same form posted twice) files one request, one notice."""
    settings.MAILERS = LOCMEM
    service = ServiceFactory()
    page = client.get(form_url(service)).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(form_url(service), form_data(submission_key=key))
        second = client.post(form_url(service), form_data(submission_key=key))
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert CitizenRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    # A new form (a new key) files a new request.
    other = re.search(
        r'name="submission_key" value="([^"]+)"',
        client.get(form_url(service)).content.decode(),
    ).group(1)
    assert other != key
    client.post(form_url(service), form_data(submission_key=other))
    assert CitizenRequest.objects.count() == 2


def test_malformed_submission_key_files_without_the_guard(client):
    """A broken hidden key is not the citizen's fault: the request is filed."""
    service = ServiceFactory()
    for _ in range(2):
        response = client.post(
            form_url(service), form_data(submission_key="<script>x</script>")
        )
        assert response.status_code == 302
    assert CitizenRequest.objects.count() == 2
    assert not CitizenRequest.objects.exclude(submission_key=None).exists()
