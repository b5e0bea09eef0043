"""Scopes of a report (municipality, department, service) and the targets that apply."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext

from requests_app.models import Department, Service
from standards.indicators.definitions import INDICATORS
from standards.indicators.measures import Scope
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
