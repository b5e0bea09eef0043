"""The state machines of the feedback app: complaints, signals and proposals (one
model, one machine) and the public suggestions.

The single source of truth for statuses, allowed transitions and the officers'
actions. Pure Python: no queries, no models. Services and forms are named by their
dotted path (`django.utils.module_loading.import_string` resolves them in the view; a
test resolves every entry, so a rename fails the suite).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- Complaints, signals and proposals -----------------------------------------------


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    WAITING = "waiting", _("Waiting for more information")
    DECIDED = "decided", _("Answered")
    CLOSED = "closed", _("Closed")
    # Filed and recorded, but the law bars examining it (`NotExaminedReason`): the
    # filer is told why at once. Reached only at filing.
    NOT_EXAMINED = "not_examined", _("Not examined")


class NotExaminedReason(models.TextChoices):
    """Why a filing is recorded as not examined (each cites its source)."""

    FACTS_TOO_OLD = "facts_too_old", _("The facts are older than the law allows")


COMPLAINT_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.RECEIVED: frozenset(
        {ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.WAITING, ComplaintStatus.DECIDED}
    ),
    ComplaintStatus.ACKNOWLEDGED: frozenset(
        {ComplaintStatus.WAITING, ComplaintStatus.DECIDED}
    ),
    # The filer's information puts a waiting case back to work.
    ComplaintStatus.WAITING: frozenset(
        {ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.DECIDED}
    ),
    ComplaintStatus.DECIDED: frozenset({ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset(),  # terminal: a new matter is a new filing
    ComplaintStatus.NOT_EXAMINED: frozenset(),  # terminal, set at filing only
}

COMPLAINT_TERMINAL: frozenset[ComplaintStatus] = frozenset(
    status for status, targets in COMPLAINT_TRANSITIONS.items() if not targets
)
_ALL_COMPLAINT: frozenset[ComplaintStatus] = frozenset(ComplaintStatus)
COMPLAINT_OPEN: frozenset[ComplaintStatus] = _ALL_COMPLAINT - COMPLAINT_TERMINAL
# Not acknowledged yet: the acknowledgement term runs.
COMPLAINT_TO_ACKNOWLEDGE: frozenset[ComplaintStatus] = frozenset(
    {ComplaintStatus.RECEIVED}
)
# Not answered yet: the decision term runs.
COMPLAINT_TO_DECIDE: frozenset[ComplaintStatus] = frozenset(
    {ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.WAITING}
)
# When the filer adds information, a case in a key status moves to its value.
COMPLAINT_AFTER_FILER_INFO: dict[ComplaintStatus, ComplaintStatus] = {
    ComplaintStatus.WAITING: ComplaintStatus.ACKNOWLEDGED,
}


def complaint_can_transition(
    current: ComplaintStatus | str, target: ComplaintStatus | str
) -> bool:
    """Return whether a case in `current` may move to `target`."""
    return ComplaintStatus(target) in COMPLAINT_TRANSITIONS[ComplaintStatus(current)]


def complaint_is_open(status: ComplaintStatus | str) -> bool:
    """Return whether the case is still worked on (the filer may add information)."""
    return ComplaintStatus(status) in COMPLAINT_OPEN


# --- The officers' actions on a case -------------------------------------------------

HANDLE_COMPLAINT = "feedback.handle_complaint"


@dataclass(frozen=True)
class ComplaintAction:
    """One action of a complaint officer on the case page.

    The service is called as `service(complaint=..., by=..., **form.cleaned_data)`
    and moves the case to `target` (None: the status stays); the form (optional) is
    bound to the POST.
    """

    code: str  # the last part of the action's URL
    label: Promise  # the button
    from_statuses: frozenset[ComplaintStatus]
    target: ComplaintStatus | None
    permission: str  # "app_label.codename", held through a role
    done_message: Promise  # shown after the action succeeded
    service: str  # dotted path of the service
    form: str = ""  # dotted path of the form class; "" when the button is all
    invalid_message: Promise | None = None  # shown when the form is not valid
    button_class: str = "btn-primary"
    # Dotted path of a selector `(*, complaint) -> bool`: whether the action applies
    # to this case at all (its kind, its dates); "" when the status is enough.
    applies_to: str = ""

    def allows(self, status: ComplaintStatus | str) -> bool:
        """Return whether the action is possible for a case in `status`."""
        return ComplaintStatus(status) in self.from_statuses


COMPLAINT_ACTIONS: dict[str, ComplaintAction] = {
    action.code: action
    for action in (
        ComplaintAction(
            code="acknowledge",
            label=_("Acknowledge (the filer is told)"),
            from_statuses=frozenset({ComplaintStatus.RECEIVED}),
            target=ComplaintStatus.ACKNOWLEDGED,
            permission=HANDLE_COMPLAINT,
            done_message=_("Acknowledged; the filer was told."),
            service="feedback.services.complaints.complaint_acknowledge",
        ),
        ComplaintAction(
            code="ask",
            label=_("Ask the filer"),
            from_statuses=frozenset(
                {ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED}
            ),
            target=ComplaintStatus.WAITING,
            permission=HANDLE_COMPLAINT,
            done_message=_("The filer was asked for more information."),
            service="feedback.services.complaints.complaint_request_info",
            form="feedback.forms.InfoRequestForm",
            invalid_message=_("Write the question."),
            button_class="btn-outline-primary",
        ),
        ComplaintAction(
            code="decide",
            label=_("Send the answer"),
            from_statuses=COMPLAINT_TO_DECIDE,
            target=ComplaintStatus.DECIDED,
            permission=HANDLE_COMPLAINT,
            done_message=_("The answer was sent to the filer."),
            service="feedback.services.complaints.complaint_decide",
            form="feedback.forms.DecideForm",
            invalid_message=_("Write the reasoned answer."),
        ),
        # A proposal's decision term may be extended, with a reason, before it ends
        # (the kind says how far: `ComplaintKind.extend_to_months`); the proposer is
        # told at once. The service checks the kind and the dates.
        ComplaintAction(
            code="extend",
            label=_("Extend the term (the proposer is told)"),
            from_statuses=COMPLAINT_TO_DECIDE,
            target=None,
            permission=HANDLE_COMPLAINT,
            done_message=_("The term was extended; the proposer was told."),
            service="feedback.services.complaints.complaint_extend",
            form="feedback.forms.ComplaintExtendForm",
            applies_to="feedback.selectors.terms.complaint_is_extendable",
            invalid_message=_("Give a new date within the limit and the reason."),
            button_class="btn-outline-primary",
        ),
        ComplaintAction(
            code="close",
            label=_("Close the case"),
            from_statuses=frozenset({ComplaintStatus.DECIDED}),
            target=ComplaintStatus.CLOSED,
            permission=HANDLE_COMPLAINT,
            done_message=_("The case is closed."),
            service="feedback.services.complaints.complaint_close",
            button_class="btn-outline-secondary",
        ),
    )
}


def complaint_actions_in(status: ComplaintStatus | str) -> list[ComplaintAction]:
    """Return the officers' actions possible for a case in `status`, in page order."""
    return [action for action in COMPLAINT_ACTIONS.values() if action.allows(status)]


# --- Suggestions ---------------------------------------------------------------------


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# A response may set any status but the first, from any status, again and again: the
# contributor is told of each change. Only answered suggestions are published.
SUGGESTION_UNANSWERED: frozenset[SuggestionStatus] = frozenset(
    {SuggestionStatus.RECEIVED}
)
SUGGESTION_RESPONSE_STATUSES: frozenset[SuggestionStatus] = (
    frozenset(SuggestionStatus) - SUGGESTION_UNANSWERED
)
# Declining without a public reason is not allowed.
SUGGESTION_REASON_REQUIRED: frozenset[SuggestionStatus] = frozenset(
    {SuggestionStatus.DECLINED}
)
