"""Who may do what in the feedback app, decided from roles (groups and permissions).

Confidential complaints are for complaint officers only: holding the permission
through a group or directly counts; being a superuser does not.
"""

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Q, QuerySet

from feedback.workflow import HANDLE_COMPLAINT
from requests_app.models import User

Viewer = User | AnonymousUser


def holds_permission(viewer: Viewer, permission: str) -> bool:
    """Return whether the viewer holds `permission` ("app_label.codename") through a
    role or directly (not as superuser)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    assert isinstance(viewer, User)
    app_label, codename = permission.split(".", 1)
    return Permission.objects.filter(
        Q(group__user=viewer) | Q(user=viewer),
        content_type__app_label=app_label,
        codename=codename,
    ).exists()


def is_complaint_officer(viewer: Viewer) -> bool:
    return holds_permission(viewer, HANDLE_COMPLAINT)


def can_view_feedback_counts(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.view_feedback_counts")


def can_respond_suggestions(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.respond_suggestion")


def can_follow_up(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.handle_followup")


def users_holding(permission: str) -> QuerySet[User]:
    """Return the active users with an e-mail address who hold `permission`
    ("app_label.codename") through a role or directly."""
    app_label, codename = permission.split(".", 1)
    held = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return User.objects.filter(held, is_active=True).exclude(email="").distinct()
