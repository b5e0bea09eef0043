"""The printable service sheet: a PDF in the visitor's language (#2)."""

import datetime
import io

import pytest
from pypdf import PdfReader

from requests_app import pdf as pdf_module
from requests_app.pdf import render_pdf

from .factories import ServiceFactory, ServiceVariantFactory

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def valuation():
    service = ServiceFactory(
        code="tax-valuation",
        name_bg="Удостоверение за данъчна оценка",
        name_en="Certificate of tax valuation",
        legal_basis_bg="Закон за местните данъци и такси, чл. 3, ал. 3",
        legal_basis_en="Local Taxes and Fees Act, art. 3(3)",
        term_days=14,
    )
    ServiceVariantFactory(service=service, express=True, name_en="Express service")
    return service


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day: datetime.date) -> None:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return set_today


def test_service_sheet_is_a_pdf_in_bulgarian(client, valuation, settings):
    settings.MUNICIPALITY_NAME = {"bg": "Община Тестово", "en": "Testovo Municipality"}

    response = client.get("/bg/services/tax-valuation/sheet.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Удостоверение за данъчна оценка" in text
    assert "Закон за местните данъци и такси, чл. 3, ал. 3" in text
    assert "Община Тестово" in text


def test_service_sheet_in_english_has_the_fields_due_rule_and_print_date(
    client, valuation, today_is
):
    today_is(datetime.date(2026, 12, 10))

    response = client.get("/en/services/tax-valuation/sheet.pdf")

    text = _pdf_text(response.content)
    assert "Certificate of tax valuation" in text
    assert "Удостоверение за данъчна оценка" not in text
    assert "Primerno Municipality" in text
    assert "Local Taxes and Fees Act, art. 3(3)" in text
    assert "Express service" in text
    assert "14 calendar days" in text
    assert "A term that ends on a non-working day ends on the next working day" in text
    assert "Filed on 10 December 2026, the answer is due by 29 December 2026." in text
    assert "Printed on 10 December 2026" in text
    assert "Page 1 / 1" in text or "Page 1 / 2" in text


def test_render_pdf_loads_static_files_but_never_the_network(
    settings, tmp_path, monkeypatch
):
    """Images come from the static files; remote URLs are refused unfetched (#2)."""
    (tmp_path / "remote.html").write_text(
        '{% extends "pdf/_base.html" %}{% block content %}'
        '<img src="http://203.0.113.1/tracker.png" alt="">{% endblock content %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    connections = []
    monkeypatch.setattr(
        "socket.create_connection", lambda *a, **k: connections.append(a)
    )
    found = []
    original = pdf_module._static_file

    def recording_static_file(path):
        found.append(original(path))
        return found[-1]

    monkeypatch.setattr(pdf_module, "_static_file", recording_static_file)

    content = render_pdf("remote.html", {})

    assert content.startswith(b"%PDF")
    assert connections == []
    assert [f.name for f in found if f] == ["crest.svg"]
