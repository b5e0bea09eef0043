"""Public standards, charter and archive; the management dashboard and reports (#5)."""

import datetime
import hashlib

from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.roles import Role
from standards import services
from standards.models import Report
from standards.services import reports
from tests.requests_app.factories import StaffFactory

from .factories import StandardsVersionFactory

QUARTER = {"period_kind": "quarter", "year": "2026", "number": "1"}


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# --- Public pages ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("bg", "Любезно и отзивчиво отношение към всички граждани"),
        ("en", "Courteous and responsive treatment of every citizen."),
    ],
)
def test_standards_page_shows_the_seeded_text(client, language, expected):
    response = client.get(url("standards:standards", language))
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "-&gt;" not in response.content.decode()  # no working notes published


@pytest.mark.django_db
def test_earlier_version_stays_readable_and_the_newest_is_current(client):
    StandardsVersionFactory(number=2, effective_on=datetime.date(2026, 6, 1))
    current = client.get(url("standards:standards")).content.decode()
    earlier = client.get(url("standards:standards-version", number=1))
    assert "Courteous treatment of every citizen." in current
    assert earlier.status_code == 200
    assert "no longer in force" in earlier.content.decode()
    assert "Courteous and responsive treatment" in earlier.content.decode()


@pytest.mark.django_db
def test_future_and_unknown_versions_answer_404(client):
    StandardsVersionFactory(number=9, effective_on=datetime.date(2999, 1, 1))
    assert client.get(url("standards:standards-version", number=9)).status_code == 404
    assert client.get(url("standards:standards-version", number=77)).status_code == 404


@pytest.mark.django_db
def test_standards_text_from_the_database_is_escaped(client):
    StandardsVersionFactory(
        number=3,
        effective_on=datetime.date(2026, 2, 1),
        body_en="- <script>alert(1)</script> Be kind.",
    )
    content = client.get(url("standards:standards")).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Be kind." in content


@pytest.mark.django_db
def test_standards_pdf_has_municipality_standards_date_and_page_numbers(client):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get(url("standards:standards-pdf", "bg"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(
        page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
    )
    assert "Община Примерно" in text
    assert "СПАЗВАНЕ НА СРОКОВЕ" in text
    assert "Страница 1 / " in text or "Page 1 / " in text
    assert datetime.date.today().strftime("%Y") in text


@pytest.mark.django_db
def test_charter_links_to_complaint_survey_and_suggestions(client):
    content = client.get(url("standards:charter")).content.decode()
    assert 'href="/en/complaints/new/"' in content
    assert 'href="/en/survey/"' in content
    assert 'href="/en/suggestions/"' in content
    assert "KEEPING DEADLINES" in content


# --- Dashboard permissions ---------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_needs_login(client):
    response = client.get(url("standards:dashboard"))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CLERK, Role.HEAD, Role.OFFICER, None])
def test_dashboard_is_404_for_staff_without_the_manager_permission(client, role):
    client.force_login(StaffFactory(role=role))
    assert client.get(url("standards:dashboard")).status_code == 404
    assert client.post(url("standards:report-generate"), QUARTER).status_code == 404


