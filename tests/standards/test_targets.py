"""Managers set the indicators' targets in a staff page, not in the admin (#10).

Managers are no longer admin users, yet they still set targets: the page lists them,
adds, changes and deletes them, audited; every other role gets 404.
"""

import datetime
import re
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.models import AuditEntry
from requests_app.roles import Role
from standards import services
from standards.indicators.measures import Scope
from standards.models import ScopeKind, Target
from tests.requests_app.factories import ServiceFactory, StaffFactory, UserFactory

from .factories import TargetFactory

QUARTER = {"period_kind": "quarter", "year": "2026", "number": "1"}
NEW_TARGET = {
    "indicator": "handling_median",
    "department": "",
    "service": "",
    "value": "6.5",
    "valid_from": "2026-01-01",
    "note": "Agreed with the mayor",
}


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def row_of(content: str, attribute: str, value: object) -> str:
    """Return the HTML of the table row whose `attribute` is `value`."""
    match = re.search(rf'<tr {attribute}="{value}">(.*?)</tr>', content, re.DOTALL)
    assert match is not None, f"no row {attribute}={value}"
    return re.sub(r"\s+", " ", match.group(1))


@pytest.fixture
def manager():
    """A manager as now set up: no staff status, so no way into the admin."""
    return StaffFactory(role=Role.MANAGER, is_staff=False)


@pytest.fixture
def target():
    return TargetFactory(indicator="on_time_share", value=Decimal("95"))


# --- A manager's work ----------------------------------------------------------------


@pytest.mark.django_db
def test_manager_without_admin_access_lists_adds_changes_and_deletes_targets(
    client, manager, target
):
    service = ServiceFactory(name_en="Sketch of a land plot")
    client.force_login(manager)

    listed = text(client.get(url("standards:target-list")))
    row = row_of(listed, "data-target", target.pk)
    assert "Requests completed on time" in row
    assert "Whole municipality" in row
    assert "95 %" in row

    added = client.post(
        url("standards:target-add"),
        {
            **NEW_TARGET,
            "indicator": "satisfaction_overall",
            "service": service.pk,
            "value": "4.6",
        },
    )
    assert added.status_code == 302
    assert added["Location"] == url("standards:target-list")
    new = Target.objects.get(indicator="satisfaction_overall")
    assert (new.scope_kind, new.service, new.department) == ("service", service, None)
    after_add = text(client.get(added["Location"]))
    assert "The target was added." in after_add
    new_row = row_of(after_add, "data-target", new.pk)
    assert "Satisfaction: overall" in new_row
    assert "Service: Sketch of a land plot" in new_row
    assert "4.6 (score 1–5)" in new_row
    assert "Agreed with the mayor" in new_row

    form = text(client.get(url("standards:target-edit", pk=new.pk)))
    assert 'value="4.60"' in form  # the stored value, ready to change
    assert 'value="2026-01-01"' in form
    changed = client.post(
        url("standards:target-edit", pk=new.pk),
        {**NEW_TARGET, "indicator": "satisfaction_overall", "value": "4.2"},
        follow=True,
    )
    new.refresh_from_db()
    assert new.value == Decimal("4.2")
    assert (new.scope_kind, new.service) == ("municipality", None)
    assert "The target was changed." in text(changed)

    confirm = client.get(url("standards:target-delete", pk=new.pk))
    assert confirm.status_code == 200
    assert "Delete the target" in text(confirm)
    assert Target.objects.filter(pk=new.pk).exists()  # asking deletes nothing
    deleted = client.post(url("standards:target-delete", pk=new.pk), follow=True)
    assert "The target was deleted." in text(deleted)
    assert not Target.objects.filter(pk=new.pk).exists()
    assert Target.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_the_list_names_indicators_and_scopes_in_the_page_language(
    client, manager, target
):
    service = ServiceFactory()
    TargetFactory(
        indicator="satisfaction_overall",
        scope_kind="service",
        service=service,
        value=Decimal("4.50"),
    )
    client.force_login(manager)
    content = text(client.get(url("standards:target-list", "bg")))
    assert "<h1>Задайте целите</h1>" in content
    assert "Заявления, приключени в срок" in row_of(content, "data-target", target.pk)
    service_row = row_of(content, "data-target", Target.objects.last().pk)
    assert "Удовлетвореност: обща оценка" in service_row
    assert "4,5 (оценка 1–5)" in service_row


