"""The standards models in the admin; targets only for known indicators (#5)."""

import re

import pytest

from standards.models import Report, Target


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["standardsversion", "target", "report", "managementcomment"]
)
def test_admin_pages_of_the_standards_models_open(admin_client, model):
    response = admin_client.get(f"/admin/standards/{model}/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_target_form_offers_only_known_indicators(admin_client):
    response = admin_client.post(
        "/admin/standards/target/add/",
        {
            "indicator": "made_up",
            "scope_kind": "municipality",
            "value": "5",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "indicator" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_manager_sets_targets_in_the_staff_pages_not_the_admin(client, manager):
    """Only administrators use the admin: a manager's post there changes nothing."""
    client.force_login(manager)
    response = client.post(
        "/admin/standards/target/add/",
        {
            "indicator": "on_time_share",
            "scope_kind": "municipality",
            "value": "97",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Target.objects.exists() is False


@pytest.mark.django_db
def test_a_reports_files_are_linked_through_the_checked_download_view(admin_client):
    """Never by the storage's own address: on object storage that is a signed link
    to the bucket, past the permission checks (#13)."""
    from django.core.files.base import ContentFile

    from .factories import ReportFactory

    report = ReportFactory(status=Report.Status.DONE)
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.save()

    response = admin_client.get(f"/admin/standards/report/{report.pk}/change/")

    assert response.status_code == 200
    html = response.text
    link = re.search(rf'href="(/\w\w/reports/{report.pk}/report\.pdf)"', html)
    assert link
    assert report.pdf.url not in html
    assert 'type="file"' not in html  # generated files are not replaced here
    download = admin_client.get(link.group(1))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"
