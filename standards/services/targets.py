"""Targets of the indicators, set by managers in the staff pages."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from requests_app.models import User
from requests_app.numerals import number_text
from requests_app.services import audit_record
from standards.indicators.definitions import INDICATORS_BY_CODE
from standards.indicators.measures import Scope, Unit
from standards.models import Target

# The values a target can take in each unit: a share is a percentage, a satisfaction
# score the mean of 1–5 ratings; working days and counts cannot be negative.
TARGET_BOUNDS: dict[str, tuple[Decimal, Decimal | None]] = {
    Unit.PERCENT: (Decimal(0), Decimal(100)),
    Unit.SCORE: (Decimal(1), Decimal(5)),
    Unit.DAYS: (Decimal(0), None),
    Unit.COUNT: (Decimal(0), None),
}


TARGET_ERRORS = {
    "unknown_indicator": _("Choose an indicator from the list."),
    "out_of_range": _(
        "For this indicator, enter a target from %(lowest)s to %(highest)s."
    ),
    "negative": _("Enter a target of zero or more."),
    "duplicate": _(
        "This indicator already has a target for this scope from %(date)s: change "
        "that one instead."
    ),
}


def _target_audit_details(target: Target) -> dict[str, str]:
    return {
        "indicator": target.indicator,
        "scope": Scope(
            target.scope_kind,
            department_id=target.department_id,
            service_id=target.service_id,
        ).key,
        "value": f"{Decimal(target.value):.2f}",  # as the column stores it
        "valid_from": target.valid_from.isoformat(),
        "note": target.note,
    }


def _target_check(target: Target) -> None:
    """Refuse an unknown indicator, a value outside its unit's range, a second
    target for the same indicator, scope and day, and what the model refuses (the
    scope's constraint, the field limits)."""
    indicator = INDICATORS_BY_CODE.get(target.indicator)
    if indicator is None:
        raise ValidationError(
            {
                "indicator": ValidationError(
                    TARGET_ERRORS["unknown_indicator"], code="unknown_indicator"
                )
            }
        )
    lowest, highest = TARGET_BOUNDS[indicator.unit]
    value = Decimal(target.value)
    if highest is not None and not lowest <= value <= highest:
        raise ValidationError(
            {
                "value": ValidationError(
                    TARGET_ERRORS["out_of_range"],
                    code="out_of_range",
                    params={
                        "lowest": number_text(lowest),
                        "highest": number_text(highest),
                    },
                )
            }
        )
    if value < lowest:
        raise ValidationError(
            {"value": ValidationError(TARGET_ERRORS["negative"], code="negative")}
        )
    target.full_clean()
    same_day = Target.objects.filter(
        indicator=target.indicator,
        scope_kind=target.scope_kind,
        valid_from=target.valid_from,
    ).exclude(pk=target.pk)
    scopes = set(same_day.values_list("department_id", "service_id"))
    if (target.department_id, target.service_id) in scopes:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    TARGET_ERRORS["duplicate"],
                    code="duplicate",
                    params={"date": date_format(target.valid_from)},
                )
            }
        )


@transaction.atomic
def target_create(
    *,
    indicator: str,
    scope: Scope,
    value: Decimal,
    valid_from: date,
    note: str = "",
    by: User,
) -> Target:
    """Set the value an indicator should reach in a scope from a day on."""
    target = Target(
        indicator=indicator,
        value=value,
        valid_from=valid_from,
        note=note,
        **scope.fields,
    )
    _target_check(target)
    target.save()
    audit_record(
        actor=by,
        action="target.create",
        target=target,
        details=_target_audit_details(target),
    )
    return target


@transaction.atomic
def target_update(
    *,
    target: Target,
    indicator: str,
    scope: Scope,
    value: Decimal,
    valid_from: date,
    note: str = "",
    by: User,
) -> Target:
    """Change a target; the audit entry keeps what it was before."""
    locked = Target.objects.select_for_update().get(pk=target.pk)
    before = _target_audit_details(locked)
    locked.indicator = indicator
    locked.value = value
    locked.valid_from = valid_from
    locked.note = note
    for field, scope_value in scope.fields.items():
        setattr(locked, field, scope_value)
    _target_check(locked)
    locked.save()
    audit_record(
        actor=by,
        action="target.update",
        target=locked,
        details={"before": before, "after": _target_audit_details(locked)},
    )
    return locked


@transaction.atomic
def target_delete(*, target: Target, by: User) -> Target:
    """Delete a target; the audit entry keeps what it was. Reports already generated
    keep their files."""
    locked = Target.objects.select_for_update().get(pk=target.pk)
    audit_record(
        actor=by,
        action="target.delete",
        target=locked,
        details=_target_audit_details(locked),
    )
    locked.delete()
    return locked
