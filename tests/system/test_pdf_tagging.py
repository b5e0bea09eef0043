"""Every kind of PDF is tagged PDF/UA-1: a screen reader reads it in order (#16).

Each PDF is made through its real view or service, in Bulgarian and in English, and
read back with pypdf: the structure tree (headings without gaps, lists, tables with
header cells, figures with a text alternative), the catalogue's language, the title a
viewer shows instead of the file name, and the PDF/UA-1 mark in the XMP metadata.
"""

import io

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest
from pypdf import PdfReader

from requests_app.roles import Role
from requests_app.services.outbox import citizen_notice_create
from standards.models import Report
from tests.feedback.factories import ComplaintKindFactory
from tests.pdf_structure import assert_accessible, pdf_structure, problems_of
from tests.requests_app.factories import (
    CitizenRequestFactory,
    ServiceFactory,
    ServiceVariantFactory,
    StaffFactory,
)
from tests.standards.factories import completed

pytestmark = pytest.mark.django_db

TITLED = {"Document", "H1", "P"}
SECTIONS = TITLED | {"H2"}
TABLE = {"Table", "TR", "TH", "TD"}


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def valuation():
    service = ServiceFactory(
        code="tax-valuation",
        name_bg="Удостоверение за данъчна оценка",
        name_en="Certificate of tax valuation",
    )
    ServiceVariantFactory(service=service, express=True, name_en="Express service")
    return service


# --- The service sheet ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("bg", "Удостоверение за данъчна оценка"),
        ("en", "Certificate of tax valuation"),
    ],
)
def test_service_sheet_is_tagged_in_its_language(client, valuation, language, title):
    response = client.get(
        url("requests_app:service-sheet", language, code="tax-valuation")
    )

    assert response["Content-Type"] == "application/pdf"
    structure = assert_accessible(
        response.content, lang=language, title=title, roles=SECTIONS | TABLE | {"L"}
    )
    # The crest beside the municipality's name is decoration: an artifact, never an
    # unnamed picture the reader stops at.
    assert "Figure" not in structure.roles
    assert structure.roles.count("H1") == 1


# --- The standards --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("bg", "Стандарти за обслужване"), ("en", "Service Standards")],
)
def test_standards_pdf_is_tagged_in_its_language(client, language, title):
    response = client.get(url("standards:standards-pdf", language))

    assert response["Content-Type"] == "application/pdf"
    structure = assert_accessible(
        response.content, lang=language, title=title, roles=SECTIONS | {"L", "LI"}
    )
    assert structure.headings.count(2) >= 5  # one H2 per section of the standards


# --- The periodic report --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "charts"),
    [
        (
            "bg",
            "Отчет за стандартите за обслужване — I тримесечие на 2026 г.",
            [
                "Заявления, приключени в срок, по месеци",
                "Заявления, приключени в срок, по звена",
            ],
        ),
        (
            "en",
            "Report on the service standards — Q1 2026",
            [
                "Requests completed on time, by month",
                "Requests completed on time, by department",
            ],
        ),
    ],
)
def test_report_is_tagged_with_its_tables_and_charts_described(
    client, django_capture_on_commit_callbacks, language, title, charts
):
    service = ServiceFactory()
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    client.force_login(StaffFactory(role=Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("standards:report-generate", language),
            {"period_kind": "quarter", "year": "2026", "number": "1"},
        )
    report = Report.objects.get()
    response = client.get(
        url("standards:report-file", language, pk=report.pk, fmt="pdf")
    )
    content = b"".join(response.streaming_content)

    structure = assert_accessible(
        content, lang=language, title=title, roles=SECTIONS | TABLE | {"H3", "Figure"}
    )
    assert [figure.alt for figure in structure.figures] == charts
    assert structure.roles.count("Table") >= 4  # results, two charts' data, methodology


# --- The citizen's proof of filing ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("bg", "Доказателство за подаване"), ("en", "Proof of filing")],
)
def test_proof_of_filing_is_tagged_in_the_language_it_was_filed_in(
    client, language, title
):
    kind = ComplaintKindFactory()
    client.post(
        url("feedback:complaint-create", language), {"kind": kind.pk, "body": "Текст"}
    )
    code = client.get(url("feedback:complaint-filed", language)).context["code"]
    response = client.get(url("feedback:complaint-proof", language))

    assert response["Content-Type"] == "application/pdf"
    assert code in pdf_text(response.content)
    structure = assert_accessible(
        response.content, lang=language, title=title, roles=SECTIONS | {"H3", "L"}
    )
    assert "Figure" not in structure.roles


