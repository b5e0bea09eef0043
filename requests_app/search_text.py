"""The words of the catalogue search: normal form, base forms and near spellings.

Pure: no ORM, no settings. The same functions build the stored search terms of a
service (`requests_app.services.search_index`) and read a citizen's query
(`requests_app.selectors.search`), so that both sides agree on what a word is.

A query word matches a term of a service:
- exactly, as typed or by its base form (simplemma's lemma, Bulgarian and English);
- as the start of a longer term ("valu" → "valuation"), from 3 letters;
- by a shared stem, where the lemmatiser leaves an inflected form unchanged or guesses
  another word ("скици" ~ "скица", "наследник" ~ "наследници", "удостоверения" ~
  "удостоверение"): both start with the same 4 letters or more and differ at most in
  their last 3;
- with one wrong letter in a word of 4 to 7 letters, or two in a longer one
  (Levenshtein distance, rapidfuzz), when it matches nothing otherwise.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

LANGUAGES = ("bg", "en")
TERM_MAX_LENGTH = 100  # ServiceSearchTerm.term

# The searched fields of a service with their weights: a word of the name counts more
# than one of the everyday names, the keywords or the summary. Both languages.
FIELD_WEIGHTS = {"name": 8, "synonyms": 4, "keywords": 2, "summary": 1}
SEARCHED_FIELDS = tuple(
    f"{field}_{language}" for field in FIELD_WEIGHTS for language in LANGUAGES
)

# How well a query word matches a term, by kind of match.
EXACT = 1.0
PREFIX = 0.75
STEM = 0.4
NEAR = 0.4

PREFIX_MIN = 3  # letters a query word needs to match the start of a longer term
STEM_MIN = 4  # letters two words share at least to have the same stem
STEM_TAIL = 3  # letters in which their endings may differ

# Words that say nothing about the service asked for.
_STOP_WORDS = """
а аз в във да до е за и или из как какво като когато към къде ли ме ми мен мене мой
моя моят моето моите на над не него нея но нужно няколко о от пак по под пред при с
се си със също та те тези то това този трябва тя у че чрез ще искам искаме желая
желаем моля мога може получа получаване нужен нужна нужни
a an and are as at be by can do does for from get give how i in is it me my need of
on or our please the to want we what where which who with you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())  # Bulgarian, then English

_MARKS = re.compile(r"[\u0300-\u036f]")  # combining accents left after NFC
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Return `text` case-folded, without accents on Bulgarian letters, with every
    character that is not a letter or digit replaced by a space.

    "ѝ" (the pronoun "her", written with a grave) becomes "и"; "й" stays a letter of
    its own.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("ѝ", "и").replace("ѐ", "е")
    text = _MARKS.sub("", text)
    return _NOT_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Return the words of `text` that say something: no stop words, no single
    letters (numbers stay: "акт 16")."""
    return [
        word
        for word in normalise(text).split()
        if word not in STOP_WORDS
        and (len(word) > 1 or word.isdigit())
        and len(word) <= TERM_MAX_LENGTH
    ]


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """Return the base form of a normalised `word`, Bulgarian or English."""
    found = normalise(simplemma.lemmatize(word, lang=LANGUAGES))
    return found if found and " " not in found else word


def max_typos(word: str) -> int:
    """Return how many wrong letters a query word may have: none below 4 letters."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


def is_near(word: str, term: str) -> bool:
    """Whether `term` is `word` with at most `max_typos(word)` letters wrong."""
    typos = max_typos(word)
    if not typos or abs(len(word) - len(term)) > typos:
        return False
    return Levenshtein.distance(word, term, score_cutoff=typos) <= typos


def near_terms(word: str, terms: Sequence[str]) -> list[str]:
    """Return the `terms` that are `word` misspelt (`is_near`), compared in C."""
    typos = max_typos(word)
    if not typos:
        return []
    found = process.extract(
        word, terms, scorer=Levenshtein.distance, score_cutoff=typos, limit=None
    )
    return [term for term, _distance, _index in found]


def stem_prefix(word: str) -> str | None:
    """Return the start every term sharing a stem with `word` has, or None when the
    word is too short to have a stem of its own."""
    if len(word) <= STEM_MIN:
        return None
    return word[: max(STEM_MIN, len(word) - STEM_TAIL)]


def shares_stem(word: str, term: str) -> bool:
    """Whether `word` and `term` start alike and differ only in their endings."""
    if stem_prefix(word) is None:
        return False
    common = 0
    for a, b in zip(word, term, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(STEM_MIN, len(word) - STEM_TAIL, len(term) - STEM_TAIL)


@dataclass(frozen=True)
class QueryWord:
    """A word of the query: as typed (normalised) and its base form."""

    text: str
    lemma: str

    @property
    def forms(self) -> frozenset[str]:
        return frozenset({self.text, self.lemma})

    @property
    def prefixes(self) -> list[str]:
        """The starts of the terms this word may match by prefix or by stem."""
        found = []
        if len(self.text) >= PREFIX_MIN:
            found.append(self.text)
        stem = stem_prefix(self.text)
        if stem is not None and stem != self.text:
            found.append(stem)
        return found

    def match(self, term: str) -> float:
        """Return how well `term` matches this word (0: not at all), typos aside."""
        if term in self.forms:
            return EXACT
        if len(self.text) >= PREFIX_MIN and term.startswith(self.text):
            return PREFIX
        if shares_stem(self.text, term):
            return STEM
        return 0.0

    def near(self, term: str) -> float:
        """Return NEAR when `term` is this word misspelt, else 0."""
        return NEAR if is_near(self.text, term) else 0.0


def query_words(query: str) -> list[QueryWord]:
    """Return the words of a query, each once, in their order."""
    seen: dict[str, QueryWord] = {}
    for word in words(query):
        if word not in seen:
            seen[word] = QueryWord(text=word, lemma=lemma(word))
    return list(seen.values())


def text_terms(text: str) -> set[str]:
    """Return the terms of a text: each word and its base form."""
    found = set()
    for word in words(text):
        found.add(word)
        base = lemma(word)
        if len(base) <= TERM_MAX_LENGTH:
            found.add(base)
    return found


def weighted_terms(texts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Return each term of the (text, weight) pairs with the highest weight it has."""
    found: dict[str, int] = {}
    for text, weight in texts:
        for term in text_terms(text):
            if weight > found.get(term, 0):
                found[term] = weight
    return found


def field_texts(values: dict[str, str]) -> list[tuple[str, int]]:
    """Return (text, weight) of a service's searched fields in both languages, from
    `values` keyed by field name with language ("name_bg", "keywords_en", ...)."""
    return [
        (values.get(f"{field}_{language}") or "", weight)
        for field, weight in FIELD_WEIGHTS.items()
        for language in LANGUAGES
    ]
