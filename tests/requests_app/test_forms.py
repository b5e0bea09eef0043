"""The request form: contact, questions and files are checked beside each field (#2)."""

from django.utils import translation

import pytest

from requests_app.forms.filing import RequestForm
from requests_app.questions import question_choices

from .factories import ServiceFactory, ServiceQuestionFactory, ServiceVariantFactory
from .filing_files import JPEG_BYTES, PDF_BYTES, PNG_BYTES, filing_data, pdf, upload

pytestmark = pytest.mark.django_db


def bound(service, data=None, files=None) -> RequestForm:
    from django.utils.datastructures import MultiValueDict

    file_dict = MultiValueDict({"attachments": files}) if files else None
    return RequestForm(data or filing_data(), file_dict, service=service)


def test_valid_form_without_variants_or_questions():
    form = bound(ServiceFactory())
    assert form.is_valid() is True, form.errors
    assert "variant" not in form.fields
    assert form.cleaned_data["attachments"] == []


def test_contact_is_required_email_or_phone():
    """Neither e-mail nor phone: a clear message beside the e-mail field (#2)."""
    form = bound(ServiceFactory(), filing_data(citizen_email="", citizen_phone=""))
    assert form.is_valid() is False
    assert form.has_error("citizen_email", "no_contact") is True


def test_phone_alone_is_enough():
    form = bound(
        ServiceFactory(), filing_data(citizen_email="", citizen_phone="0888 123 456")
    )
    assert form.is_valid() is True, form.errors


def test_mistyped_phone_is_reported_beside_the_phone():
    form = bound(
        ServiceFactory(), filing_data(citizen_email="", citizen_phone="call me")
    )
    assert form.is_valid() is False
    assert form.has_error("citizen_phone", "invalid") is True
    assert form.has_error("citizen_email") is False


def test_consent_is_required():
    form = bound(ServiceFactory(), filing_data(consent=None))
    assert form.is_valid() is False
    assert form.has_error("consent", "required") is True


def test_language_defaults_to_the_page_language():
    service = ServiceFactory()
    with translation.override("en"):
        assert RequestForm(service=service).fields["language"].initial == "en"
    with translation.override("bg"):
        assert RequestForm(service=service).fields["language"].initial == "bg"


def test_variant_is_required_when_the_service_has_variants():
    service = ServiceFactory()
    fast = ServiceVariantFactory(service=service)
    form = bound(service)
    assert form.is_valid() is False
    assert form.has_error("variant", "required") is True
    form = bound(service, filing_data(variant=str(fast.pk)))
    assert form.is_valid() is True, form.errors
    assert form.cleaned_data["variant"] == fast


def test_variant_of_another_service_is_refused():
    service = ServiceFactory()
    ServiceVariantFactory(service=service)
    other = ServiceVariantFactory()
    form = bound(service, filing_data(variant=str(other.pk)))
    assert form.has_error("variant", "invalid_choice") is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-11-24", "2026-11-24"),
        ("24.11.2026", "2026-11-24"),
        ("1/2/2027", "2027-02-01"),
    ],
    ids=["iso", "bulgarian", "slashes"],
)
def test_date_question_accepts_common_formats(typed, stored):
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, date=True, required=True)
    form = bound(service, filing_data(**{f"question_{question.code}": typed}))
    assert form.is_valid() is True, form.errors
    assert form.answers() == {question: stored}


@pytest.mark.parametrize(
    "typed", ["31.02.2026", "2026-13-01", "yesterday", "32.01.2026"], ids=str
)
def test_invalid_date_is_reported_beside_the_question(typed):
    """An impossible date is a clear error, never a 500 (#2)."""
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, date=True)
    form = bound(service, filing_data(**{f"question_{question.code}": typed}))
    with translation.override("en"):
        assert form.is_valid() is False
        assert "Enter a real date" in form.errors[f"question_{question.code}"][0]
    assert form.has_error(f"question_{question.code}", "invalid") is True


@pytest.mark.parametrize(
    ("typed", "stored"), [("3", "3"), ("2,5", "2.5"), ("1 000", "1000")], ids=str
)
def test_number_question_accepts_comma_decimals(typed, stored):
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, number=True)
    form = bound(service, filing_data(**{f"question_{question.code}": typed}))
    assert form.is_valid() is True, form.errors
    assert form.answers() == {question: stored}


