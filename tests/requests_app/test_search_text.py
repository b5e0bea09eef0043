"""The words of the catalogue search (#15): normal form, stop words, base forms,
stems and near spellings. Pure: no database."""

import pytest

from requests_app.search_text import (
    EXACT,
    NEAR,
    PREFIX,
    STEM,
    QueryWord,
    is_near,
    lemma,
    near_terms,
    normalise,
    query_words,
    shares_stem,
    text_terms,
    weighted_terms,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("УДОСТОВЕРЕНИЕ", "удостоверение", id="upper-case"),
        pytest.param("„Топъл обяд“", "топъл обяд", id="bg-quotes"),
        pytest.param("скица, моля!", "скица моля", id="punctuation"),
        pytest.param("ѝ", "и", id="i-grave"),
        pytest.param("край", "край", id="short-i-stays"),
        pytest.param("ра́ждане", "раждане", id="stress-accent"),
        pytest.param("препис-извлечение", "препис извлечение", id="hyphen"),
        pytest.param("Straße", "strasse", id="casefold"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_words_drop_stop_words_and_single_letters_but_keep_numbers():
    assert words("Искам удостоверение за наследници на баща ми") == [
        "удостоверение",
        "наследници",
        "баща",
    ]
    assert words("The certificate of my heirs") == ["certificate", "heirs"]
    assert words("акт 16 и т.н.") == ["акт", "16"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("данъци", "данък"),
        ("сгради", "сграда"),
        ("задължения", "задължение"),
        ("certificates", "certificate"),
        ("permits", "permit"),
    ],
)
def test_lemma_gives_the_base_form(word, expected):
    assert lemma(word) == expected


@pytest.mark.parametrize(
    ("word", "term", "expected"),
    [
        pytest.param("скици", "скица", True, id="plural"),
        pytest.param("наследник", "наследници", True, id="singular-plural"),
        pytest.param("удостоверения", "удостоверение", True, id="plural-ending"),
        pytest.param("разрешения", "разрешение", True, id="plural-ending-2"),
        pytest.param("данъци", "данъчна", True, id="adjective"),
        pytest.param("скица", "скиор", False, id="other-word"),
        pytest.param("удостоверение", "удостоверяване", False, id="ending-too-long"),
        pytest.param("кола", "колан", False, id="too-short"),
    ],
)
def test_shares_stem(word, term, expected):
    assert shares_stem(word, term) is expected


@pytest.mark.parametrize(
    ("word", "term", "expected"),
    [
        pytest.param("кол", "коп", False, id="3-letters-none"),
        pytest.param("скеца", "скица", True, id="5-letters-one"),
        pytest.param("скеза", "скица", False, id="5-letters-two"),
        pytest.param("наследнци", "наследници", True, id="9-letters-one-missing"),
        pytest.param("удустувирение", "удостоверение", False, id="13-letters-three"),
        pytest.param("удостовирене", "удостоверение", True, id="12-letters-two"),
        pytest.param("certifcate", "certificate", True, id="english"),
    ],
)
def test_is_near(word, term, expected):
    assert is_near(word, term) is expected


def test_a_query_word_matches_exactly_by_prefix_by_stem_or_misspelt():
    word = QueryWord(text="данъци", lemma="данък")

    assert word.match("данъци") == EXACT
    assert word.match("данък") == EXACT  # the base form
    assert word.match("данъцитеее") == PREFIX
    assert word.match("данъчна") == STEM
    assert word.match("дама") == 0
    assert QueryWord(text="наследнци", lemma="наследнци").near("наследници") == NEAR


def test_query_words_are_unique_and_keep_their_order():
    assert [w.text for w in query_words("скица скица на Имот")] == ["скица", "имот"]
    assert query_words("за на the of") == []


def test_terms_hold_the_words_and_their_base_forms():
    assert {"данъци", "данък", "сгради", "сграда"} <= text_terms("Данъци за сгради")


def test_a_term_keeps_the_weight_of_its_best_field():
    terms = weighted_terms([("скица на имот", 8), ("имот парцел", 2)])

    assert terms["скица"] == 8
    assert terms["имот"] == 8
    assert terms["парцел"] == 2


def test_near_terms_are_those_is_near_accepts():
    terms = ["наследници", "наследник", "скица", "скиза", "удостоверение", "кола"]

    for word in ["наследнци", "скеца", "удостовирене", "кол", "колата"]:
        assert sorted(near_terms(word, terms)) == sorted(
            t for t in terms if is_near(word, t)
        )
