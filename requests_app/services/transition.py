"""The one place that assigns a request's status."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from requests_app.errors import TransitionNotAllowed
from requests_app.models import CitizenRequest, EventKind, RequestEvent, User
from requests_app.services.audit import audit_record
from requests_app.services.outbox import citizen_notice_create
from requests_app.signals import request_status_changed
from requests_app.workflow import Status, can_transition


@transaction.atomic
def request_transition(
    *,
    citizen_request: CitizenRequest,
    target: Status,
    by: User | None,
    note: str = "",
    notify: bool = True,
) -> tuple[CitizenRequest, RequestEvent]:
    """Move a request to `target` if the state machine allows it.

    Records a public timeline entry and, unless `notify` is False, tells the citizen.
    """
    locked = CitizenRequest.objects.select_for_update().get(pk=citizen_request.pk)
    if not can_transition(locked.status, target):
        raise TransitionNotAllowed(
            gettext("A request that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": Status(locked.status).label,
                "target": Status(target).label,
            }
        )
    event = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.STATUS,
        from_status=locked.status,
        to_status=target,
        actor=by,
        text=note,
        is_public=True,
    )
    locked.status = target
    update_fields = ["status", "updated_at"]
    if target in {Status.CLOSED, Status.REJECTED}:
        locked.closed_at = timezone.now()
        update_fields.append("closed_at")
    locked.save(update_fields=update_fields)
    audit_record(
        actor=by,
        action="request.status",
        target=locked,
        details={"from": event.from_status, "to": target},
    )
    request_status_changed.send(
        sender=CitizenRequest, citizen_request=locked, event=event, by=by
    )
    if notify:
        citizen_notice_create(
            citizen_request=locked,
            kind=f"status:{target}",
            template="requests_app/email/status",
            context={"event": event},
        )
    return locked, event
