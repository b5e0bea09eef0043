"""Load the demo catalogue, calendar days and (when allowed) demo staff accounts.

Idempotent: rows are matched by their natural keys (code, day, username) and updated
to the demo values, so running it twice changes nothing.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from requests_app.demo import catalogue
from requests_app.models import (
    CalendarDay,
    Department,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.roles import Role, roles_ensure
from requests_app.services.figures import figures_mark_calendar_change
from requests_app.services.search_index import service_search_index_refresh_all
from requests_app.services.staff import staff_roles_set

SERVICE_DEFAULTS: dict[str, Any] = {
    "fee_note_bg": "",
    "fee_note_en": "",
    "synonyms_bg": "",
    "synonyms_en": "",
    "max_extension_days": 0,
    "is_online": True,
    "is_at_desk": True,
    "is_by_post": False,
    "is_active": True,
}
QUESTION_DEFAULTS: dict[str, Any] = {
    "help_text_bg": "",
    "help_text_en": "",
    "choices_bg": "",
    "choices_en": "",
}


@dataclass
class DemoLoadResult:
    departments: int = 0
    services: int = 0
    variants: int = 0
    questions: int = 0
    calendar_days: int = 0
    accounts: list[tuple[User, str]] = field(default_factory=list)  # (user, role)


def _load_service(data: dict[str, Any], departments: dict[str, Department]) -> Service:
    values = dict(data)
    code = values.pop("code")
    variants = values.pop("variants", [])
    questions = values.pop("questions", [])
    values["department"] = departments[values.pop("department")]
    service, _ = Service.objects.update_or_create(
        code=code, defaults={**SERVICE_DEFAULTS, **values}
    )
    for variant in variants:
        fields = dict(variant)
        ServiceVariant.objects.update_or_create(
            service=service, code=fields.pop("code"), defaults=fields
        )
    for order, question in enumerate(questions):
        fields = {**QUESTION_DEFAULTS, "order": order, **question}
        ServiceQuestion.objects.update_or_create(
            service=service, code=fields.pop("code"), defaults=fields
        )
    return service


@cache
def _demo_password_hash() -> str:
    """Hash the demo password once: each hash takes about a second, on purpose."""
    return make_password(catalogue.DEMO_PASSWORD)


@cache
def _is_demo_password(encoded: str) -> bool:
    return check_password(catalogue.DEMO_PASSWORD, encoded)


def _has_demo_password(user: User) -> bool:
    """Whether the account's password is the demo one (each stored hash checked once:
    the accounts share it, and a second run should not take seconds per account)."""
    return bool(user.password) and _is_demo_password(user.password)


def _load_account(
    spec: dict[str, Any], departments: dict[str, Department]
) -> tuple[User, str]:
    """Create or update one demo account; only the administrator uses the admin."""
    role = getattr(Role, spec["role"])
    user, _ = User.objects.update_or_create(
        username=spec["username"],
        defaults={
            "first_name": spec["first_name"],
            "last_name": spec["last_name"],
            "email": f"{spec['username']}@primerno.example",
            "position_bg": spec["position_bg"],
            "position_en": spec["position_en"],
            "language": "bg",
            "is_superuser": spec.get("is_superuser", False),
            "is_active": True,
        },
    )
    if not _has_demo_password(user):
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    user = staff_roles_set(user=user, roles=[role], by=None)
    user.departments.set([departments[code] for code in spec["departments"]])
    return user, role


@transaction.atomic
def demo_load(*, with_accounts: bool) -> DemoLoadResult:
    """Create or update the demo data; demo staff only when `with_accounts`."""
    result = DemoLoadResult()
    roles_ensure()
    departments: dict[str, Department] = {}
    for data in catalogue.DEPARTMENTS:
        values = dict(data)
        code = values.pop("code")
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults=values
        )
    result.departments = len(departments)
    services = []
    for data in catalogue.SERVICES:
        services.append(_load_service(data, departments))
        result.services += 1
        result.variants += len(data.get("variants", []))
        result.questions += len(data.get("questions", []))
    service_search_index_refresh_all(services=services)  # the search reads its terms
    for data in catalogue.CALENDAR_DAYS:
        values = dict(data)
        day = values.pop("day")
        CalendarDay.objects.update_or_create(day=day, defaults=values)
        # Handling times of requests closed since that day count working days.
        figures_mark_calendar_change(day=day)
        result.calendar_days += 1
    if with_accounts:
        result.accounts = [
            _load_account(spec, departments) for spec in catalogue.ACCOUNTS
        ]
    return result
