"""The status table and the clerk actions it allows (#3). Pure: no database."""

import itertools

import pytest

from requests_app.workflow import (
    ACTIONS,
    OPEN_STATUSES,
    TRANSITIONS,
    Action,
    Status,
    action_allowed,
    can_transition,
    is_open,
)

ALLOWED = {
    (Status.SUBMITTED, Status.IN_PROGRESS),
    (Status.SUBMITTED, Status.REJECTED),
    (Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN),
    (Status.IN_PROGRESS, Status.CLOSED),
    (Status.IN_PROGRESS, Status.REJECTED),
    (Status.WAITING_FOR_CITIZEN, Status.IN_PROGRESS),
    (Status.WAITING_FOR_CITIZEN, Status.REJECTED),
}


@pytest.mark.parametrize(
    ("current", "target"),
    list(itertools.product(Status, Status)),
    ids=lambda s: s.value,
)
def test_every_pair_of_the_transition_table(current, target):
    assert can_transition(current, target) is ((current, target) in ALLOWED)
    assert can_transition(current.value, target.value) is ((current, target) in ALLOWED)


@pytest.mark.parametrize("terminal", [Status.CLOSED, Status.REJECTED])
def test_closed_and_rejected_are_terminal(terminal):
    assert TRANSITIONS[terminal] == frozenset()
    assert is_open(terminal) is False


def test_open_statuses_are_those_with_a_way_out():
    assert {s for s in Status if TRANSITIONS[s]} == set(OPEN_STATUSES)


# The status each action leads to; None when the action keeps the status.
RESULT = {
    Action.TAKE: None,  # a submitted case is then in progress (checked below)
    Action.ASSIGN: None,
    Action.REFER: None,
    Action.SUSPEND: Status.WAITING_FOR_CITIZEN,
    Action.NOTE: None,
    Action.ANSWER: None,
    Action.CLOSE: Status.CLOSED,
    Action.REJECT: Status.REJECTED,
    Action.EXTEND: None,
}


@pytest.mark.parametrize(
    ("action", "status"),
    list(itertools.product(Action, Status)),
    ids=lambda v: v.value,
)
def test_actions_that_change_the_status_agree_with_the_table(action, status):
    """An action offered in a status never leads to a forbidden transition (#3)."""
    if action_allowed(action, status) and RESULT[action] is not None:
        assert can_transition(status, RESULT[action]) is True


def test_taking_a_submitted_case_is_a_valid_transition():
    assert action_allowed(Action.TAKE, Status.SUBMITTED) is True
    assert can_transition(Status.SUBMITTED, Status.IN_PROGRESS) is True


@pytest.mark.parametrize("status", [Status.CLOSED, Status.REJECTED])
def test_only_an_internal_note_is_possible_after_the_end(status):
    assert [a for a in Action if action_allowed(a, status)] == [Action.NOTE]


def test_every_action_has_a_row():
    assert set(ACTIONS) == set(Action)
