"""API keys in the admin (#6): issued with the plain key shown once, revoked, never
deleted."""

import re

from django.urls import reverse

import pytest

from open311.models import ApiKey, Submission
from requests_app.roles import Role
from requests_app.services.staff import staff_roles_set
from requests_app.tokens import token_hash as api_key_hash
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import BASE, post_fields
from .factories import ApiKeyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = StaffFactory(role=Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def test_new_key_is_shown_once_and_stored_hashed(client, administrator, service):
    response = client.post(
        reverse("admin:open311_apikey_add"),
        {"client_name": "FixMyStreet Примерно", "contact": "dev@example.org"},
        follow=True,
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    page = response.content.decode()
    found = re.findall(rf"(?<![\w-]){re.escape(api_key.prefix)}[\w-]*", page)
    plain = max(found, key=len)  # the list shows the prefix alone
    assert len(plain) >= 40
    assert api_key.key_hash == api_key_hash(plain)
    # The key files a request...
    api_key.plain = plain
    assert client.post(f"{BASE}/requests.json", post_fields(api_key)).status_code == 200
    # ...and is never shown again.
    again = client.get(reverse("admin:open311_apikey_change", args=[api_key.pk]))
    assert plain not in again.content.decode()
    listing = client.get(reverse("admin:open311_apikey_changelist"))
    assert plain not in listing.content.decode()


def test_revoking_in_the_admin_stops_the_key(client, administrator, service):
    api_key = ApiKeyFactory()
    response = client.post(
        reverse("admin:open311_apikey_changelist"),
        {"action": "revoke_selected", "_selected_action": [api_key.pk]},
    )
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    response = client.post(f"{BASE}/requests.json", post_fields(api_key))
    assert response.status_code == 403


def test_keys_cannot_be_deleted_only_revoked(client, administrator):
    api_key = ApiKeyFactory()
    response = client.get(reverse("admin:open311_apikey_delete", args=[api_key.pk]))
    assert response.status_code == 403


def _submission(citizen_request) -> Submission:
    return Submission.objects.create(
        token="tok" + citizen_request.registry_number,
        api_key=ApiKeyFactory(),
        citizen_request=citizen_request,
        service_request_id=citizen_request.registry_number,
        device_id="device-of-the-citizen-42",
        account_id="account-of-the-citizen-42",
        media_url="https://photos.example/citizen-42.jpg",
    )


def test_what_a_client_sent_about_the_citizen_shows_only_within_reach(client):
    """The list names what each key filed; the citizen's details need reach (#10)."""
    own = DepartmentFactory()
    user = staff_roles_set(
        user=UserFactory(departments=[own], is_superuser=True),
        roles=[Role.ADMINISTRATOR],
        by=None,
    )
    client.force_login(user)
    mine = _submission(CitizenRequestFactory(service__department=own))
    foreign = _submission(CitizenRequestFactory())

    listing = client.get(reverse("admin:open311_submission_changelist")).content
    pages = {
        submission: client.get(
            reverse("admin:open311_submission_change", args=[submission.pk])
        ).content.decode()
        for submission in (mine, foreign)
    }

    assert foreign.service_request_id in listing.decode()
    assert "device-of-the-citizen-42" in pages[mine]
    assert "citizen-42" not in pages[foreign]
