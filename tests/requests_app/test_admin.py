"""The admin is for administrators; requests and notices only within reach (#10).

Before: every role had staff status, and a clerk or a head read in
`/admin/requests_app/citizenrequest/` the name, e-mail, phone, address and details of
every department's requests; the outbox showed the tracking, sign-in and survey links
of the notices and could be edited.
"""

import datetime
import importlib

from django.apps import apps
from django.db.migrations.state import ProjectState
from django.urls import reverse

import pytest

from requests_app.models import AuditEntry, CitizenRequest, Extension, Notice, User
from requests_app.roles import ROLE_PERMISSIONS, Role
from requests_app.services.notice_kinds import notice_kind_has_secret_link
from requests_app.services.staff import (
    UnknownRole,
    staff_roles_set,
)

from .casework_helpers import case, department, reason
from .factories import AttachmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_INDEX = reverse("admin:index")
REQUESTS = reverse("admin:requests_app_citizenrequest_changelist")
NOTICES = reverse("admin:requests_app_notice_changelist")
EXTENSIONS = reverse("admin:requests_app_extension_changelist")
NOT_ADMINISTRATORS = [Role.CLERK, Role.SENIOR, Role.HEAD, Role.OFFICER, Role.MANAGER]
SECRET_LINK = "https://desk.example/bg/track/Secret-Token-Of-The-Citizen/"
# Every kind of notice whose body holds a tracking, sign-in or survey link.
SECRET_LINK_KINDS = [
    "acknowledgement",
    "tracking_link",
    "citizen_login",
    "status:in_progress",
    "status:waiting",
    "status:closed",
    "status:rejected",
    "message:answer",
    "message:request_documents",
    "extension",
    "referral",
    "survey_invitation",
]
PLAIN_KINDS = ["staff:citizen_reply", "staff:overdue", "staff:digest"]


def member(*roles: str, departments=(), **fields) -> User:
    """A user given `roles` the only way roles are given: the role service."""
    user = UserFactory(departments=list(departments), **fields)
    return staff_roles_set(user=user, roles=roles, by=None)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def is_sent_to_admin_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("admin:login")
    )


@pytest.fixture
def own():
    return department()


@pytest.fixture
def administrator(client, own):
    """The demo's administrator (a superuser) who also works the queue of `own`."""
    user = member(Role.ADMINISTRATOR, departments=[own], is_superuser=True)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the admin has no language prefix
    return user


@pytest.fixture
def foreign():
    return case(
        service__department=department(),
        registry_number="OTHER-1",
        citizen_name="Гражданин Отдругототдел",
        citizen_email="other.department@example.org",
        citizen_phone="0899 000 111",
        citizen_address="ул. „Чужда“ 7",
        details="Подробности от друг отдел",
    )


def personal_data(citizen_request: CitizenRequest) -> list[str]:
    return [
        citizen_request.citizen_name,
        citizen_request.citizen_email,
        citizen_request.citizen_phone,
        citizen_request.citizen_address,
        citizen_request.details,
    ]


# --- Only administrators hold staff status -----------------------------------------


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_a_role_other_than_administrator_takes_staff_status_away(client, role):
    user = UserFactory(is_staff=True)  # as every demo account had

    user = staff_roles_set(user=user, roles=[role], by=None)

    assert user.is_staff is False
    assert list(user.groups.values_list("name", flat=True)) == [role]
    client.force_login(user)
    assert is_sent_to_admin_login(client.get(ADMIN_INDEX))


def test_the_administrator_role_gives_staff_status_and_opens_the_admin(client):
    user = member(Role.ADMINISTRATOR)

    assert user.is_staff is True
    client.force_login(user)
    assert client.get(ADMIN_INDEX).status_code == 200


def test_taking_the_administrator_role_away_closes_the_admin(client):
    user = member(Role.ADMINISTRATOR)

    user = staff_roles_set(user=user, roles=[Role.CLERK], by=None)

    assert user.is_staff is False
    client.force_login(user)
    assert is_sent_to_admin_login(client.get(ADMIN_INDEX))


