"""Scopes of a report (municipality, department, service), the targets that apply,
and the managers' list of targets."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext

from requests_app.models import Department, Service, User
from requests_app.numerals import number_text
from standards.indicators.definitions import INDICATORS, INDICATORS_BY_CODE, Indicator
from standards.indicators.measures import Scope, Unit
from standards.models import ManagementComment, Report, ScopeKind, Target


def scope_for(
    *, department: Department | None = None, service: Service | None = None
) -> Scope:
    """Return the scope of a report: a service, else a department, else everything."""
    if service is not None:
        return Scope(ScopeKind.SERVICE, service_id=service.pk, name=service.name)
    if department is not None:
        return Scope(
            ScopeKind.DEPARTMENT, department_id=department.pk, name=department.name
        )
    return Scope(ScopeKind.MUNICIPALITY, name=gettext("Whole municipality"))


def scope_of(obj: Report | ManagementComment) -> Scope:
    """Return the scope a report or a comment is about."""
    return scope_for(department=obj.department, service=obj.service)


def target_for(*, indicator: str, scope: Scope, on: date) -> Target | None:
    """Return the target valid on `on`: the scope's own, else its department's, else
    the municipality's."""
    qs = Target.objects.filter(indicator=indicator, valid_from__lte=on)
    candidates = []
    if scope.service_id is not None:
        candidates.append(Q(scope_kind=ScopeKind.SERVICE, service_id=scope.service_id))
        department_id = (
            Service.objects.filter(pk=scope.service_id)
            .values_list("department_id", flat=True)
            .first()
        )
        candidates.append(
            Q(scope_kind=ScopeKind.DEPARTMENT, department_id=department_id)
        )
    if scope.department_id is not None:
        candidates.append(
            Q(scope_kind=ScopeKind.DEPARTMENT, department_id=scope.department_id)
        )
    candidates.append(Q(scope_kind=ScopeKind.MUNICIPALITY))
    for condition in candidates:
        target = qs.filter(condition).order_by("-valid_from", "-pk").first()
        if target is not None:
            return target
    return None


def targets_for(*, scope: Scope, on: date) -> dict[str, float]:
    """Return {indicator code: target value} for the scope (a few small queries)."""
    result = {}
    for indicator in INDICATORS:
        target = target_for(indicator=indicator.code, scope=scope, on=on)
        if target is not None:
            result[indicator.code] = float(target.value)
    return result


# --- The managers' list of targets ---------------------------------------------------

Viewer = User | AnonymousUser

SCOPE_ORDER: dict[str, int] = {
    ScopeKind.MUNICIPALITY: 0,
    ScopeKind.DEPARTMENT: 1,
    ScopeKind.SERVICE: 2,
}


@dataclass(frozen=True)
class TargetRow:
    """One target, ready to show: the indicator's name, the scope, the value."""

    target: Target
    indicator_name: str
    scope_text: str
    value_text: str


def target_value_text(*, value: Decimal, indicator: Indicator | None) -> str:
    """Return a target's value as typed, with the indicator's unit ("95 %")."""
    text = number_text(value.normalize())
    if indicator is None:
        return text
    if indicator.unit == Unit.PERCENT:
        return f"{text} %"
    return f"{text} ({indicator.unit_label})"


def target_scope_text(target: Target) -> str:
    """Return the scope of a target in words: the municipality, a department, a
    service."""
    if target.service is not None:
        return f"{target.get_scope_kind_display()}: {target.service.name}"
    if target.department is not None:
        return f"{target.get_scope_kind_display()}: {target.department.name}"
    return gettext("Whole municipality")


def target_row(target: Target) -> TargetRow:
    """Return a target with the texts to show, in the active language."""
    indicator = INDICATORS_BY_CODE.get(target.indicator)
    return TargetRow(
        target=target,
        indicator_name=str(indicator.name) if indicator else target.indicator,
        scope_text=target_scope_text(target),
        value_text=target_value_text(value=target.value, indicator=indicator),
    )


def _can_view_targets(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("standards.view_target")


def target_get_for(*, viewer: Viewer, pk: int) -> Target | None:
    """Return one target for a viewer who may see targets, else None."""
    if not _can_view_targets(viewer):
        return None
    return Target.objects.select_related("department", "service").filter(pk=pk).first()


def target_list_for(*, viewer: Viewer) -> list[TargetRow]:
    """Return every target in the order of the indicators' table, then by scope,
    the latest first: the one in force comes before those it replaced."""
    if not _can_view_targets(viewer):
        return []
    order = {indicator.code: index for index, indicator in enumerate(INDICATORS)}
    rows = [
        target_row(target)
        for target in Target.objects.select_related("department", "service")
    ]
    rows.sort(
        key=lambda row: (
            order.get(row.target.indicator, len(order)),
            row.target.indicator,
            SCOPE_ORDER.get(row.target.scope_kind, len(SCOPE_ORDER)),
            row.scope_text,
            -row.target.valid_from.toordinal(),
            -row.target.pk,
        )
    )
    return rows
