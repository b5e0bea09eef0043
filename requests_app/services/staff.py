"""Staff roles, and staff status (the Django admin) kept to administrators.

`requests_app.roles.admin_site_allowed` is the rule: clerks, senior experts, heads,
complaint officers and managers work in the staff pages and never hold `is_staff`,
which opens the admin. Roles are given here (`staff_roles_set`); the admin's user form
refuses staff status against the same rule; migration 0006 brought existing
accounts in line (the data migration calls it).
"""

from collections.abc import Collection

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext

from requests_app.errors import ServiceError
from requests_app.models import User
from requests_app.roles import (
    ROLE_PERMISSIONS,
    admin_site_allowed,
    roles_ensure,
)
from requests_app.services.audit import audit_record

AUDIT_ROLES_SET = "staff.roles_set"


class UnknownRole(ServiceError):
    code = "unknown_role"


@transaction.atomic
def staff_roles_set(*, user: User, roles: Collection[str], by: User | None) -> User:
    """Give `user` exactly `roles`; staff status follows (administrators only).

    Groups that are not roles are kept. Nothing is written, nor audited, when the
    user holds these roles and the matching staff status already.
    """
    unknown = sorted(set(roles) - set(ROLE_PERMISSIONS))
    if unknown:
        raise UnknownRole(
            gettext("Unknown role: %(role)s.") % {"role": ", ".join(unknown)}
        )
    locked = User.objects.select_for_update().get(pk=user.pk)
    held = set(
        locked.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True)
    )
    is_staff = admin_site_allowed(roles=roles, is_superuser=locked.is_superuser)
    if held == set(roles) and locked.is_staff == is_staff:
        return locked
    groups = {group.name: group for group in Group.objects.filter(name__in=roles)}
    if len(groups) < len(set(roles)):
        groups = roles_ensure()  # a database where the role groups were never made
    others = list(locked.groups.exclude(name__in=ROLE_PERMISSIONS))
    locked.groups.set([*others, *(groups[role] for role in sorted(set(roles)))])
    locked.is_staff = is_staff
    locked.save(update_fields=["is_staff"])
    audit_record(
        actor=by,
        action=AUDIT_ROLES_SET,
        target=locked,
        details={"roles": sorted(set(roles)), "is_staff": is_staff},
    )
    return locked
