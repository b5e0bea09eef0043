"""The value types of the indicators: units, directions, scopes and measures."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from standards.models import ScopeKind

# Cells based on fewer answers than this are withheld: they could identify someone.
SMALL_COUNT = 5


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    DAYS = "days", _("working days")
    COUNT = "count", _("number")
    SCORE = "score", _("score 1–5")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


@dataclass(frozen=True)
class Scope:
    kind: str
    department_id: int | None = None
    service_id: int | None = None
    name: str = ""

    @property
    def key(self) -> str:
        if self.kind == ScopeKind.DEPARTMENT:
            return f"department:{self.department_id}"
        if self.kind == ScopeKind.SERVICE:
            return f"service:{self.service_id}"
        return "municipality"

    @property
    def fields(self) -> dict[str, str | int | None]:
        """Return the scope as the fields of a model that stores one (a report, ...)."""
        return {
            "scope_kind": self.kind,
            "department_id": self.department_id,
            "service_id": self.service_id,
        }


@dataclass(frozen=True)
class Measure:
    value: float | None  # None: nothing to measure in this period and scope
    sample: int | None  # the cases or answers the value rests on
    # An on-time share: cases still within their term, left out of the share.
    pending: int | None = None


NO_DATA = Measure(None, None)
