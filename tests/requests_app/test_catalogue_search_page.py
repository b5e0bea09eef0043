"""The catalogue's search results page (#15): matches best first with their
departments; when nothing matches, other queries to try, the most used services and
the information desk's phone. Runs the real search engine."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from requests_app.selectors.search import service_search

from .factories import CitizenRequestFactory, DepartmentFactory, ServiceFactory

pytestmark = pytest.mark.django_db

CATALOGUE_EN = "/en/services/"
CATALOGUE_BG = "/bg/services/"
# Two letters off "скица" (sketch): too many to match a short word, close enough to
# suggest it.
MISSPELT = "скецаа"


def _plain(html: str) -> str:
    """Return the visible text of `html`, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _element(html: str, element_id: str, tag: str) -> str:
    """Return the HTML of the `tag` element with `element_id` (not nested in itself)."""
    start = html.index(f'id="{element_id}"')
    start = html.rindex(f"<{tag}", 0, start)
    return html[start : html.index(f"</{tag}>", start) + len(tag) + 3]


def _result_codes(html: str, language: str = "en") -> list[str]:
    """The services linked from the results list, in the order shown."""
    results = _element(html, "search-results", "ol")
    return re.findall(rf'href="/{language}/services/([\w-]+)/"', results)


def _items(html: str, element_id: str) -> list[str]:
    """The visible text of each item of the list with `element_id`."""
    listing = _element(html, element_id, "ol")
    return [_plain(item) for item in re.findall(r"<li\b.*?</li>", listing, re.S)]


@pytest.fixture
def sketches():
    """Three services with "sketch" in, in turn, the summary, the keywords and the
    name, in three departments; created in the opposite order of their rank."""
    summary = ServiceFactory(
        code="tolerance",
        department=DepartmentFactory(
            code="building", name_bg="Строителен контрол", name_en="Building Control"
        ),
        name_bg="Удостоверение за търпимост на строеж",
        name_en="Certificate of tolerance of a building",
        summary_bg="Търпимост на стар строеж по скица и снимки.",
        summary_en="Tolerance of an old building, from a sketch and photographs.",
        keywords_bg="търпим строеж",
        keywords_en="tolerated building",
    )
    keyword = ServiceFactory(
        code="archive-copy",
        department=DepartmentFactory(
            code="archive", name_bg="Общински архив", name_en="Municipal Archive"
        ),
        name_bg="Заверено копие от архивен документ",
        name_en="Certified copy of an archived document",
        summary_bg="Копие на документ, пазен в общинския архив.",
        summary_en="A copy of a document kept in the municipal archive.",
        keywords_bg="скица план",
        keywords_en="sketch plan",
    )
    name = ServiceFactory(
        code="plot-sketch",
        department=DepartmentFactory(
            code="planning", name_bg="Устройство на територията", name_en="Planning"
        ),
        name_bg="Издаване на скица на поземлен имот",
        name_en="Sketch of a land plot",
        summary_bg="Скица с границите и съседите на имота.",
        summary_en="A sketch of the plot with its boundaries and neighbours.",
        keywords_bg="имот граници",
        keywords_en="property boundaries",
    )
    return name, keyword, summary


def _popular(service, count: int) -> None:
    for _ in range(count):
        CitizenRequestFactory(service=service)


# --- Results -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "bg"])
def test_results_are_shown_best_first_in_the_engines_order(client, sketches, language):
    name, keyword, summary = sketches
    query = "sketch" if language == "en" else "скица"

    html = client.get(f"/{language}/services/", {"q": query}).content.decode()

    engine = [hit.service.code for hit in service_search(query=query).hits]
    assert _result_codes(html, language) == engine
    # Name over keywords over summary, not the department order or the alphabet.
    assert engine == [name.code, keyword.code, summary.code]


def test_each_result_shows_its_name_department_and_summary(client, sketches):
    html = client.get(CATALOGUE_EN, {"q": "sketch"}).content.decode()

    assert _items(html, "search-results") == [
        "Sketch of a land plot Responsible department: Planning "
        "A sketch of the plot with its boundaries and neighbours.",
        "Certified copy of an archived document Responsible department: Municipal "
        "Archive A copy of a document kept in the municipal archive.",
        "Certificate of tolerance of a building Responsible department: Building "
        "Control Tolerance of an old building, from a sketch and photographs.",
    ]
    # Ranked, not grouped: no department headings.
    assert 'id="department-' not in html


def test_results_are_an_ordered_list_named_by_a_heading(client, sketches):
    html = client.get(CATALOGUE_EN, {"q": "sketch"}).content.decode()

    results = _element(html, "search-results", "ol")
    assert 'aria-labelledby="results-heading"' in results.split(">", 1)[0]
    heading = _element(html, "results-heading", "h2")
    assert _plain(heading) == "Search results, best match first"


@pytest.mark.parametrize(
    ("query", "count_line"),
    [
        ("plot", "1 service matches “plot”."),
        ("sketch", "3 services match “sketch”."),
    ],
)
def test_count_line_says_how_many_services_match(client, sketches, query, count_line):
    html = client.get(CATALOGUE_EN, {"q": query}).content.decode()

    assert count_line in _plain(_element(html, "search-summary", "p"))