@pytest.mark.django_db
def test_the_dashboard_compares_with_the_target_the_manager_just_set(
    client, manager, requests_q1
):
    client.force_login(manager)
    dashboard = text(client.get(url("standards:dashboard"), QUARTER))
    assert "no target set" in row_of(dashboard, "data-indicator", "on_time_share")

    client.post(
        url("standards:target-add"),
        {**NEW_TARGET, "indicator": "on_time_share", "value": "97"},
    )

    dashboard = text(client.get(url("standards:dashboard"), QUARTER))
    row = row_of(dashboard, "data-indicator", "on_time_share")
    assert "97.0 %" in row
    assert "not met" in row  # 1 of 2 on time


@pytest.mark.django_db
def test_the_dashboard_links_to_the_targets_page_not_to_the_admin(client, manager):
    client.force_login(manager)
    content = text(client.get(url("standards:dashboard")))
    assert f'<a href="{url("standards:target-list")}">Set the targets</a>' in content
    assert "/admin/" not in content


# --- Input the page refuses ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "error"),
    [("en", "Enter a number."), ("bg", "Въведете число.")],
)
def test_invalid_value_keeps_what_was_typed_with_the_error_beside_it(
    client, manager, language, error
):
    client.force_login(manager)
    response = client.post(
        url("standards:target-add", language), {**NEW_TARGET, "value": "many"}
    )
    content = text(response)
    assert response.status_code == 200
    assert Target.objects.count() == 0
    assert 'name="value" value="many"' in content
    assert 'value="Agreed with the mayor"' in content
    assert '<option value="handling_median" selected>' in content
    # The error is tied to its field, for screen readers too.
    assert 'aria-describedby="id_value_helptext id_value_error"' in content
    assert re.search(rf'id="id_value_error"[^>]*>.*?{error}', content)


@pytest.mark.django_db
def test_a_department_and_a_service_together_are_refused_in_bulgarian(client, manager):
    service = ServiceFactory()
    client.force_login(manager)
    response = client.post(
        url("standards:target-add", "bg"),
        {**NEW_TARGET, "department": service.department_id, "service": service.pk},
    )
    assert response.status_code == 200
    assert "Изберете звено или услуга, не и двете." in text(response)
    assert Target.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("indicator", "value", "error"),
    [
        ("on_time_share", "150", "enter a target from 0 to 100"),
        ("satisfaction_overall", "0.5", "enter a target from 1 to 5"),
        ("extensions_count", "-1", "Enter a target of zero or more."),
    ],
    ids=["share-over-100", "score-below-1", "negative-count"],
)
def test_a_value_outside_the_indicators_unit_is_refused(
    client, manager, indicator, value, error
):
    client.force_login(manager)
    response = client.post(
        url("standards:target-add"),
        {**NEW_TARGET, "indicator": indicator, "value": value},
    )
    content = text(response)
    assert response.status_code == 200
    assert re.search(rf'id="id_value_error"[^>]*>.*?{re.escape(error)}', content)
    assert f'name="value" value="{value}"' in content
    assert Target.objects.count() == 0


@pytest.mark.django_db
def test_a_second_target_for_the_same_indicator_scope_and_day_is_refused(
    client, manager, target
):
    client.force_login(manager)
    response = client.post(
        url("standards:target-add"),
        {**NEW_TARGET, "indicator": "on_time_share", "value": "90"},
    )
    assert response.status_code == 200
    assert "already has a target for this scope from" in text(response)
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal("95")]


