"""The status table and the registry of clerk actions. Pure: no database."""

import inspect
import itertools

from django.utils.module_loading import import_string

import pytest

from requests_app.workflow import (
    ACTIONS,
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    TRANSITIONS,
    Action,
    Status,
    Who,
    action_allowed,
    can_transition,
    is_open,
    who_may,
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
    Action.LEAVE_UNEXAMINED: Status.REJECTED,
}


@pytest.mark.parametrize(
    ("action", "status"),
    list(itertools.product(Action, Status)),
    ids=lambda v: v.value,
)
def test_actions_that_change_the_status_agree_with_the_table(action, status):
    """An action offered in a status never leads to a forbidden transition."""
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


def test_the_registry_says_which_status_each_action_leads_to():
    assert {action: ACTIONS[action].leads_to for action in Action} == RESULT


def test_terminal_statuses_are_those_without_a_way_out():
    assert {s for s in Status if not TRANSITIONS[s]} == set(TERMINAL_STATUSES)
    assert set(Status) == OPEN_STATUSES | TERMINAL_STATUSES


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_every_action_names_a_service_and_form_that_exist(action):
    """A renamed service or form fails here, not on a clerk's click."""
    rule = ACTIONS[action]
    service = import_string(rule.service)
    parameters = inspect.signature(service).parameters
    assert {"citizen_request", "by"} <= set(parameters)
    if rule.form is not None:
        form_class = import_string(rule.form)
        assert callable(form_class.service_arguments)
        assert str(rule.done)


# (is_unassigned, is_mine, handles_any_case) -> who may act
POSITIONS = list(itertools.product([True, False], repeat=3))
MAY = {
    Who.ANYONE: lambda unassigned, mine, any_case: True,
    Who.UNASSIGNED: lambda unassigned, mine, any_case: unassigned,
    Who.IN_CHARGE: lambda unassigned, mine, any_case: mine or any_case,
    Who.IN_CHARGE_OR_UNASSIGNED: lambda unassigned, mine, any_case: (
        mine or any_case or unassigned
    ),
}


@pytest.mark.parametrize(
    ("who", "position"), list(itertools.product(Who, POSITIONS)), ids=str
)
def test_who_may_act_in_every_position(who, position):
    unassigned, mine, any_case = position
    allowed = who_may(
        who, is_unassigned=unassigned, is_mine=mine, handles_any_case=any_case
    )
    assert allowed is MAY[who](unassigned, mine, any_case)