def test_a_superuser_keeps_staff_status_whatever_the_role():
    user = member(Role.CLERK, is_superuser=True)
    assert user.is_staff is True


def test_an_administrator_who_also_handles_cases_keeps_both():
    user = member(Role.ADMINISTRATOR, Role.CLERK)
    assert user.is_staff is True
    assert set(user.groups.values_list("name", flat=True)) == {
        Role.ADMINISTRATOR,
        Role.CLERK,
    }


def test_giving_roles_is_audited_once_and_keeps_other_groups():
    user = UserFactory()
    other = user.groups.create(name="newsletter editors")
    by = member(Role.ADMINISTRATOR)

    staff_roles_set(user=user, roles=[Role.HEAD], by=by)
    staff_roles_set(user=user, roles=[Role.HEAD], by=by)  # nothing changes

    entries = AuditEntry.objects.filter(action="staff.roles_set", target_id=user.pk)
    assert [(e.actor, e.details) for e in entries] == [
        (by, {"roles": [Role.HEAD], "is_staff": False})
    ]
    assert set(user.groups.all()) == {other, *user.groups.filter(name=Role.HEAD)}


def test_an_unknown_role_is_refused():
    user = UserFactory()
    with pytest.raises(UnknownRole, match="Unknown role: root"):
        staff_roles_set(user=user, roles=["root"], by=None)
    assert user.groups.exists() is False


# --- Existing databases: the data step -----------------------------------------------


def _accounts_as_before() -> dict[str, User]:
    """Accounts as the old demo made them: every role with staff status."""
    accounts = {
        role: UserFactory(username=role, is_staff=True, role=role)
        for role in ROLE_PERMISSIONS
    }
    accounts["root"] = UserFactory(username="root", is_staff=True, is_superuser=True)
    accounts["nobody"] = UserFactory(username="nobody", is_staff=True)
    return accounts


def _staff_status() -> dict[str, bool]:
    return dict(User.objects.values_list("username", "is_staff"))


EXPECTED_AFTER_DATA_STEP = {
    Role.CLERK: False,
    Role.SENIOR: False,
    Role.HEAD: False,
    Role.OFFICER: False,
    Role.MANAGER: False,
    Role.ADMINISTRATOR: True,
    "root": True,
    "nobody": False,
}


# The data step of migration 0006 (a module name that starts with a digit).
DATA_STEP = importlib.import_module(
    "requests_app.migrations.0006_retention_date_limits_admin_staff"
).admin_site_for_administrators_only


def test_the_data_step_clears_staff_status_of_all_but_administrators():
    """Existing databases: only administrators (and superusers) keep staff status."""
    _accounts_as_before()
    historical_apps = ProjectState.from_apps(apps).apps

    DATA_STEP(historical_apps, None)
    assert _staff_status() == EXPECTED_AFTER_DATA_STEP

    DATA_STEP(historical_apps, None)  # safe to run again
    assert _staff_status() == EXPECTED_AFTER_DATA_STEP


# --- The user form in the admin ------------------------------------------------------


def _user_form(user: User, *, roles: list[str], is_staff: bool, **extra) -> dict:
    groups = [
        group.pk
        for group in User.groups.field.related_model.objects.filter(name__in=roles)
    ]
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": groups,
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "position_bg": user.position_bg,
        "position_en": user.position_en,
        "departments": [],
        "language": "bg",
        **extra,
    }
    if is_staff:
        data["is_staff"] = "on"
    return data


def test_the_user_form_refuses_staff_status_without_the_administrator_role(
    client, administrator
):
    clerk = member(Role.CLERK)

    response = client.post(
        change_url(clerk), _user_form(clerk, roles=[Role.CLERK], is_staff=True)
    )

    assert response.status_code == 200
    assert "Only administrators work in the admin" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.is_staff is False