def test_english_query_on_the_bulgarian_page_finds_the_service(client, sketches):
    html = client.get(CATALOGUE_BG, {"q": "land plot sketch"}).content.decode()

    assert _result_codes(html, "bg")[0] == "plot-sketch"
    assert "Издаване на скица на поземлен имот" in _items(html, "search-results")[0]


def test_without_words_the_catalogue_is_listed_by_department(client, sketches):
    html = client.get(CATALOGUE_EN, {"q": "  "}).content.decode()

    assert 'id="search-results"' not in html
    assert 'id="no-results"' not in html
    headings = re.findall(r'<h2 id="department-[\w-]+"[^>]*>([^<]+)</h2>', html)
    assert sorted(headings) == ["Building Control", "Municipal Archive", "Planning"]


# --- Nothing matches -----------------------------------------------------------------


def _did_you_mean_links(html: str) -> list[tuple[str, str]]:
    """(shown text, the query searched) of each "did you mean" link."""
    block = _element(html, "did-you-mean", "p")
    return [
        (unescape(text), parse_qs(urlsplit(unescape(href)).query)["q"][0])
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', block)
    ]


def test_did_you_mean_links_search_for_each_suggestion(client, sketches):
    query = MISSPELT
    result = service_search(query=query)
    assert result.hits == [] and result.suggestions  # what the page is tested on

    response = client.get(CATALOGUE_EN, {"q": query})

    html = response.content.decode()
    assert f"No service matches “{query}”." in _plain(html)
    assert _plain(_element(html, "did-you-mean", "p")).startswith("Did you mean:")
    links = _did_you_mean_links(html)
    assert links == [(s, s) for s in result.suggestions]
    for _, suggested in links:
        assert (
            'id="search-results"'
            in client.get(CATALOGUE_EN, {"q": suggested}).content.decode()
        )


def test_did_you_mean_is_left_out_without_suggestions(client, sketches):
    assert service_search(query="xyzzy").suggestions == []

    html = client.get(CATALOGUE_EN, {"q": "xyzzy"}).content.decode()

    assert "No service matches “xyzzy”." in _plain(html)
    assert 'id="did-you-mean"' not in html
    assert "Did you mean" not in html


def test_empty_result_offers_the_most_used_services_and_the_desk_phone(
    client, sketches, settings
):
    settings.MUNICIPALITY_INFO_PHONE = "+359 2 900 1000"
    name, _keyword, summary = sketches
    _popular(summary, 3)
    _popular(name, 1)

    html = client.get(CATALOGUE_EN, {"q": "xyzzy"}).content.decode()

    assert _plain(_element(html, "popular-heading", "h2")) == "Most used services"
    assert _items(html, "popular-services") == [
        "Certificate of tolerance of a building",
        "Sketch of a land plot",
    ]
    assert 'href="/en/services/tolerance/"' in _element(html, "popular-services", "ol")
    desk = _element(html, "information-desk", "p")
    assert _plain(desk) == (
        "Not sure which service you need? Call the municipality's information desk: "
        "+359 2 900 1000"
    )
    assert 'href="tel:+35929001000"' in desk


def test_results_page_offers_neither_popular_services_nor_the_phone(client, sketches):
    _popular(sketches[0], 2)

    html = client.get(CATALOGUE_EN, {"q": "sketch"}).content.decode()

    assert 'id="popular-services"' not in html
    assert 'id="information-desk"' not in html


def test_empty_result_without_a_desk_phone_or_requests_leaves_them_out(
    client, sketches, settings
):
    settings.MUNICIPALITY_INFO_PHONE = ""

    html = client.get(CATALOGUE_EN, {"q": "xyzzy"}).content.decode()

    assert "No service matches “xyzzy”." in _plain(html)
    assert 'id="information-desk"' not in html
    assert "tel:" not in _element(html, "main", "main")
    assert 'id="popular-services"' not in html


# --- Bulgarian -----------------------------------------------------------------------


def test_bulgarian_results_page(client, sketches):
    html = client.get(CATALOGUE_BG, {"q": "скица"}).content.decode()

    assert "3 услуги отговарят на „скица“." in _plain(
        _element(html, "search-summary", "p")
    )
    assert _plain(_element(html, "results-heading", "h2")) == (
        "Резултати от търсенето – първо най-подходящите"
    )
    assert _items(html, "search-results")[0] == (
        "Издаване на скица на поземлен имот Отговорно звено: Устройство на "
        "територията Скица с границите и съседите на имота."
    )


def test_bulgarian_empty_page(client, sketches, settings):
    settings.MUNICIPALITY_INFO_PHONE = "+359 2 900 1000"
    _popular(sketches[0], 1)

    html = client.get(CATALOGUE_BG, {"q": MISSPELT}).content.decode()

    assert _plain(_element(html, "did-you-mean", "p")).startswith("Може би търсите:")
    assert _plain(_element(html, "popular-heading", "h2")) == "Най-търсени услуги"
    assert _plain(_element(html, "information-desk", "p")) == (
        "Не сте сигурни коя услуга ви е нужна? Обадете се на информационното гише "
        "на общината: +359 2 900 1000"
    )
    assert re.findall(
        r'href="(/bg/services/[^"]+)"', _element(html, "did-you-mean", "p")
    )
