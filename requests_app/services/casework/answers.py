"""Internal notes, answers to the citizen, closing and rejecting."""

from django.db import transaction
from django.utils.translation import gettext

from requests_app.models import CitizenRequest, EventKind, RequestEvent, User
from requests_app.services.audit import audit_record
from requests_app.services.casework.common import (
    ActionNotAllowed,
    action_require,
    lock_request,
    message_create,
)
from requests_app.services.transition import request_transition
from requests_app.workflow import Action, Status


@transaction.atomic
def request_note_add(
    *, citizen_request: CitizenRequest, by: User, text: str
) -> RequestEvent:
    """Add an internal note: colleagues see it, the citizen never does."""
    locked = lock_request(citizen_request)
    action_require(Action.NOTE, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("The note is empty."))
    event = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.NOTE,
        actor=by,
        is_public=False,
        text=text.strip(),
    )
    audit_record(actor=by, action="request.note", target=locked)
    return event


@transaction.atomic
def request_answer(
    *, citizen_request: CitizenRequest, by: User, text: str
) -> RequestEvent:
    """Answer the citizen: a public message signed with name and position, e-mailed."""
    locked = lock_request(citizen_request)
    action_require(Action.ANSWER, by=by, locked=locked)
    if not text.strip():
        raise ActionNotAllowed(gettext("The answer is empty."))
    event = message_create(locked=locked, by=by, text=text, kind="answer")
    audit_record(
        actor=by, action="request.answered", target=locked, details={"event": event.pk}
    )
    return event


@transaction.atomic
def request_close(
    *, citizen_request: CitizenRequest, by: User, note: str = ""
) -> CitizenRequest:
    """Close the case as delivered (terminal)."""
    locked = lock_request(citizen_request)
    action_require(Action.CLOSE, by=by, locked=locked)
    locked, _event = request_transition(
        citizen_request=locked, target=Status.CLOSED, by=by, note=note.strip()
    )
    return locked


@transaction.atomic
def request_reject(
    *, citizen_request: CitizenRequest, by: User, reason: str
) -> CitizenRequest:
    """Reject the request with a reason the citizen reads (terminal)."""
    locked = lock_request(citizen_request)
    action_require(Action.REJECT, by=by, locked=locked)
    if not reason.strip():
        raise ActionNotAllowed(gettext("Give the reason for the rejection."))
    locked, _event = request_transition(
        citizen_request=locked, target=Status.REJECTED, by=by, note=reason.strip()
    )
    locked.suspended_on = None
    locked.save(update_fields=["suspended_on", "updated_at"])
    return locked
