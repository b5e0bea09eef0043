"""The catalogue search: the active services a citizen's words describe, best first.

Every word of the query is looked up among the stored search terms of the services
(`ServiceSearchTerm`, see `requests_app.search_text` for what matches what):

1. exact terms, prefixes and stems, through the index on `term` (one query);
2. for the words that matched nothing there, near spellings: candidates from the
   trigram index on PostgreSQL, every distinct term on other databases (SQLite), then
   the same Levenshtein check in Python on both, so that both give the same results.

A service scores, for each word it matches, the weight of the best field the word is
found in (name over everyday names over keywords over summary) times how well it
matches. The services matching the most words come first, by score, then by name;
services matching fewer words than the best ones are left out (a word that matches
nothing, "моля" or a typo beyond repair, does not empty the result). When nothing
matches, each word is replaced by the closest term to suggest other queries.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from rapidfuzz import fuzz, process

from requests_app.models import Service, ServiceSearchTerm
from requests_app.search_text import (
    SEARCHED_FIELDS,
    QueryWord,
    field_texts,
    near_terms,
    query_words,
    weighted_terms,
)
from requests_app.selectors.catalogue import SEARCH_MAX_LENGTH

logger = logging.getLogger(__name__)

# pg_trgm similarity above which a term is a candidate for a near spelling. A word
# with at most 2 wrong letters shares enough trigrams to stay above it (the worst
# case, 8 letters and 2 wrong, is about 0.18), so PostgreSQL's candidates hold every
# term the Levenshtein check accepts.
TRIGRAM_THRESHOLD = 0.15
LAST_CHARACTER = "\U0010ffff"  # sorts after every character of a term
SUGGESTION_MIN_RATIO = 70  # rapidfuzz ratio (0-100) of a suggested word
SUGGESTIONS = 3

Row = tuple[int, str, int]  # service id, term, weight


@dataclass(frozen=True)
class SearchHit:
    service: Service  # department selected (select_related)
    score: float


@dataclass(frozen=True)
class ServiceSearch:
    query: str
    hits: list[SearchHit]  # best first: name over synonyms over keywords over summary
    suggestions: list[str]  # "did you mean" queries, only when hits is empty


def _active_terms() -> QuerySet[ServiceSearchTerm]:
    return ServiceSearchTerm.objects.filter(service__is_active=True)


def _unindexed_terms(service_ids: set[int]) -> dict[int, dict[str, int]]:
    """Return the terms of services that have none stored yet, from their text (a
    service made outside the admin and the loader is found all the same)."""
    if not service_ids:
        return {}
    services = Service.objects.filter(pk__in=service_ids).only("pk", *SEARCHED_FIELDS)
    return {
        service.pk: weighted_terms(
            field_texts(
                {name: getattr(service, name) or "" for name in SEARCHED_FIELDS}
            )
        )
        for service in services.order_by()
    }


def _rows_of(unindexed: dict[int, dict[str, int]]) -> Iterable[Row]:
    for service_id, terms in unindexed.items():
        for term, weight in terms.items():
            yield service_id, term, weight


def _unindexed_ids() -> set[int]:
    """Return the active services that have no stored term yet."""
    stored = ServiceSearchTerm.objects.filter(service=OuterRef("pk"))
    return set(
        Service.objects.filter(~Exists(stored), is_active=True)
        .order_by()
        .values_list("pk", flat=True)
    )


def _starts_with(prefix: str) -> Q:
    """Return the condition "the term starts with `prefix`", served by the index on
    `term`: LIKE 'prefix%' on PostgreSQL (varchar_pattern_ops), a range of terms on
    SQLite, whose LIKE (case-insensitive, with an ESCAPE) reads every row. Terms
    are case-folded already; SQLite compares them by code point."""
    if connection.vendor == "postgresql":
        return Q(term__startswith=prefix)
    return Q(term__gte=prefix, term__lt=prefix + LAST_CHARACTER)


def _candidate_rows(words: list[QueryWord]) -> list[Row]:
    """Return the stored terms equal to a word's forms or starting like it."""
    condition = Q(term__in={form for word in words for form in word.forms})
    for word in words:
        for prefix in word.prefixes:
            condition |= _starts_with(prefix)
    return list(
        _active_terms().filter(condition).values_list("service_id", "term", "weight")
    )


