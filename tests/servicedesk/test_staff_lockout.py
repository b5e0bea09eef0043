"""Staff sign-in is throttled per user name and per client address (axes, #10)."""

from django.urls import reverse

import pytest
from axes.models import AccessAttempt

from tests.requests_app.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_LOGIN = "/en/staff/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "demo12345"  # the factories' password


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = []
    return settings


def sign_in(client, username, password, url=STAFF_LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def is_signed_in(response) -> bool:
    return response.status_code == 302 and "/login/" not in response["Location"]


def test_defaults_are_five_tries_and_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_wrong_passwords_lock_the_user_name_even_for_the_right_one(client, limits):
    """Guessing stops after the limit; the right password then is refused too."""
    clerk = StaffFactory(username="clerk")
    for _ in range(2):
        assert sign_in(client, "clerk", "guess").status_code == 200
    assert sign_in(client, "clerk", "guess").status_code == 429  # the third

    response = sign_in(client, "clerk", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    assert "Sign-in locked" in response.content.decode()
    assert "30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert clerk.last_login is None


def test_the_locked_user_name_is_locked_from_any_address(client, limits):
    StaffFactory(username="clerk")
    for _ in range(3):
        sign_in(client, "clerk", "guess", REMOTE_ADDR="198.51.100.1")

    response = sign_in(client, "clerk", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429


def test_one_address_trying_many_user_names_is_locked(client, limits):
    StaffFactory(username="head")
    for name in ["clerk", "senior", "officer"]:
        sign_in(client, name, "guess", REMOTE_ADDR="198.51.100.1")

    locked = sign_in(client, "head", PASSWORD, REMOTE_ADDR="198.51.100.1")
    elsewhere = sign_in(client, "head", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert locked.status_code == 429
    assert is_signed_in(elsewhere)


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(client, limits):
    StaffFactory(username="head")
    for n, name in enumerate(["clerk", "senior", "officer"]):
        sign_in(client, name, "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = sign_in(client, "head", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_the_admin_login_is_throttled_with_the_same_counts(client, limits):
    StaffFactory(username="admin", is_superuser=True)
    for _ in range(2):
        sign_in(client, "admin", "guess", url=ADMIN_LOGIN)
    sign_in(client, "admin", "guess")  # the staff login counts for the admin too

    response = sign_in(
        client, "admin", PASSWORD, url=ADMIN_LOGIN, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()


def test_the_lockout_page_is_in_the_page_language(client, limits):
    for _ in range(4):
        response = sign_in(client, "clerk", "guess", url="/bg/staff/login/")

    assert response.status_code == 429
    assert '<html lang="bg">' in response.content.decode()


def test_failures_under_the_limit_do_not_lock(client, limits):
    StaffFactory(username="clerk")
    for _ in range(2):
        sign_in(client, "clerk", "guess")

    assert is_signed_in(sign_in(client, "clerk", PASSWORD))


def test_an_administrator_sees_the_lockout_and_lifts_it(client, limits):
    """The lockout is listed in the admin; deleting it lets the user in again."""
    StaffFactory(username="clerk")
    for _ in range(3):
        sign_in(client, "clerk", "guess", REMOTE_ADDR="198.51.100.1")
    assert sign_in(client, "clerk", PASSWORD).status_code == 429

    admin = client_class_for(client)
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "clerk" in listing.content.decode()
    assert "Locked Out" in listing.content.decode()
    lift = {
        "action": "delete_selected",
        "_selected_action": [
            a.pk for a in AccessAttempt.objects.filter(username="clerk")
        ],
        "post": "yes",
    }
    deleted = admin.post(reverse("admin:axes_accessattempt_changelist"), lift)
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()

    assert is_signed_in(sign_in(client, "clerk", PASSWORD))


def client_class_for(client):
    """Return a second, separate browser of the same kind."""
    return type(client)()
