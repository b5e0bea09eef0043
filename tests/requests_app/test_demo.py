"""`manage.py load_demo`: a realistic catalogue, idempotent, staff if allowed (#2)."""

import io
import os
import shutil
import subprocess
import time
from datetime import timedelta
from html import unescape
from pathlib import Path

from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

import pytest

from requests_app.demo.history import history_requests
from requests_app.models import (
    CalendarDay,
    CitizenRequest,
    DayFigures,
    Department,
    Extension,
    FiguresDirtyDay,
    RegistryCounter,
    RequestEvent,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.roles import Role
from requests_app.selectors.figures import figures_compute
from requests_app.selectors.queue import Tier, soon_until, tier_of
from requests_app.workflow import OPEN_STATUSES, Status
from tests.conftest import _skip_or_fail_outside_ci

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
    # Citizens read these reasons (due-date explanations, proofs): no "Demo:" label
    # in front of them (#14).
    for day in CalendarDay.objects.all():
        assert not day.reason_bg.startswith("Демо") and day.reason_bg
        assert not day.reason_en.startswith("Demo") and day.reason_en


def test_running_the_demo_twice_changes_nothing(settings):
    settings.DEMO_ACCOUNTS = True
    _load_demo()  # with the history: the test below
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


# --- The living demo: a year of history (#14) ---------------------------------------


def _history_counts() -> dict[str, object]:
    """What the history holds, by kind and status (compared across two runs)."""
    from feedback.models import Complaint, Suggestion, SurveyInvitation, SurveyResponse

    def by(queryset, *fields):
        return sorted(
            (tuple(row[f] for f in fields), row["n"])
            for row in queryset.values(*fields).annotate(n=Count("pk")).order_by()
        )

    return {
        "requests": by(CitizenRequest.objects, "status", "service__code"),
        "events": by(RequestEvent.objects, "kind"),
        "extensions": Extension.objects.count(),
        "complaints": by(Complaint.objects, "kind__code", "status"),
        "invitations": SurveyInvitation.objects.count(),
        "answers": by(SurveyResponse.objects, "source"),
        "suggestions": Suggestion.objects.count(),
        "numbers": list(
            CitizenRequest.objects.order_by("pk").values_list(
                "registry_number", "due_on", "closed_at"
            )
        ),
        "figures": list(
            DayFigures.objects.order_by("day", "department", "service").values(
                *[f.name for f in DayFigures._meta.fields if f.name != "id"]
            )
        ),
    }


def test_the_demo_holds_a_year_of_history_in_a_realistic_mix_once(settings):
    settings.DEMO_ACCOUNTS = True
    _load_demo("--history")
    first = _history_counts()

    today = timezone.localdate()
    history = history_requests()
    assert 2000 <= history.count() <= 5000
    received = history.aggregate(first=Min("received_on"), last=Max("received_on"))
    assert received["first"] <= today - timedelta(days=330)
    assert received["last"] >= today - timedelta(days=3)
    # Every active service has cases; most were closed on time, some late, some
    # rejected; open ones in every tier of the queue.
    assert not Service.objects.filter(is_active=True).exclude(requests__in=history)
    closed = history.filter(status=Status.CLOSED)
    late = [r for r in closed if timezone.localdate(r.closed_at) > r.due_on]
    assert 0.03 * closed.count() < len(late) < 0.15 * closed.count()
    assert history.filter(status=Status.REJECTED).count() > 50
    soon = soon_until(today=today)
    open_ = history.filter(status__in=[s.value for s in OPEN_STATUSES])
    tiers = {tier_of(due_on=r.due_on, today=today, soon=soon) for r in open_}
    assert tiers == set(Tier.ORDER)
    assert {s.value for s in OPEN_STATUSES} <= set(
        history.values_list("status", flat=True)
    )
    assert all(
        r.suspended_on for r in history.filter(status=Status.WAITING_FOR_CITIZEN)
    )
    kinds = set(RequestEvent.objects.values_list("kind", flat=True))
    assert {"referral", "suspension", "resumption", "extension", "message"} <= kinds
    assert Extension.objects.filter(request__in=history).count() > 30
    # Registry numbers follow the departments' counters, in filing order.
    for counter in RegistryCounter.objects.all():
        numbers = CitizenRequest.objects.filter(
            department=counter.department, received_on__year=counter.year
        )
        assert numbers.count() == counter.last
    # Feedback: complaints, signals and proposals, survey answers, suggestions.
    complaints = dict(first["complaints"])
    assert {key[0] for key in complaints} == {"complaint", "signal", "proposal"}
    assert dict(first["answers"])[("invitation",)] > 300
    assert first["suggestions"] >= 10
    # The stored figures are those a recomputation from the raw tables gives.
    stored = {
        (row["day"], row["department"], row["service"]): {
            name: row[name]
            for name in row
            if row[name] and name not in {"day", "department", "service"}
        }
        for row in first["figures"]
    }
    computed = {
        key: {name: n for name, n in counts.items() if n}
        for key, counts in figures_compute(days=None).items()
    }
    assert {k: v for k, v in stored.items() if v} == {
        k: v for k, v in computed.items() if v
    }
    assert not FiguresDirtyDay.objects.exists()

    _load_demo("--history")

    assert _history_counts() == first


def test_the_history_is_loaded_on_request_and_with_the_demo_staff_only(settings):
    settings.DEMO_ACCOUNTS = False
    assert "Demo history: 0 new" in _load_demo("--history")
    assert not CitizenRequest.objects.exists()  # nobody to work the cases

    settings.DEMO_ACCOUNTS = True
    assert "Demo history" not in _load_demo()
    assert not history_requests().exists()
    assert CitizenRequest.objects.count() == 8  # the hand-made cases only


def test_make_run_points_site_url_at_the_address_it_serves(tmp_path):
    """`make run` passes SITE_URL from RUN_ADDR, unless SITE_URL is set (#14)."""
    if shutil.which("make") is None:
        _skip_or_fail_outside_ci("GNU make is not installed")
    root = Path(__file__).resolve().parents[2]

    def dry_run(*args: str, **env: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
        result = subprocess.run(
            ["make", "-n", "run", *args],
            cwd=root,
            env=environment | env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    served = dry_run("RUN_ADDR=127.0.0.1:8123")
    assert "SITE_URL='http://127.0.0.1:8123'" in served
    assert "runserver 127.0.0.1:8123" in served
    assert "manage.py load_demo --history" in served
    assert "8000" not in served
    default = dry_run()
    assert "SITE_URL='http://127.0.0.1:8000'" in default
    kept = dry_run("RUN_ADDR=127.0.0.1:8123", SITE_URL="https://demo.example.org")
    assert "SITE_URL='https://demo.example.org'" in kept
    assert "SITE_URL='http://127.0.0.1:8123'" not in kept
    # A SITE_URL in .env (read by the settings) is kept too.
    checkout = tmp_path / "checkout"
    (checkout / ".venv").mkdir(parents=True)
    shutil.copy(root / "Makefile", checkout / "Makefile")
    (checkout / "pyproject.toml").touch()
    stamp = checkout / ".venv" / ".installed"
    stamp.touch()
    os.utime(stamp, (time.time() + 60, time.time() + 60))  # up to date
    (checkout / ".env").write_text(
        'DJANGO_DEBUG=true\nSITE_URL="https://desk.example.org"\n'
    )
    from_env_file = dry_run("-C", str(checkout), "RUN_ADDR=127.0.0.1:8123")
    assert "SITE_URL='https://desk.example.org'" in from_env_file
    # A bare port or every interface: links point at this machine on that port.
    assert "SITE_URL='http://127.0.0.1:8124'" in dry_run("RUN_ADDR=8124")
    assert "SITE_URL='http://127.0.0.1:8125'" in dry_run("RUN_ADDR=0.0.0.0:8125")
