"""The request status machine: the single source of truth for allowed transitions.

Pure Python: no queries, no models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_CITIZEN = "waiting", _("Waiting for citizen")  # the term is paused
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset({Status.IN_PROGRESS, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset(
        {Status.WAITING_FOR_CITIZEN, Status.CLOSED, Status.REJECTED}
    ),
    Status.WAITING_FOR_CITIZEN: frozenset({Status.IN_PROGRESS, Status.REJECTED}),
    Status.CLOSED: frozenset(),  # terminal: reopening creates a new, linked request
    Status.REJECTED: frozenset(),
}

OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.SUBMITTED, Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN}
)


def can_transition(current: Status | str, target: Status | str) -> bool:
    """Return whether a request in `current` may move to `target`."""
    return Status(target) in TRANSITIONS[Status(current)]


def is_open(status: Status | str) -> bool:
    """Return whether the status still counts against the statutory term."""
    return Status(status) in OPEN_STATUSES


# --- Casework (#3): which clerk actions each status allows ---------------------------


class Action(models.TextChoices):
    TAKE = "take", _("Take the case")
    ASSIGN = "assign", _("Assign to a colleague")
    REFER = "refer", _("Refer")
    SUSPEND = "suspend", _("Ask for missing documents")
    NOTE = "note", _("Internal note")
    ANSWER = "answer", _("Answer the citizen")
    CLOSE = "close", _("Close as delivered")
    REJECT = "reject", _("Reject")
    EXTEND = "extend", _("Extend the term")


_ALL: frozenset[Status] = frozenset(Status)
_WORKING: frozenset[Status] = frozenset(
    {Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN}
)

# The statuses in which each action may be taken. Actions that change the status
# agree with TRANSITIONS (checked by the tests): asking for documents is
# IN_PROGRESS -> WAITING, closing IN_PROGRESS -> CLOSED, rejecting open -> REJECTED.
ACTIONS: dict[Action, frozenset[Status]] = {
    Action.TAKE: OPEN_STATUSES,
    Action.ASSIGN: OPEN_STATUSES,
    Action.REFER: OPEN_STATUSES,
    Action.SUSPEND: frozenset({Status.IN_PROGRESS}),
    Action.NOTE: _ALL,  # an internal note is possible even after closing
    Action.ANSWER: _WORKING,
    Action.CLOSE: frozenset({Status.IN_PROGRESS}),
    Action.REJECT: OPEN_STATUSES,
    Action.EXTEND: OPEN_STATUSES,
}


def action_allowed(action: Action | str, status: Status | str) -> bool:
    """Return whether the clerk action is possible for a request in `status`."""
    return Status(status) in ACTIONS[Action(action)]