@pytest.mark.django_db
def test_a_date_far_outside_the_registry_is_refused_not_a_500(client, manager):
    client.force_login(manager)
    response = client.post(
        url("standards:target-add"), {**NEW_TARGET, "valid_from": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "Choose a date between" in text(response)
    assert Target.objects.count() == 0


def test_the_services_refuse_an_unknown_indicator_and_an_inconsistent_scope(db):
    by = StaffFactory(role=Role.MANAGER)
    values = {"value": Decimal("5"), "valid_from": datetime.date(2026, 1, 1)}
    with pytest.raises(ValidationError, match="Choose an indicator from the list"):
        services.target_create(
            indicator="made_up", scope=Scope(ScopeKind.MUNICIPALITY), by=by, **values
        )
    with pytest.raises(ValidationError, match="target_scope_consistent"):
        services.target_create(
            indicator="handling_median",
            scope=Scope(ScopeKind.DEPARTMENT),  # a department's scope without one
            by=by,
            **values,
        )
    assert Target.objects.count() == 0
    assert AuditEntry.objects.filter(target_type="standards.target").count() == 0


# --- Audit ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_changing_and_deleting_a_target_are_audited(client, manager):
    client.force_login(manager)
    client.post(url("standards:target-add"), NEW_TARGET)
    target = Target.objects.get()
    client.post(
        url("standards:target-edit", pk=target.pk), {**NEW_TARGET, "value": "5"}
    )
    client.post(url("standards:target-delete", pk=target.pk))

    entries = AuditEntry.objects.filter(
        target_type="standards.target", target_id=str(target.pk)
    ).order_by("pk")
    assert [e.action for e in entries] == [
        "target.create",
        "target.update",
        "target.delete",
    ]
    assert {e.actor for e in entries} == {manager}
    created, updated, deleted = entries
    assert created.details["value"] == "6.50"
    assert created.details["scope"] == "municipality"
    assert updated.details["before"]["value"] == "6.50"
    assert updated.details["after"]["value"] == "5.00"
    assert deleted.details["indicator"] == "handling_median"


# --- Who may use the page ------------------------------------------------------------


def every_address(target: Target) -> list[tuple[str, str]]:
    return [
        ("get", url("standards:target-list")),
        ("get", url("standards:target-add")),
        ("post", url("standards:target-add")),
        ("get", url("standards:target-edit", pk=target.pk)),
        ("post", url("standards:target-edit", pk=target.pk)),
        ("get", url("standards:target-delete", pk=target.pk)),
        ("post", url("standards:target-delete", pk=target.pk)),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_staff_login(client, target):
    for method, address in every_address(target):
        response = getattr(client, method)(address, NEW_TARGET)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/en/staff/login/"), address
    target.refresh_from_db()
    assert target.value == Decimal("95")
    assert Target.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.CLERK, Role.SENIOR, Role.HEAD, Role.OFFICER, None],
    ids=["clerk", "senior", "head", "officer", "admin-user-without-permission"],
)
def test_staff_without_the_target_permissions_get_404(client, target, role):
    """Clerks, heads, officers and an admin-site user without the permission."""
    client.force_login(StaffFactory(role=role, is_staff=role is None))
    for method, address in every_address(target):
        response = getattr(client, method)(address, NEW_TARGET)
        assert response.status_code == 404, (method, address)
    target.refresh_from_db()
    assert target.value == Decimal("95")
    assert Target.objects.count() == 1
    assert not AuditEntry.objects.filter(target_type="standards.target").exists()


@pytest.mark.django_db
def test_a_viewer_of_targets_sees_the_list_but_cannot_change_it(client, target):
    viewer = UserFactory()
    viewer.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="standards", codename="view_target"
        )
    )
    client.force_login(viewer)
    content = text(client.get(url("standards:target-list")))
    assert "Requests completed on time" in content
    assert url("standards:target-add") not in content
    assert url("standards:target-edit", pk=target.pk) not in content
    assert url("standards:target-delete", pk=target.pk) not in content
    for method, address in every_address(target)[1:]:
        assert getattr(client, method)(address, NEW_TARGET).status_code == 404
    assert Target.objects.count() == 1


@pytest.mark.django_db
def test_a_session_without_its_two_factor_code_is_sent_to_the_code_step(
    client, manager, target, settings
):
    settings.STAFF_TWO_FACTOR = True
    client.force_login(manager)
    for method, address in every_address(target):
        response = getattr(client, method)(address, NEW_TARGET)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/en/staff/login/code/"), address
    assert Target.objects.count() == 1


@pytest.mark.django_db
def test_a_target_that_does_not_exist_answers_404(client, manager):
    client.force_login(manager)
    assert client.get(url("standards:target-edit", pk=987654)).status_code == 404
    assert client.post(url("standards:target-delete", pk=987654)).status_code == 404