@pytest.mark.parametrize("typed", ["three", "NaN", "Infinity", "1e999999", "2,5,1"])
def test_invalid_number_is_reported_beside_the_question(typed):
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, number=True)
    form = bound(service, filing_data(**{f"question_{question.code}": typed}))
    assert form.is_valid() is False
    assert form.has_error(f"question_{question.code}") is True


def test_required_question_must_be_answered():
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, required=True)
    form = bound(service)
    assert form.has_error(f"question_{question.code}", "required") is True


def test_choice_question_offers_labels_in_the_page_language_and_stores_keys():
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, choice=True)
    with translation.override("en"):
        assert question_choices(question)[1] == ("court", "For a court")
    with translation.override("bg"):
        assert question_choices(question)[1] == ("court", "Пред съд")
        form = bound(service, filing_data(**{f"question_{question.code}": "court"}))
        assert form.is_valid() is True, form.errors
        assert form.answers() == {question: "court"}
        wrong = bound(service, filing_data(**{f"question_{question.code}": "bribe"}))
        assert wrong.has_error(f"question_{question.code}", "invalid_choice") is True


def test_optional_unanswered_questions_store_nothing():
    service = ServiceFactory()
    ServiceQuestionFactory(service=service, number=True)
    form = bound(service)
    assert form.is_valid() is True, form.errors
    assert form.answers() == {}


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("scan.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.JPG", JPEG_BYTES, "image/jpeg"),
        ("scan-without-extension", PDF_BYTES, "application/pdf"),
    ],
    ids=["pdf", "png", "jpeg-upper-case", "no-extension"],
)
def test_allowed_files_are_typed_by_content(name, content, mime):
    service = ServiceFactory()
    # The browser's claimed type is ignored: "text/plain" for all of them.
    form = bound(service, files=[upload(name, content, "text/plain")])
    assert form.is_valid() is True, form.errors
    [(attached, content_type)] = form.cleaned_data["attachments"]
    assert attached.name == name
    assert content_type == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("invoice.pdf", b"just some text pretending to be a PDF", "wrong_type"),
        ("invoice.pdf", PNG_BYTES, "name_mismatch"),
        ("photo.png", PDF_BYTES, "name_mismatch"),
        ("macro.docx", b"PK\x03\x04" + b"\x00" * 40, "wrong_type"),
        ("empty.pdf", b"", "empty"),
    ],
    ids=["text-named-pdf", "png-named-pdf", "pdf-named-png", "zip", "empty"],
)
def test_wrong_file_type_is_refused_by_content(name, content, code):
    """A file whose content is not what it claims is refused beside the field (#2)."""
    form = bound(ServiceFactory(), files=[upload(name, content)])
    assert form.is_valid() is False
    assert form.has_error("attachments", code) is True
    assert name in " ".join(form.errors["attachments"])


def test_oversized_file_is_refused(settings):
    """A file over ATTACHMENT_MAX_BYTES is refused, the limit in the message (#2)."""
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = upload("big.pdf", PDF_BYTES + b"0" * 2000)
    form = bound(ServiceFactory(), files=[big])
    with translation.override("en"):
        assert form.is_valid() is False
    assert form.has_error("attachments", "too_big") is True
    assert "each file may be at most 1.0\xa0KB" in form.errors["attachments"][0]


def test_too_many_files_are_refused(settings):
    """More files than ATTACHMENT_MAX_COUNT: one clear message (#2)."""
    settings.ATTACHMENT_MAX_COUNT = 2
    form = bound(ServiceFactory(), files=[pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")])
    with translation.override("en"):
        assert form.is_valid() is False
    assert form.has_error("attachments", "too_many") is True
    assert form.errors["attachments"] == [
        "You may attach at most 2 files; you chose 3."
    ]


def test_every_bad_file_gets_its_own_message():
    files = [pdf("good.pdf"), upload("bad1.pdf", b"text"), upload("bad2.png", b"text")]
    form = bound(ServiceFactory(), files=files)
    assert form.is_valid() is False
    messages = form.errors["attachments"]
    assert len(messages) == 2
    assert "bad1.pdf" in messages[0]
    assert "bad2.png" in messages[1]


def test_other_errors_ask_to_attach_files_again():
    """Browsers cannot keep files after an error: the form says so (#2)."""
    form = bound(ServiceFactory(), filing_data(citizen_name=""), files=[pdf()])
    assert form.is_valid() is False
    assert form.has_error("attachments", "files_again") is True


def test_no_files_no_reminder_to_attach_again():
    form = bound(ServiceFactory(), filing_data(citizen_name=""))
    assert form.is_valid() is False
    assert form.has_error("attachments") is False