def _near_rows_postgresql(words: list[QueryWord]) -> list[Row] | None:
    """Return the stored terms near the words by trigrams (index), or None when
    pg_trgm is missing."""
    from django.contrib.postgres.lookups import TrigramSimilar

    condition = Q()
    for word in words:
        condition |= Q(TrigramSimilar(F("term"), Value(word.text)))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            return list(
                _active_terms()
                .filter(condition)
                .values_list("service_id", "term", "weight")
            )
    except DatabaseError as error:
        logger.warning("Near spellings without pg_trgm (%s): reading all terms", error)
        return None


def _near_rows(words: list[QueryWord]) -> list[Row]:
    """Return the stored terms that may be the words misspelt (checked later)."""
    if connection.vendor == "postgresql":
        rows = _near_rows_postgresql(words)
        if rows is not None:
            return rows
    terms = _distinct_terms()
    near = {term for word in words for term in near_terms(word.text, terms)}
    if not near:
        return []
    return list(
        _active_terms()
        .filter(term__in=near)
        .values_list("service_id", "term", "weight")
    )


def _distinct_terms() -> list[str]:
    return list(
        _active_terms().order_by("term").values_list("term", flat=True).distinct()
    )


def _scores(
    words: list[QueryWord], rows: Iterable[Row], *, near: bool
) -> dict[int, dict[int, float]]:
    """Return, per service, the best score of each word it matches."""
    found: dict[int, dict[int, float]] = defaultdict(dict)
    for service_id, term, weight in rows:
        for index, word in enumerate(words):
            quality = word.near(term) if near else word.match(term)
            if quality:
                score = quality * weight
                if score > found[service_id].get(index, 0.0):
                    found[service_id][index] = score
    return found


def _suggestions(words: list[QueryWord], unindexed: Iterable[str]) -> list[str]:
    """Return up to SUGGESTIONS queries with each word replaced by a close term."""
    terms = sorted({*_distinct_terms(), *unindexed})
    choices = []
    for word in words:
        found = process.extract(
            word.text,
            terms,
            scorer=fuzz.ratio,
            limit=SUGGESTIONS,
            score_cutoff=SUGGESTION_MIN_RATIO,
        )
        # Best first; equal ratios in alphabetical order, the same on every database.
        ranked = sorted(found, key=lambda item: (-item[1], item[0]))
        choices.append([term for term, _ratio, _index in ranked])
    if not any(choices):
        return []
    suggestions: list[str] = []
    for rank in range(SUGGESTIONS):
        words_of = [
            options[min(rank, len(options) - 1)] for options in choices if options
        ]
        suggestion = " ".join(words_of)
        if suggestion not in suggestions:
            suggestions.append(suggestion)
    return suggestions


def service_search(*, query: str) -> ServiceSearch:
    """Return the active services matching `query`, best first (see the module)."""
    query = query.strip()[:SEARCH_MAX_LENGTH]
    words = query_words(query)
    if not words:
        return ServiceSearch(query=query, hits=[], suggestions=[])
    unindexed = _unindexed_terms(_unindexed_ids())
    rows = _candidate_rows(words) + list(_rows_of(unindexed))
    scores = _scores(words, rows, near=False)
    matched = {index for per_word in scores.values() for index in per_word}
    unmatched = [word for index, word in enumerate(words) if index not in matched]
    if unmatched:
        near_rows = _near_rows(unmatched) + list(_rows_of(unindexed))
        positions = {word.text: words.index(word) for word in unmatched}
        for service_id, per_word in _scores(unmatched, near_rows, near=True).items():
            for index, score in per_word.items():
                scores[service_id][positions[unmatched[index].text]] = score
    found = {service_id: s for service_id, s in scores.items() if s}
    if not found:
        terms = {term for per_service in unindexed.values() for term in per_service}
        return ServiceSearch(
            query=query, hits=[], suggestions=_suggestions(words, terms)
        )
    most = max(len(per_word) for per_word in found.values())
    best = {
        service_id: sum(per_word.values())
        for service_id, per_word in found.items()
        if len(per_word) == most
    }
    services = (
        Service.objects.filter(pk__in=best, is_active=True)
        .select_related("department")
        .order_by()  # sorted here, by score
    )
    hits = [SearchHit(service=service, score=best[service.pk]) for service in services]
    hits.sort(key=lambda hit: (-hit.score, hit.service.name.casefold(), hit.service.pk))
    return ServiceSearch(query=query, hits=hits, suggestions=[])