@pytest.mark.django_db
def test_manager_sees_the_numbers_for_a_quarter_and_department(
    client, manager, requests_q1
):
    client.force_login(manager)
    response = client.get(
        url("standards:dashboard"),
        {**QUARTER, "department": requests_q1.department_id},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "50.0 %" in content  # 1 of 2 on time
    assert "<svg" in content and "<title" in content
    assert " style=" not in content


@pytest.mark.django_db
def test_invalid_period_shows_an_error_not_a_500(client, manager):
    client.force_login(manager)
    response = client.get(
        url("standards:dashboard"),
        {"period_kind": "quarter", "year": "2026", "number": "9"},
    )
    assert response.status_code == 200
    assert "Choose a number from 1 to 4" in response.content.decode()


# --- Generating, publishing, the archive -------------------------------------------


@pytest.mark.django_db
def test_manager_generates_downloads_and_publishes_a_report(
    client, manager, requests_q1, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("standards:report-generate"),
            {**QUARTER, "department": requests_q1.department_id},
        )
    report = Report.objects.get()
    assert response["Location"] == url("standards:report-status", pk=report.pk)
    status = client.get(response["Location"]).content.decode()
    assert report.status == Report.Status.DONE
    assert 'http-equiv="refresh"' not in status
    assert report.pdf_sha256 in status
    pdf = client.get(url("standards:report-file", pk=report.pk, fmt="pdf"))
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    # Not public until published.
    client.logout()
    public_csv = url("standards:report-file", pk=report.pk, fmt="csv")
    assert client.get(public_csv).status_code == 404
    client.force_login(manager)
    client.post(url("standards:report-publish", pk=report.pk))
    client.logout()
    archive = client.get(url("standards:archive")).content.decode()
    assert report.csv_sha256 in archive
    assert client.get(public_csv).status_code == 200


@pytest.mark.django_db
def test_withdrawn_report_leaves_the_archive(client, manager, requests_q1):
    report = Report.objects.create(
        period_kind="quarter",
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    report = services.report_generate(report_id=report.pk)
    services.report_publish(report=report, by=manager)
    services.report_withdraw(report=report, by=manager)
    assert (
        report.pdf_sha256 not in client.get(url("standards:archive")).content.decode()
    )
    assert (
        client.get(url("standards:report-file", pk=report.pk, fmt="pdf")).status_code
        == 404
    )


@pytest.mark.django_db
def test_status_page_refreshes_while_waiting_and_explains_a_failure(
    client, manager, monkeypatch
):
    report = Report.objects.create(
        period_kind="quarter",
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    client.force_login(manager)
    waiting = client.get(url("standards:report-status", pk=report.pk))
    assert 'http-equiv="refresh"' in waiting.content.decode()

    def broken_pdf(template, context):
        raise OSError("No space left on device")

    monkeypatch.setattr(reports, "render_pdf", broken_pdf)  # the disk: outside world
    services.report_generate(report_id=report.pk)
    failed = client.get(url("standards:report-status", pk=report.pk)).content.decode()
    assert "could not be generated" in failed
    assert "No space left on device" in failed
    assert 'http-equiv="refresh"' not in failed


@pytest.mark.django_db
def test_unfinished_report_cannot_be_published(client, manager):
    report = Report.objects.create(
        period_kind="year",
        start_on=datetime.date(2025, 1, 1),
        end_on=datetime.date(2025, 12, 31),
        scope_kind="municipality",
        scope_key="municipality",
        language="en",
    )
    client.force_login(manager)
    response = client.post(url("standards:report-publish", pk=report.pk), follow=True)
    assert "Only a finished report can be published." in response.content.decode()
    report.refresh_from_db()
    assert report.is_published is False


@pytest.mark.django_db
def test_manager_comment_appears_in_the_results(client, manager, requests_q1):
    client.force_login(manager)
    response = client.post(
        url("standards:comment-create"),
        {**QUARTER, "text": "More staff at the desk from April."},
        follow=True,
    )
    assert "More staff at the desk from April." in response.content.decode()


@pytest.mark.django_db
def test_custom_period_longer_than_three_years_is_refused(client, manager):
    client.force_login(manager)
    response = client.get(
        url("standards:dashboard"),
        {
            "period_kind": "custom",
            "year": "2026",
            "start": "2000-01-01",
            "end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "at most 3 years long" in response.content.decode()


@pytest.mark.django_db
def test_custom_period_shows_results(client, manager, requests_q1):
    client.force_login(manager)
    response = client.get(
        url("standards:dashboard"),
        {
            "period_kind": "custom",
            "year": "2026",
            "start": "2026-02-01",
            "end": "2026-02-28",
        },
    )
    assert 'data-indicator="on_time_share"' in response.content.decode()
    assert "100.0 %" in response.content.decode()