def test_the_user_form_refuses_staff_status_when_the_administrator_role_goes(
    client, administrator
):
    colleague = member(Role.ADMINISTRATOR)

    response = client.post(
        change_url(colleague),
        _user_form(colleague, roles=[Role.MANAGER], is_staff=True),
    )

    assert response.status_code == 200
    assert "Only administrators work in the admin" in response.content.decode()
    colleague.refresh_from_db()
    assert set(colleague.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}


def test_the_user_form_gives_staff_status_with_the_administrator_role(
    client, administrator
):
    user = member(Role.CLERK)

    response = client.post(
        change_url(user), _user_form(user, roles=[Role.ADMINISTRATOR], is_staff=True)
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff is True


def test_the_user_form_takes_a_role_without_staff_status(client, administrator):
    user = member(Role.CLERK)

    response = client.post(
        change_url(user), _user_form(user, roles=[Role.HEAD], is_staff=False)
    )

    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [Role.HEAD]


def test_the_user_form_explains_staff_status(client, administrator):
    page = client.get(change_url(member(Role.CLERK))).content.decode()
    assert "for administrators only" in page


# --- Requests: within reach, read-only, every view audited ----------------------------


def test_the_request_list_holds_only_requests_within_reach(
    client, administrator, own, foreign
):
    case(service__department=own, registry_number="OWN-1")

    page = client.get(REQUESTS).content.decode()

    assert "OWN-1" in page
    assert "OTHER-1" not in page
    assert [value for value in personal_data(foreign) if value in page] == []


def test_an_administrator_who_does_not_work_the_queue_reaches_no_request(
    client, own, foreign
):
    case(service__department=own, registry_number="OWN-1")
    client.force_login(member(Role.ADMINISTRATOR, is_superuser=True))

    response = client.get(REQUESTS)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert client.get(change_url(foreign)).status_code == 302


def test_a_request_out_of_reach_shows_no_citizen_data(client, administrator, foreign):
    response = client.get(change_url(foreign))

    assert response.status_code == 302
    assert response["Location"] == ADMIN_INDEX
    page = client.get(change_url(foreign), follow=True).content.decode()
    assert [value for value in personal_data(foreign) if value in page] == []
    assert not AuditEntry.objects.filter(action="request.admin_viewed").exists()


def test_viewing_a_request_in_the_admin_is_audited(client, administrator, own):
    mine = case(service__department=own)

    page = client.get(change_url(mine))

    assert page.status_code == 200
    assert mine.citizen_name in page.content.decode()
    entry = AuditEntry.objects.get(action="request.admin_viewed")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        administrator,
        "requests_app.citizenrequest",
        str(mine.pk),
    )


