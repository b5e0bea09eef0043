"""Staff roles as Django groups, with the permissions each role holds.

Each app adds the permissions of its own features here; `roles_ensure()` (run by
`load_demo` and the `ensure_roles` migration-free command) makes the groups match.

Only administrators work in the Django admin (`is_staff`): clerks, senior experts,
heads, complaint officers and managers do their work in the staff pages, where every
read goes through the selectors that decide who may see what. `admin_site_allowed` is
the rule; `requests_app.services.staff` applies it when roles are given and to existing
accounts, and the user form of the admin refuses staff status against it.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction

from requests_app.models import User


class Role:
    CLERK = "clerk"
    SENIOR = "senior_expert"
    HEAD = "department_head"
    OFFICER = "complaint_officer"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"


# "app_label.codename" for each role. Apps append their own permissions.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.CLERK: {"requests_app.view_citizenrequest"},
    Role.SENIOR: {"requests_app.view_citizenrequest"},
    Role.HEAD: {"requests_app.view_citizenrequest"},
    Role.OFFICER: set(),
    Role.MANAGER: set(),
    Role.ADMINISTRATOR: {
        "requests_app.add_service",
        "requests_app.change_service",
        "requests_app.add_department",
        "requests_app.change_department",
        "requests_app.add_calendarday",
        "requests_app.change_calendarday",
        "requests_app.delete_calendarday",
    },
}


# The roles whose members may use the Django admin (besides superusers).
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR})


def admin_site_allowed(*, roles: Iterable[str], is_superuser: bool) -> bool:
    """Return whether someone with `roles` may have staff status (use the admin)."""
    return is_superuser or not ADMIN_SITE_ROLES.isdisjoint(roles)


def roles_of(user: User | AnonymousUser) -> set[str]:
    """Return the names of the roles the user holds (their groups that are roles)."""
    if not user.is_authenticated:
        return set()
    return set(
        Group.objects.filter(user=user, name__in=ROLE_PERMISSIONS).values_list(
            "name", flat=True
        )
    )


def uses_admin_site(user: User | AnonymousUser) -> bool:
    """Return whether the user is an active administrator with staff status."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and admin_site_allowed(roles=roles_of(user), is_superuser=user.is_superuser)
    )


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create the role groups and give each exactly its permissions."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups


# --- Casework: the clerks' back office -----------------------------------------
# handle_request: work the queue and the cases of one's departments (take, ask for
# documents, answer, close, reject, extend, refer) when the case is one's own;
# handle_any_case: act on any case of one's departments (the "more competent" levels);
# register_request: register a request received at the desk, by phone or by post.
ROLE_PERMISSIONS[Role.CLERK] |= {
    "requests_app.handle_request",
    "requests_app.register_request",
}
ROLE_PERMISSIONS[Role.SENIOR] |= {
    "requests_app.handle_request",
    "requests_app.handle_any_case",
    "requests_app.register_request",
}
ROLE_PERMISSIONS[Role.HEAD] |= {
    "requests_app.handle_request",
    "requests_app.handle_any_case",
    "requests_app.register_request",
}
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {
    "requests_app.add_extensionreason",
    "requests_app.change_extensionreason",
}
# Staff sign-in lockouts (django-axes): administrators see them and lift one by
# deleting its attempts.
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
}

# --- Open311 API: administrators issue and revoke API keys in the admin ----------
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {
    "open311.add_apikey",
    "open311.change_apikey",
    "open311.view_apikey",
    "open311.view_submission",
}

# --- Standards and reports: management dashboard, targets, reports ---------------
# view_dashboard: the management dashboard; publish_report: generate, publish, withdraw
# reports and comment on results; administrators edit the published standards text and
# enter the targets management sets in the admin (managers do not use the admin).
ROLE_PERMISSIONS[Role.MANAGER] |= {
    "standards.view_dashboard",
    "standards.publish_report",
    "standards.view_report",
    "standards.view_target",
    "standards.add_target",
    "standards.change_target",
    "standards.delete_target",
    "standards.view_managementcomment",
}
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {
    "standards.view_standardsversion",
    "standards.add_standardsversion",
    "standards.change_standardsversion",
    "standards.view_target",
    "standards.add_target",
    "standards.change_target",
    "standards.delete_target",
}

# --- Feedback: complaints, surveys, suggestions ---------------------------------
# handle_complaint: read and answer confidential complaints and signals (officers only;
# a member of staff named in a case never sees it); view_feedback_counts: counts only;
# respond_suggestion: publish responses to suggestions; handle_followup: call back
# citizens who gave an unhappy survey answer and agreed to be contacted.
ROLE_PERMISSIONS[Role.OFFICER] |= {"feedback.handle_complaint"}
ROLE_PERMISSIONS[Role.MANAGER] |= {
    "feedback.view_feedback_counts",
    "feedback.respond_suggestion",
}
ROLE_PERMISSIONS[Role.HEAD] |= {"feedback.handle_followup"}
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {
    "feedback.add_complaintkind",
    "feedback.change_complaintkind",
}
