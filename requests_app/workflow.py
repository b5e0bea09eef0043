"""The request status machine and the clerk's actions: the single source of truth.

Statuses, the transitions between them, the open and terminal sets, and the registry of
case actions (from which statuses, who may take them, the label, the message shown when
done, the form that collects their input and the service that carries them out). The
case page, the view's dispatch and the template are driven by `ACTIONS`; adding an
action means a row here and its service (and a form when it needs new input).

Pure Python: no queries, no models. Services and forms are named by their dotted path
and resolved by the view (`import_string`); a test resolves every one of them.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
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
TERMINAL_STATUSES: frozenset[Status] = frozenset({Status.CLOSED, Status.REJECTED})


def can_transition(current: Status | str, target: Status | str) -> bool:
    """Return whether a request in `current` may move to `target`."""
    return Status(target) in TRANSITIONS[Status(current)]


def is_open(status: Status | str) -> bool:
    """Return whether the status still counts against the statutory term."""
    return Status(status) in OPEN_STATUSES


# --- The clerk's actions on a case ----------------------------------------------------


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
    LEAVE_UNEXAMINED = "leave_unexamined", _("Close as not examined (no answer)")


class Who(models.TextChoices):
    """Who, among the staff who work a request's queue, may take an action."""

    # Anyone who works the queue: an internal note.
    ANYONE = "anyone", _("anyone who works the queue")
    # Only while nobody handles the case: taking it.
    UNASSIGNED = "unassigned", _("anyone, while the case is not assigned")
    # The assignee, or a senior expert or head of the department.
    IN_CHARGE = "in_charge", _("the person in charge of the case")
    # The person in charge, or anyone while the case is not assigned.
    IN_CHARGE_OR_UNASSIGNED = (
        "in_charge_or_unassigned",
        _("the person in charge, or anyone while the case is not assigned"),
    )


def who_may(
    who: Who, *, is_unassigned: bool, is_mine: bool, handles_any_case: bool
) -> bool:
    """Return whether a member of staff in this position may act (see `Who`)."""
    in_charge = is_mine or handles_any_case
    match who:
        case Who.ANYONE:
            return True
        case Who.UNASSIGNED:
            return is_unassigned
        case Who.IN_CHARGE:
            return in_charge
        case Who.IN_CHARGE_OR_UNASSIGNED:
            return in_charge or is_unassigned
    raise ValueError(who)


@dataclass(frozen=True)
class ActionRule:
    """One row of the action registry."""

    statuses: frozenset[Status]  # the statuses in which the action may be taken
    who: Who
    done: Promise  # the message shown once the action is done
    service: str  # dotted path of the service: (*, citizen_request, by, **input)
    form: str | None = None  # dotted path of the form that collects the input
    leads_to: Status | None = None  # the status it moves the request to, if any
    # Only for services whose term may be extended at all (a maximum above 0 days).
    needs_extension_term: bool = False
    # Only once the citizen's time to answer a request for documents has run out.
    after_answer_period: bool = False
    # Once the due date has passed, only the head of the case's department may take
    # the action, and only with an explanation; the record is marked late.
    late_needs_head: bool = False

    def allows_status(self, status: Status | str) -> bool:
        return Status(status) in self.statuses


_ALL: frozenset[Status] = frozenset(Status)
_WORKING: frozenset[Status] = frozenset(
    {Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN}
)
_SERVICES = "requests_app.services.casework"
_FORMS = "requests_app.forms.casework"

# Actions that change the status agree with TRANSITIONS (a test checks `leads_to`).
ACTIONS: dict[Action, ActionRule] = {
    Action.TAKE: ActionRule(
        statuses=OPEN_STATUSES,
        who=Who.UNASSIGNED,
        done=_("You have taken the case."),
        service=f"{_SERVICES}.request_take",
    ),
    Action.ASSIGN: ActionRule(
        statuses=OPEN_STATUSES,
        who=Who.IN_CHARGE_OR_UNASSIGNED,
        done=_("The case is assigned."),
        service=f"{_SERVICES}.request_assign",
        form=f"{_FORMS}.AssignForm",
    ),
    Action.REFER: ActionRule(
        statuses=OPEN_STATUSES,
        who=Who.IN_CHARGE,
        done=_("The case is referred."),
        service=f"{_SERVICES}.request_refer",
        form=f"{_FORMS}.ReferForm",
    ),
    Action.SUSPEND: ActionRule(
        statuses=frozenset({Status.IN_PROGRESS}),
        who=Who.IN_CHARGE,
        done=_("The citizen is asked for the documents; the term stops."),
        service=f"{_SERVICES}.request_suspend",
        form=f"{_FORMS}.SuspendForm",
        leads_to=Status.WAITING_FOR_CITIZEN,
    ),
    Action.NOTE: ActionRule(
        statuses=_ALL,  # an internal note is possible even after closing
        who=Who.ANYONE,
        done=_("The note is added."),
        service=f"{_SERVICES}.request_note_add",
        form=f"{_FORMS}.NoteForm",
    ),
    Action.ANSWER: ActionRule(
        statuses=_WORKING,
        who=Who.IN_CHARGE,
        done=_("The answer is sent to the citizen."),
        service=f"{_SERVICES}.request_answer",
        form=f"{_FORMS}.AnswerForm",
    ),
    Action.CLOSE: ActionRule(
        statuses=frozenset({Status.IN_PROGRESS}),
        who=Who.IN_CHARGE,
        done=_("The case is closed as delivered."),
        service=f"{_SERVICES}.request_close",
        form=f"{_FORMS}.CloseForm",
        leads_to=Status.CLOSED,
    ),
    Action.REJECT: ActionRule(
        statuses=OPEN_STATUSES,
        who=Who.IN_CHARGE,
        done=_("The request is rejected."),
        service=f"{_SERVICES}.request_reject",
        form=f"{_FORMS}.RejectForm",
        leads_to=Status.REJECTED,
    ),
    Action.EXTEND: ActionRule(
        statuses=OPEN_STATUSES,
        who=Who.IN_CHARGE,
        done=_("The term is extended and the citizen is told."),
        service=f"{_SERVICES}.request_extend",
        form=f"{_FORMS}.ExtendForm",
        needs_extension_term=True,
        late_needs_head=True,
    ),
    # The citizen did not answer in time: the service refuses before the period ends.
    Action.LEAVE_UNEXAMINED: ActionRule(
        statuses=frozenset({Status.WAITING_FOR_CITIZEN}),
        who=Who.IN_CHARGE,
        done=_("The request is left without consideration; the citizen is told why."),
        service=f"{_SERVICES}.suspension.request_leave_unexamined",
        form=f"{_FORMS}.LeaveUnexaminedForm",
        leads_to=Status.REJECTED,
        after_answer_period=True,
    ),
}


def action_allowed(action: Action | str, status: Status | str) -> bool:
    """Return whether the clerk action is possible for a request in `status`."""
    return ACTIONS[Action(action)].allows_status(status)
