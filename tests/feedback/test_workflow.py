"""The complaint state machine and the officers' action registry: pure, no database."""

from django import forms
from django.utils.module_loading import import_string

import pytest

from feedback.workflow import (
    COMPLAINT_ACTIONS,
    COMPLAINT_AFTER_FILER_INFO,
    COMPLAINT_OPEN,
    COMPLAINT_TERMINAL,
    COMPLAINT_TRANSITIONS,
    SUGGESTION_RESPONSE_STATUSES,
    ComplaintStatus,
    SuggestionStatus,
    complaint_actions_in,
    complaint_can_transition,
    complaint_is_open,
)

S = ComplaintStatus

# The table as the law and the officers' practice describe it, written out again.
EXPECTED = {
    S.RECEIVED: {S.ACKNOWLEDGED, S.WAITING, S.DECIDED},
    S.ACKNOWLEDGED: {S.WAITING, S.DECIDED},
    S.WAITING: {S.ACKNOWLEDGED, S.DECIDED},
    S.DECIDED: {S.CLOSED},
    S.CLOSED: set(),
    S.NOT_EXAMINED: set(),  # set at filing only, when the law bars examining
}
PAIRS = [(current, target) for current in S for target in S]
ACTION_IDS = list(COMPLAINT_ACTIONS)


@pytest.mark.parametrize(
    ("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS]
)
def test_every_pair_against_the_table(current, target):
    expected = target in EXPECTED[current]
    assert complaint_can_transition(current, target) is expected
    assert complaint_can_transition(current.value, target.value) is expected


def test_every_status_is_in_the_table():
    assert set(COMPLAINT_TRANSITIONS) == set(S)


def test_closed_and_not_examined_are_the_terminal_statuses():
    assert {S.CLOSED, S.NOT_EXAMINED} == COMPLAINT_TERMINAL
    assert set(S) - {S.CLOSED, S.NOT_EXAMINED} == COMPLAINT_OPEN
    assert complaint_is_open(S.NOT_EXAMINED) is False
    assert complaint_is_open("closed") is False
    assert complaint_is_open(S.WAITING) is True


def test_the_filer_s_information_moves_only_as_the_table_allows():
    for current, target in COMPLAINT_AFTER_FILER_INFO.items():
        assert complaint_can_transition(current, target) is True
        assert complaint_is_open(current) is True


@pytest.mark.parametrize("action", COMPLAINT_ACTIONS.values(), ids=ACTION_IDS)
def test_each_action_moves_as_the_table_allows(action):
    assert action.from_statuses
    if action.target is None:  # the status stays: the case must still be open
        assert action.from_statuses <= COMPLAINT_OPEN
        return
    for status in action.from_statuses:
        assert complaint_can_transition(status, action.target) is True


@pytest.mark.parametrize("action", COMPLAINT_ACTIONS.values(), ids=ACTION_IDS)
def test_each_action_names_a_service_and_form_that_exist(action):
    """A renamed service or form fails here, not on an officer's click."""
    assert callable(import_string(action.service))
    if action.form:
        assert issubclass(import_string(action.form), forms.Form)
        assert action.invalid_message
    assert COMPLAINT_ACTIONS[action.code] is action
    assert "." in action.permission
    if action.applies_to:
        assert callable(import_string(action.applies_to))


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        (S.RECEIVED, ["acknowledge", "ask", "decide", "extend"]),
        (S.ACKNOWLEDGED, ["ask", "decide", "extend"]),
        (S.WAITING, ["decide", "extend"]),
        (S.DECIDED, ["close"]),
        (S.CLOSED, []),
        (S.NOT_EXAMINED, []),
    ],
    ids=str,
)
def test_actions_offered_in_each_status_in_page_order(status, codes):
    assert [action.code for action in complaint_actions_in(status)] == codes


def test_a_suggestion_response_sets_any_status_but_the_first():
    assert (
        set(SuggestionStatus) - {SuggestionStatus.RECEIVED}
        == SUGGESTION_RESPONSE_STATUSES
    )