def test_requests_cannot_be_added_changed_or_deleted_in_the_admin(
    client, administrator, own
):
    mine = case(service__department=own)
    add = client.get(reverse("admin:requests_app_citizenrequest_add"))
    change = client.post(change_url(mine), {"citizen_name": "Changed in the admin"})
    delete = client.post(
        reverse("admin:requests_app_citizenrequest_delete", args=[mine.pk]),
        {"post": "yes"},
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    mine.refresh_from_db()
    assert mine.citizen_name != "Changed in the admin"


def _extension(citizen_request: CitizenRequest, by: User) -> Extension:
    return Extension.objects.create(
        request=citizen_request,
        old_due_on=citizen_request.due_on,
        new_due_on=citizen_request.due_on + datetime.timedelta(days=14),
        reason=reason(),
        text="Нужна е проверка на място.",
        by=by,
    )


def test_attachments_and_extensions_show_on_the_request_without_the_file(
    client, administrator, own
):
    mine = case(service__department=own)
    attachment = AttachmentFactory(request=mine, original_name="скица-на-имота.pdf")
    _extension(mine, administrator)

    page = client.get(change_url(mine)).content.decode()

    assert "скица-на-имота.pdf" in page
    assert "Нужна е проверка на място." in page
    assert attachment.token not in page  # the file only from the case page
    assert attachment.file.name not in page


def test_extensions_are_listed_within_reach_only(client, administrator, own, foreign):
    _extension(case(service__department=own, registry_number="OWN-1"), administrator)
    _extension(foreign, administrator)

    page = client.get(EXTENSIONS).content.decode()

    assert "OWN-1" in page
    assert "OTHER-1" not in page
    assert client.get(change_url(foreign.extensions.get())).status_code == 302


# --- The outbox ----------------------------------------------------------------------


def notice(citizen_request: CitizenRequest | None, kind: str, **fields) -> Notice:
    values = {
        "kind": kind,
        "request": citizen_request,
        "recipient": citizen_request.citizen_email if citizen_request else "x@e.org",
        "subject": f"Subject of {kind}",
        "body": f"Dear citizen,\n\nFollow your request: {SECRET_LINK}\n",
        **fields,
    }
    return Notice.objects.create(**values)


def test_the_outbox_lists_the_notices_of_requests_within_reach_only(
    client, administrator, own, foreign
):
    mine = case(service__department=own, citizen_email="mine@example.org")
    notice(mine, "status:in_progress")
    notice(foreign, "status:in_progress")
    notice(None, "citizen_login", recipient="nobody.in.reach@example.org")

    page = client.get(NOTICES).content.decode()

    assert "mine@example.org" in page
    assert foreign.citizen_email not in page
    assert "nobody.in.reach@example.org" not in page
    assert client.get(change_url(foreign.notices.get())).status_code == 302


def test_the_outbox_is_read_only(client, administrator, own):
    sent = notice(case(service__department=own), "staff:citizen_reply")

    add = client.get(reverse("admin:requests_app_notice_add"))
    change = client.post(change_url(sent), {"recipient": "attacker@example.org"})
    delete = client.post(
        reverse("admin:requests_app_notice_delete", args=[sent.pk]), {"post": "yes"}
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    sent.refresh_from_db()
    assert sent.recipient != "attacker@example.org"
    page = client.get(change_url(sent)).content.decode()
    assert 'name="recipient"' not in page  # shown, not editable


@pytest.mark.parametrize("kind", SECRET_LINK_KINDS)
def test_the_body_of_a_notice_with_a_secret_link_never_shows(
    client, administrator, own, kind
):
    secret = notice(case(service__department=own), kind)

    page = client.get(change_url(secret))

    assert page.status_code == 200
    assert f"Subject of {kind}" in page.content.decode()
    assert "Secret-Token-Of-The-Citizen" not in page.content.decode()
    assert notice_kind_has_secret_link(kind) is True


@pytest.mark.parametrize("kind", PLAIN_KINDS)
def test_the_body_of_a_notice_to_staff_shows(client, administrator, own, kind):
    plain = notice(
        case(service__department=own),
        kind,
        body="Request OWN-1 is overdue: https://desk.example/bg/staff/requests/1/",
    )

    page = client.get(change_url(plain)).content.decode()

    assert "https://desk.example/bg/staff/requests/1/" in page
    assert notice_kind_has_secret_link(kind) is False


def test_the_attached_file_of_a_notice_never_shows(client, administrator, own):
    with_file = notice(
        case(service__department=own),
        "staff:citizen_reply",
        attachment_name="proof.pdf",
        attachment_content=b"%PDF-1.4 receipt code RCPT-SECRET",
        attachment_type="application/pdf",
    )

    page = client.get(change_url(with_file)).content.decode()

    assert "proof.pdf" in page
    assert "RCPT-SECRET" not in page


def test_the_audit_log_cannot_be_written_in_the_admin(client, administrator):
    response = client.get(reverse("admin:requests_app_auditentry_add"))
    assert response.status_code == 403
