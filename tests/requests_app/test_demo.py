"""`manage.py load_demo`: a realistic catalogue, idempotent, staff if allowed (#2)."""

import io
from html import unescape

from django.core.management import call_command

import pytest

from requests_app.models import (
    CalendarDay,
    Department,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.roles import Role

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"clerk", "senior", "head", "officer", "manager", "admin"}


def _load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list]:
    """Every demo row with every column, to compare two runs."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Department,
            Service,
            ServiceVariant,
            ServiceQuestion,
            CalendarDay,
            User,
        )
    } | {
        "groups": list(User.groups.through.objects.order_by("pk").values()),
        "departments": list(User.departments.through.objects.order_by("pk").values()),
    }


def test_demo_catalogue_is_realistic_and_large_enough(settings):
    settings.DEMO_ACCOUNTS = False

    _load_demo()

    services = Service.objects.filter(is_active=True)
    assert services.count() >= 20
    assert Department.objects.filter(services__in=services).distinct().count() >= 4
    assert Service.objects.filter(variants__isnull=False).distinct().count() >= 4
    assert Service.objects.filter(questions__isnull=False).distinct().count() >= 4
    assert set(ServiceQuestion.objects.values_list("kind", flat=True)) == {
        "text",
        "choice",
        "date",
        "number",
    }
    assert services.filter(term_working_days=True).exists()
    assert services.filter(max_extension_days__gt=0).exists()
    for service in services:
        for field in ("name", "summary", "legal_basis", "documents", "eligibility"):
            assert getattr(service, f"{field}_bg"), (service.code, field)
            assert getattr(service, f"{field}_en"), (service.code, field)
    assert Service.objects.get(code="tax-valuation-certificate").variants.count() == 3
    assert set(Department.objects.values_list("registry_index", flat=True)) >= {"94-00"}
    assert CalendarDay.objects.filter(kind=CalendarDay.Kind.WORKING_DAY).exists()
    assert CalendarDay.objects.filter(kind=CalendarDay.Kind.DAY_OFF).exists()
    assert all(day.reason_en.startswith("Demo") for day in CalendarDay.objects.all())


def test_running_the_demo_twice_changes_nothing(settings):
    settings.DEMO_ACCOUNTS = True
    _load_demo()
    first = _snapshot()

    _load_demo()

    assert _snapshot() == first
    assert Service.objects.count() == len(first["Service"])


def test_running_the_demo_again_restores_edited_demo_values(settings):
    settings.DEMO_ACCOUNTS = False
    _load_demo()
    Service.objects.filter(code="heirs-certificate").update(term_days=99)

    _load_demo()

    assert Service.objects.get(code="heirs-certificate").term_days == 7


def test_demo_accounts_are_not_created_when_not_allowed(settings):
    settings.DEMO_ACCOUNTS = False

    output = _load_demo()

    assert not User.objects.exists()
    assert "--force-accounts" in output
    assert "demo12345" not in output


def test_forced_demo_accounts_have_roles_departments_and_the_demo_password(
    settings, client
):
    settings.DEMO_ACCOUNTS = False

    output = _load_demo("--force-accounts")

    users = {user.username: user for user in User.objects.all()}
    assert set(users) == DEMO_USERNAMES
    # Only administrators use the admin site.
    assert [name for name, user in users.items() if user.is_staff] == ["admin"]
    assert [name for name, user in users.items() if user.is_superuser] == ["admin"]
    expected_roles = {
        "clerk": Role.CLERK,
        "senior": Role.SENIOR,
        "head": Role.HEAD,
        "officer": Role.OFFICER,
        "manager": Role.MANAGER,
        "admin": Role.ADMINISTRATOR,
    }
    for username, role in expected_roles.items():
        assert list(users[username].groups.values_list("name", flat=True)) == [role]
    assert users["clerk"].departments.filter(code="grao").exists()
    assert users["clerk"].position_bg and users["clerk"].position_en
    assert users["clerk"].check_password("demo12345") is True
    for username in DEMO_USERNAMES:
        assert username in output
    assert "demo12345" in output


def test_every_demo_service_page_and_one_sheet_render(settings, client):
    """The real demo services render in both languages, with their variants (#2)."""
    settings.DEMO_ACCOUNTS = False
    _load_demo()

    catalogue = client.get("/bg/services/").content.decode()
    for service in Service.objects.all():
        assert f'href="/bg/services/{service.code}/"' in catalogue
        for language in ("bg", "en"):
            response = client.get(f"/{language}/services/{service.code}/")
            assert response.status_code == 200, (language, service.code)
            name = getattr(service, f"name_{language}")
            assert f"<h1>{name}</h1>" in unescape(response.content.decode())
    sheet = client.get("/bg/services/tax-valuation-certificate/sheet.pdf")
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/pdf"