# --- The survey poster ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "alt"),
    [
        ("bg", "Кажете ни как се справихме", "QR код към анкетата за удовлетвореност"),
        ("en", "Tell us how we did", "QR code to the satisfaction survey"),
    ],
)
def test_survey_poster_is_tagged_and_its_qr_code_described(
    client, language, title, alt
):
    response = client.get(url("feedback:survey-poster", language))

    assert response["Content-Type"] == "application/pdf"
    structure = assert_accessible(
        response.content, lang=language, title=title, roles=TITLED | {"Figure"}
    )
    assert [figure.alt for figure in structure.figures] == [alt]


# --- The letters batch ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("bg", "Писма за изпращане на {day}"), ("en", "Letters to post on {day}")],
)
def test_letters_batch_is_tagged_with_a_heading_per_letter(client, language, title):
    head = StaffFactory(role=Role.HEAD)
    for name in ("Пенка Стоянова", "Иван Петров"):
        citizen_request = CitizenRequestFactory(
            citizen_name=name, citizen_address="ул. „Родопи“ 7, 4000 Пловдив"
        )
        citizen_request.notify_by = "post"
        head.departments.add(citizen_request.department)
        citizen_notice_create(
            citizen_request=citizen_request,
            kind="message",
            template="requests_app/email/message",
            context={"text": "Моля, донесете акта за раждане."},
        )
    client.force_login(head)
    with translation.override(language):
        day = date_format(timezone.localdate(), "DATE_FORMAT")
    response = client.get(url("requests_app:staff-letters-pdf", language))

    assert response["Content-Type"] == "application/pdf"
    structure = assert_accessible(
        response.content, lang=language, title=title.format(day=day), roles=TITLED
    )
    assert structure.roles.count("H1") == 2  # each letter's subject
    assert "Figure" not in structure.roles  # the crest is decoration


# --- The checker rejects what a screen reader cannot use ------------------------------


def _weasyprint(html: str, **options) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(**options)


PAGE = (
    '<html lang="bg"><head><title>Заглавие</title></head><body>'
    "<h1>Заглавие</h1><p>Текст.</p></body></html>"
)


def test_an_untagged_pdf_is_rejected():
    """The PDFs made before: no tags, no PDF/UA mark, the title hidden by the name."""
    structure = pdf_structure(_weasyprint(PAGE))

    problems = problems_of(structure, lang="bg", title="Заглавие", roles=TITLED)

    assert "not /MarkInfo /Marked true" in problems
    assert "no /StructTreeRoot" in problems
    assert "XMP pdfuaid:part is None, not '1'" in problems
    assert "/ViewerPreferences /DisplayDocTitle is not true" in problems
    with pytest.raises(AssertionError, match="no /StructTreeRoot"):
        assert_accessible(_weasyprint(PAGE), lang="bg", title="Заглавие")


def test_the_same_page_tagged_pdf_ua_1_passes():
    assert_accessible(
        _weasyprint(PAGE, pdf_variant="pdf/ua-1"),
        lang="bg",
        title="Заглавие",
        roles=TITLED,
    )


def test_wrong_language_title_heading_gap_and_unnamed_image_are_rejected():
    html = (
        '<html lang="en"><head><title>Other</title></head><body>'
        '<h1>Title</h1><h3>Skipped a level</h3><img src="data:image/svg+xml,'
        "%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E\" alt=\"\">"
        "</body></html>"
    )
    structure = pdf_structure(_weasyprint(html, pdf_variant="pdf/ua-1"))

    problems = problems_of(structure, lang="bg", title="Заглавие")

    assert "/Lang is 'en', not 'bg'" in problems
    assert any(p.startswith("title is 'Other'") for p in problems)
    assert "heading levels jump from H1 to H3" in problems
    assert "a Figure without /Alt (decorative images are artifacts)" in problems
