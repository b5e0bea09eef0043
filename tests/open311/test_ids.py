"""The URL-path spelling of registry numbers (#6): reversible whatever the format."""

import pytest

from open311.ids import request_id_candidates, request_id_decode, request_id_encode


@pytest.mark.parametrize(
    ("number", "spelling"),
    [
        ("94-00-123/24.11.2026", "94-00-123_24.11.2026"),
        ("94_00-1/24.11.2026", "94~_00-1_24.11.2026"),
        ("a~b/c", "a~~b_c"),
        ("a/_b", "a_~_b"),
        ("a_/b", "a~__b"),
        ("plain-42", "plain-42"),
        ("", ""),
    ],
    ids=[
        "default-format",
        "underscore",
        "tilde",
        "slash-underscore",
        "underscore-slash",
        "nothing-to-escape",
        "empty",
    ],
)
def test_spelling_round_trips(number, spelling):
    assert request_id_encode(number) == spelling
    assert request_id_decode(spelling) == number
    assert "/" not in spelling


@pytest.mark.parametrize(
    "spelling", ["~", "a~b", "~/"], ids=["dangling", "bad", "slash"]
)
def test_broken_spelling_is_not_a_registry_number(spelling):
    assert request_id_decode(spelling) is None
    assert request_id_candidates(spelling) == [spelling]


def test_candidates_put_the_path_spelling_first():
    assert request_id_candidates("94-00-1_24.11.2026") == [
        "94-00-1/24.11.2026",
        "94-00-1_24.11.2026",
    ]
    assert request_id_candidates("94-00-1/24.11.2026") == ["94-00-1/24.11.2026"]
