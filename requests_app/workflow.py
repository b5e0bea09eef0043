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
