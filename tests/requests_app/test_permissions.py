"""Who may see what in the back office: each role, own and other departments (#3).

Anything outside a person's reach answers 404, never 403.
"""

from django.urls import reverse

import pytest

from requests_app.roles import Role
from requests_app.services.staff import staff_roles_set
from requests_app.workflow import Status

from .casework_helpers import (
    case,
    department,
    in_english,  # noqa: F401 -- autouse fixture
    staff,
)
from .factories import AttachmentFactory, UserFactory

pytestmark = pytest.mark.django_db

WORKS_THE_QUEUE = {Role.CLERK, Role.SENIOR, Role.HEAD}
ROLES = [
    Role.CLERK,
    Role.SENIOR,
    Role.HEAD,
    Role.OFFICER,
    Role.MANAGER,
    Role.ADMINISTRATOR,
]


@pytest.fixture
def own():
    return department()


@pytest.fixture
def other_case():
    return case(service__department=department(), registry_number="OTHER-1")


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_per_role(client, own, other_case, role):
    user = staff(role, own)
    case(service__department=own, registry_number="OWN-1")
    client.force_login(user)
    response = client.get(reverse("requests_app:staff-queue"))
    if role in WORKS_THE_QUEUE:
        assert response.status_code == 200
        body = response.content.decode()
        assert "OWN-1" in body
        assert "OTHER-1" not in body
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_a_case_of_another_department_is_404_for_every_role(
    client, own, other_case, role
):
    client.force_login(staff(role, own))
    url = reverse("requests_app:staff-request", kwargs={"pk": other_case.pk})
    assert client.get(url).status_code == 404
    action = reverse(
        "requests_app:staff-request-action",
        kwargs={"pk": other_case.pk, "action": "take"},
    )
    assert client.post(action).status_code == 404
    other_case.refresh_from_db()
    assert other_case.assigned_to is None


@pytest.mark.parametrize("role", ROLES)
def test_a_case_of_the_own_department_per_role(client, own, role):
    own_case = case(service__department=own)
    client.force_login(staff(role, own))
    url = reverse("requests_app:staff-request", kwargs={"pk": own_case.pk})
    expected = 200 if role in WORKS_THE_QUEUE else 404
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_attachments_download_only_within_reach(client, own, role):
    own_case = case(service__department=own)
    attachment = AttachmentFactory(request=own_case)
    foreign = AttachmentFactory(request=case(service__department=department()))
    client.force_login(staff(role, own))
    url = reverse("requests_app:staff-attachment", kwargs={"token": attachment.token})
    response = client.get(url)
    if role in WORKS_THE_QUEUE:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code == 404
    foreign_url = reverse(
        "requests_app:staff-attachment", kwargs={"token": foreign.token}
    )
    assert client.get(foreign_url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_intake_per_role(client, own, role):
    client.force_login(staff(role, own))
    response = client.get(reverse("requests_app:staff-intake"))
    assert response.status_code == (200 if role in WORKS_THE_QUEUE else 404)


def test_staff_pages_need_a_sign_in(client, own):
    own_case = case(service__department=own)
    for url in [
        reverse("requests_app:staff-queue"),
        reverse("requests_app:staff-request", kwargs={"pk": own_case.pk}),
        reverse("requests_app:staff-intake"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/staff/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.CLERK, "requests_app:staff-queue"),
        (Role.SENIOR, "requests_app:staff-queue"),
        (Role.HEAD, "requests_app:staff-queue"),
        (Role.OFFICER, "feedback:staff-complaints"),
        (Role.MANAGER, "standards:dashboard"),
        (Role.ADMINISTRATOR, "admin:index"),
    ],
)
def test_after_sign_in_each_role_lands_on_its_own_tool(client, own, role, landing):
    """Not on a 404: only some roles work the request queue (#3)."""
    client.force_login(staff(role, own))
    response = client.get(reverse("requests_app:staff-home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_open_the_admin(client, own, role):
    """The other roles work in the staff pages, not in /admin/ (#10)."""
    user = staff_roles_set(user=UserFactory(departments=[own]), roles=[role], by=None)
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    if role == Role.ADMINISTRATOR:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_status_without_the_administrator_role_does_not_lead_to_the_admin(
    client,
):
    """An account left with staff status but no role lands nowhere, not in /admin/."""
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("requests_app:staff-home"))
    assert response.status_code == 404


def test_a_clerk_without_a_department_sees_an_empty_queue(client, own):
    case(service__department=own, registry_number="NOT-MINE")
    client.force_login(staff(Role.CLERK))
    response = client.get(reverse("requests_app:staff-queue"))
    assert response.status_code == 200
    assert "NOT-MINE" not in response.content.decode()


def test_a_clerk_sees_a_colleagues_case_but_cannot_answer_it(client, own):
    colleague = staff(Role.CLERK, own)
    taken = case(
        service__department=own, status=Status.IN_PROGRESS, assigned_to=colleague
    )
    client.force_login(staff(Role.CLERK, own))
    response = client.get(
        reverse("requests_app:staff-request", kwargs={"pk": taken.pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="action-answer"' not in body
    assert 'id="action-note"' in body
