"""Builders for the casework tests (#3): staff per role, cases, extension reasons."""

import datetime
import itertools

from django.utils import translation

import pytest

from requests_app.models import CitizenRequest, Department, ExtensionReason, User
from requests_app.roles import Role

from .factories import CitizenRequestFactory, DepartmentFactory, StaffFactory

# A Tuesday; its week has no holiday (Bulgaria).
TODAY = datetime.date(2026, 11, 24)
_codes = itertools.count()


def department() -> Department:
    return DepartmentFactory()


def staff(role: str, *departments: Department, **kwargs) -> User:
    return StaffFactory(role=role, departments=list(departments), **kwargs)


def clerk(*departments: Department, **kwargs) -> User:
    return staff(Role.CLERK, *departments, **kwargs)


def case(**kwargs) -> CitizenRequest:
    """A request filed on TODAY, due in 14 days, extendable by 14, unless told."""
    kwargs.setdefault("received_on", TODAY)
    if "service" not in kwargs:
        kwargs.setdefault("service__max_extension_days", 14)
    return CitizenRequestFactory(**kwargs)


def reason(**kwargs) -> ExtensionReason:
    n = next(_codes)
    fields = {
        "code": f"reason-{n}",
        "name_bg": "Необходимост от допълнителна проверка на място",
        "name_en": "An on-site inspection is needed",
        "legal_basis_bg": "чл. 57, ал. 5 от АПК",
        "legal_basis_en": "Administrative Procedure Code, art. 57(5)",
    }
    return ExtensionReason.objects.create(**{**fields, **kwargs})


@pytest.fixture(autouse=True)
def in_english():
    """Messages checked in English (the source language) whatever the catalogue holds.

    Import it into a test module to switch that module to English.
    """
    with translation.override("en"):
        yield
