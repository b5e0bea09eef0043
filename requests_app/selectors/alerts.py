"""Reads behind the deadline alerts: open cases by assignee, overdue cases, heads."""

from datetime import date

from django.db.models import QuerySet

from requests_app.models import CitizenRequest, User
from requests_app.roles import Role
from requests_app.workflow import Status


def department_heads_of(*, department_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, departments=department_id, groups__name=Role.HEAD
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def open_cases_by_assignee(*, due_until: date) -> QuerySet[CitizenRequest]:
    """Return the open, running (not suspended) cases with an assignee due by a date."""
    return (
        CitizenRequest.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_PROGRESS],
            assigned_to__isnull=False,
            assigned_to__is_active=True,
            due_on__lte=due_until,
        )
        .select_related("service", "assigned_to")
        .order_by("assigned_to_id", "due_on", "pk")
    )


def overdue_cases(*, today: date) -> QuerySet[CitizenRequest]:
    """Return the running cases past their due date (a suspended term stands still)."""
    return (
        CitizenRequest.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_PROGRESS], due_on__lt=today
        )
        .select_related("service", "department", "assigned_to")
        .order_by("department_id", "due_on", "pk")
    )
