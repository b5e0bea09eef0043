"""The one parser of a choice question's options, shared by the web form and the API."""

import pytest

from requests_app.models import QuestionKind, ServiceQuestion
from requests_app.questions import question_choices


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        pytest.param(
            "a|Alpha\nb|Beta", [("a", "Alpha"), ("b", "Beta")], id="key-label"
        ),
        pytest.param("Alpha\nBeta", [("Alpha", "Alpha"), ("Beta", "Beta")], id="label"),
        pytest.param("a| ", [("a", "a")], id="empty-label->key"),
        pytest.param(" a | Alpha \n\n  \n", [("a", "Alpha")], id="spaces-blank-lines"),
        pytest.param("a|x|y", [("a", "x|y")], id="bar-in-label"),
        pytest.param("", [], id="none"),
    ],
)
def test_choice_lines_give_keys_and_labels(choices, expected):
    question = ServiceQuestion(kind=QuestionKind.CHOICE, choices=choices)
    assert question_choices(question) == expected
