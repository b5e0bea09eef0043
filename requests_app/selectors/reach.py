"""Who may see which request.

A member of staff sees the requests of their departments and the cases assigned to
them; everybody else sees none (views answer 404).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from requests_app.models import Attachment, CitizenRequest, Department, User

Viewer = User | AnonymousUser


def viewer_handles_requests(viewer: Viewer) -> bool:
    """Return whether the viewer may open the staff queue at all."""
    return bool(
        viewer.is_authenticated
        and viewer.is_active
        and viewer.has_perm("requests_app.view_citizenrequest")
        and viewer.has_perm("requests_app.handle_request")
    )


def request_reach_for(*, viewer: Viewer) -> QuerySet[CitizenRequest]:
    """Return every request the viewer may see: own departments and own cases."""
    if not viewer_handles_requests(viewer):
        return CitizenRequest.objects.none()
    parts = request_reach_parts(viewer=viewer)
    return CitizenRequest.objects.filter(parts[0] | parts[1])


def request_reach_parts(*, viewer: Viewer) -> tuple[Q, Q]:
    """Return the viewer's reach as two filters that never overlap: the requests of
    their departments, and their own cases in other departments.

    Counting each part on its own lets the database answer from an index alone
    (`request_queue_for`); together they are `request_reach_for`. A viewer outside
    the queue gets two filters that match nothing."""
    if not viewer_handles_requests(viewer):
        return Q(pk__in=[]), Q(pk__in=[])
    assert isinstance(viewer, User)
    departments = Q(department_id__in=viewer_department_ids(viewer))
    return departments, Q(assigned_to_id=viewer.pk) & ~departments


def viewer_department_ids(viewer: User) -> list[int]:
    """Return the ids of the viewer's departments, read once per viewer object.

    Passed to the database as values, not as a subquery: the planner then knows
    which departments it looks for and picks the open requests' indexes."""
    cached = getattr(viewer, "_department_ids", None)
    if cached is None:
        cached = sorted(viewer.departments.values_list("pk", flat=True))
        viewer._department_ids = cached  # type: ignore[attr-defined]
    return cached


def request_get_for(*, viewer: Viewer, pk: int) -> CitizenRequest | None:
    """Return the request with all the case page shows, or None if out of reach."""
    return (
        request_reach_for(viewer=viewer)
        .select_related("service", "variant", "department", "assigned_to", "linked_to")
        .prefetch_related(
            "answers__question",
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at")),
        )
        .filter(pk=pk)
        .first()
    )


def attachment_get_for(*, viewer: Viewer, token: str) -> Attachment | None:
    """Return the attachment if its request is within the viewer's reach."""
    reach = request_reach_for(viewer=viewer)
    return (
        Attachment.objects.filter(token=token, request__in=reach.values("pk"))
        .select_related("request")
        .first()
    )


def department_list_for(*, viewer: Viewer) -> QuerySet[Department]:
    if not viewer_handles_requests(viewer):
        return Department.objects.none()
    assert isinstance(viewer, User)
    return viewer.departments.all()
