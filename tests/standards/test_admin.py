"""The standards models in the admin; targets only for known indicators (#5)."""

import pytest

from standards.models import Target


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
