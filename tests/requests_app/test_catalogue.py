"""The public catalogue: search, grouping, the service page and its due dates (#2)."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest

from requests_app.selectors.catalogue import catalogue_groups
from requests_app.selectors.search import service_search

from .factories import (
    CalendarDayFactory,
    DepartmentFactory,
    ServiceFactory,
    ServiceQuestionFactory,
    ServiceVariantFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE_EN = "/en/services/"
CATALOGUE_BG = "/bg/services/"


INLINE_TAGS = re.compile(r"</?(strong|em|a|span|time)\b[^>]*>")


def _plain(html: str) -> str:
    """Return the visible text of `html`, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", INLINE_TAGS.sub("", html))
    return re.sub(r"\s+", " ", unescape(html))


def _text(response) -> str:
    return _plain(response.content.decode())


def _section(response, element_id: str) -> str:
    """Return the text from the element with `element_id` up to the next section."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    end = html.find("<section", start)
    return _plain(html[start : end if end != -1 else None])


@pytest.fixture
def valuation():
    department = DepartmentFactory(
        code="local-taxes",
        name_bg="Местни данъци и такси",
        name_en="Local Taxes and Fees",
        order=20,
    )
    return ServiceFactory(
        code="tax-valuation",
        department=department,
        name_bg="Удостоверение за данъчна оценка",
        name_en="Certificate of tax valuation",
        summary_bg="Данъчната оценка на недвижим имот.",
        summary_en="The tax valuation of a property.",
        keywords_bg="нотариус продажба",
        keywords_en="notary sale",
    )


@pytest.fixture
def marital():
    department = DepartmentFactory(
        code="grao",
        name_bg="ГРАО",
        name_en="Civil Registration",
        order=10,
    )
    return ServiceFactory(
        code="marital-status",
        department=department,
        name_bg="Удостоверение за семейно положение",
        name_en="Certificate of marital status",
        summary_bg="Семейното положение на лицето.",
        summary_en="The person's marital status.",
        keywords_bg="брак",
        keywords_en="marriage",
    )


# --- Search ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("данъчна", {"tax-valuation"}, id="bg-word"),
        pytest.param("valuation", {"tax-valuation"}, id="en-word"),
        pytest.param("ДАНЪЧНА ОЦЕНКА", {"tax-valuation"}, id="bg-upper-case"),
        pytest.param("Данъч", {"tax-valuation"}, id="bg-partial-mixed-case"),
        pytest.param("VALU", {"tax-valuation"}, id="en-partial-upper-case"),
        pytest.param("нотариус", {"tax-valuation"}, id="bg-keyword"),
        pytest.param("marriage", {"marital-status"}, id="en-keyword"),
        pytest.param("недвижим", {"tax-valuation"}, id="bg-summary"),
        pytest.param("удостоверение", {"tax-valuation", "marital-status"}, id="both"),
        pytest.param("удостоверение брак", {"marital-status"}, id="best-first"),
        pytest.param("xyzzy", set(), id="no-match"),
    ],
)
def test_search_matches_words_in_both_languages_ignoring_case(
    valuation, marital, query, expected
):
    """Cyrillic is case-folded on SQLite too, whose LOWER() is ASCII-only (#2).

    The search ranks rather than filters: the expected services come first."""
    hits = [hit.service.code for hit in service_search(query=query).hits]
    assert set(hits[: len(expected)]) == expected


def test_the_catalogue_lists_every_active_service_by_department(valuation, marital):
    groups = catalogue_groups()
    assert {s.code for g in groups for s in g.services} == {
        "tax-valuation",
        "marital-status",
    }


def test_catalogue_page_finds_a_service_by_an_upper_case_cyrillic_word(
    client, valuation, marital
):
    response = client.get(CATALOGUE_BG, {"q": "СЕМЕЙНО"})

    assert response.status_code == 200
    assert "Удостоверение за семейно положение" in _text(response)
    assert "Удостоверение за данъчна оценка" not in _text(response)
    assert 'href="/bg/services/marital-status/"' in response.content.decode()


def test_search_keeps_the_words_in_the_field_and_counts_matches(client, valuation):
    response = client.get(CATALOGUE_EN, {"q": "valu"})

    assert 'value="valu"' in response.content.decode()
    assert "1 service matches “valu”." in _text(response)


def test_no_result_says_so_and_offers_to_clear_the_search(client, valuation):
    response = client.get(CATALOGUE_EN, {"q": "xyzzy"})

    assert response.status_code == 200
    text = _text(response)
    assert "No service matches “xyzzy”." in text
    assert "Clear the search and show all services" in text
    assert 'href="/en/services/"' in response.content.decode()


def test_too_long_search_shows_a_message_and_all_services(client, valuation):
    response = client.get(CATALOGUE_EN, {"q": "a" * 300})

    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in _text(response)
    assert "Certificate of tax valuation" in _text(response)


# --- Grouping and visibility ---------------------------------------------------------


def test_catalogue_groups_services_by_department_in_department_order(
    client, valuation, marital
):
    ServiceFactory(
        code="heirs",
        department=marital.department,
        name_en="Certificate of heirs",
    )

    html = client.get(CATALOGUE_EN).content.decode()

    grao = html.index(">Civil Registration</h2>")
    taxes = html.index(">Local Taxes and Fees</h2>")
    assert grao < html.index("Certificate of heirs") < taxes
    assert grao < html.index("Certificate of marital status") < taxes
    assert taxes < html.index("Certificate of tax valuation")
    # Services within a department are in alphabetical order.
    assert html.index("Certificate of heirs") < html.index(
        "Certificate of marital status"
    )


def test_inactive_service_is_not_listed_even_when_searched(client, valuation):
    ServiceFactory(code="old", name_en="Withdrawn certificate", inactive=True)

    assert "Withdrawn certificate" not in _text(client.get(CATALOGUE_EN))
    response = client.get(CATALOGUE_EN, {"q": "withdrawn"})
    assert "Withdrawn certificate" not in _text(response)
    assert "No service matches" in _text(response)


def test_department_with_only_inactive_services_is_not_shown(client, valuation):
    ServiceFactory(
        inactive=True,
        department=DepartmentFactory(name_en="Closed department"),
    )

    assert "Closed department" not in _text(client.get(CATALOGUE_EN))


@pytest.mark.parametrize("suffix", ["", "sheet.pdf"])
def test_unknown_or_inactive_service_answers_404(client, suffix):
    ServiceFactory(code="old", inactive=True)

    assert client.get(f"/en/services/unknown/{suffix}").status_code == 404
    assert client.get(f"/en/services/old/{suffix}").status_code == 404


# --- The service page -------------------------------------------------------------


@pytest.fixture
def heirs():
    department = DepartmentFactory(
        code="grao",
        name_bg="ГРАО",
        name_en="Civil Registration",
        description_en="Front office, desk 2.",
        email="grao@primerno.example",
        phone="+359 2 900 1101",
    )
    service = ServiceFactory(
        code="heirs",
        department=department,
        name_bg="Удостоверение за наследници",
        name_en="Certificate of heirs",
        summary_en="Names the legal heirs of a deceased person.",
        eligibility_en="Any heir.",
        documents_en="Application form\nDeath certificate",
        legal_basis_en="Civil Registration Act, art. 24(1)",
        fee=Decimal("5.11"),
        fee_note_en="Per copy.",
        term_days=14,
        term_working_days=False,
        max_extension_days=7,
        is_online=True,
        is_at_desk=True,
        is_by_post=True,
    )
    ServiceVariantFactory(service=service, express=True, fee=Decimal("15.34"))
    ServiceVariantFactory(
        service=service,
        code="fast",
        name_en="Fast service",
        fee=Decimal("10.23"),
        term_days=5,
        term_working_days=True,
    )
    ServiceQuestionFactory(
        service=service, label_en="Date of death", date=True, required=True
    )
    return service


@pytest.fixture
def today_is(monkeypatch):
    """Fix "today" for the service page (the municipality's local date)."""

    def set_today(day: datetime.date) -> None:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return set_today


def test_service_page_shows_every_catalogue_field(client, heirs):
    response = client.get("/en/services/heirs/")

    assert response.status_code == 200
    text = _text(response)
    for expected in [
        "Certificate of heirs",
        "Names the legal heirs of a deceased person.",
        "Any heir.",
        "Application form",
        "Death certificate",
        "Civil Registration Act, art. 24(1)",
        "5.11 €",
        "Per copy.",
        "14 calendar days",
        "Longest extension allowed by law 7 days",
        "Fast service",
        "10.23 €",
        "5 working days",
        "Express service",
        "15.34 €",
        "1 working day",
        "Online, on this site",
        "At the municipality's front desk",
        "By post",
        "Civil Registration",
        "Front office, desk 2.",
        "grao@primerno.example",
        "+359 2 900 1101",
        "Date of death (required)",
    ]:
        assert expected in text, expected


def test_service_page_links_to_the_form_and_the_printable_sheet(client, heirs):
    html = client.get("/en/services/heirs/").content.decode()

    assert 'href="/en/services/heirs/apply/"' in html
    assert "File this request online" in html
    assert 'href="/en/services/heirs/sheet.pdf"' in html


def test_service_not_filed_online_has_no_form_button(client):
    ServiceFactory(code="permit", is_online=False)

    html = client.get("/en/services/permit/").content.decode()

    assert "/en/services/permit/apply/" not in html
    assert "cannot be filed online" in html


def test_bulgarian_page_shows_the_bulgarian_texts_and_fee_format(client, heirs):
    text = _text(client.get("/bg/services/heirs/"))

    assert "Удостоверение за наследници" in text
    assert "5,11 €" in text


def test_due_date_if_filed_today_with_holidays_explained(client, heirs, today_is):
    """Filed 10.12.2026, 14 calendar days end on Christmas Eve: due 29.12 (#2)."""
    today_is(datetime.date(2026, 12, 10))

    response = client.get("/en/services/heirs/")

    text = _section(response, "due-heading")
    assert (
        "If you file today, 10 December 2026, the answer is due by 29 December 2026."
        in text
    )
    assert (
        "The term ended on Thursday, 24 December 2026, a day off (Christmas Eve), so "
        "it moves to the next working day, Tuesday, 29 December 2026."
    ) in text
    assert "Sunday, 27 December 2026 is also a day off: weekend." in text
    assert "Christmas Day (observed)" in text


def test_calculator_gives_due_date_for_another_filing_date(client, heirs, today_is):
    """Filed 23.12.2026 with 14 calendar days: due 6.1.2027, nothing moved (#2)."""
    today_is(datetime.date(2026, 11, 24))

    response = client.get("/en/services/heirs/", {"filed_on": "2026-12-23"})

    assert response.status_code == 200
    text = _section(response, "calculated-due-date")
    assert (
        "If you file on 23 December 2026, the answer is due by 6 January 2027." in text
    )
    assert "14 calendar days: weekends and holidays within the term count." in text
    assert "Due date: Wednesday, 6 January 2027." in text
    assert "moves to the next working day" not in text.split("Fast service")[0]
    assert "Days off inside the term, counted like any other day:" in text
    assert "Friday, 1 January 2027 — New Year's Day" in text


def test_calculator_explains_each_variant_with_declared_days_off(
    client, heirs, today_is
):
    """Working days skip holidays, weekends and a declared day off, by name (#2)."""
    today_is(datetime.date(2026, 11, 24))
    CalendarDayFactory(
        day=datetime.date(2026, 12, 31),
        reason_en="Day off declared by the Council of Ministers",
    )

    response = client.get("/en/services/heirs/", {"filed_on": "2026-12-23"})

    text = _section(response, "calculated-due-date")
    # 29, 30 Dec, then 4, 5, 6 Jan: 31 Dec is a declared day off.
    assert "Fast service: due by 6 January 2027" in text
    assert "Express service: due by 29 December 2026" in text
    assert "Non-working days not counted:" in text
    assert (
        "Thursday, 31 December 2026 — declared day off: "
        "Day off declared by the Council of Ministers"
    ) in text
    assert "Saturday, 2 January 2027 — weekend" in text


def test_working_saturday_counts_as_a_working_day(client, heirs, today_is):
    today_is(datetime.date(2026, 12, 16))
    CalendarDayFactory(working_day=True, day=datetime.date(2026, 12, 19))

    text = _section(client.get("/en/services/heirs/"), "due-heading")

    # Fast (5 working days) from Wed 16.12: 17, 18, Sat 19 (working), 21, 22.
    assert "Fast service: due by 22 December 2026" in text


def test_bulgarian_explanation_names_the_holiday_in_bulgarian(client, heirs, today_is):
    today_is(datetime.date(2026, 12, 10))

    text = _section(client.get("/bg/services/heirs/"), "due-heading")

    assert "Бъдни вечер" in text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("2026-13-45", "Enter a real date as DD.MM.YYYY", id="no-month-13"),
        pytest.param("23/12/2026", "Enter a real date as DD.MM.YYYY", id="slashes"),
        pytest.param("tomorrow", "Enter a real date as DD.MM.YYYY", id="words"),
        pytest.param("", "Enter the date you plan to file the request.", id="empty"),
        pytest.param("0001-01-01", "Choose a date between", id="too-early"),
        pytest.param("9999-12-31", "Choose a date between", id="overflow"),
    ],
)
def test_bad_filing_date_gets_a_message_beside_the_field(client, heirs, typed, message):
    """A bad ?filed_on= is a form error, never a 500 (#2)."""
    response = client.get("/en/services/heirs/", {"filed_on": typed})

    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="div_id_filed_on"') : html.index("</form>")]
    assert message in field
    assert f'value="{typed}"' in field or not typed
    assert 'aria-invalid="true"' in field
    assert 'id="calculated-due-date"' not in html


def test_bulgarian_date_format_is_accepted_by_the_calculator(client, heirs):
    response = client.get("/en/services/heirs/", {"filed_on": "23.12.2026"})

    assert "due by 6 January 2027" in _section(response, "calculated-due-date")


# --- Query counts --------------------------------------------------------------------


def _catalogue_of(size: int) -> None:
    for i in range(size):
        service = ServiceFactory(code=f"service-{size}-{i}")
        ServiceVariantFactory(service=service)
        ServiceVariantFactory(service=service, express=True)


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize(
    ("query", "queries"),
    [
        pytest.param("", 1, id="by-department"),
        # The ranked search (#15): terms, near spellings, the services found.
        pytest.param("certificate", 5, id="search"),
    ],
)
def test_catalogue_page_query_count_does_not_grow_with_the_size(
    client, django_assert_max_num_queries, size, query, queries
):
    _catalogue_of(size)

    with django_assert_max_num_queries(queries):
        response = client.get(CATALOGUE_EN, {"q": query})

    assert response.status_code == 200
    assert "service-" in response.content.decode()


@pytest.mark.parametrize("variants", [1, 8])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        pytest.param({}, 4 + 10, id="today"),
        pytest.param({"filed_on": "2026-12-23"}, 5 + 10, id="calculator"),
    ],
)
def test_service_page_query_count_does_not_grow_with_variants(
    client, django_assert_num_queries, variants, params, queries
):
    """Service, variants, questions, one calendar query per filing date (#2), and
    the ten statements of the service's figures of the last 12 months (#14)."""
    _catalogue_of(5)
    service = ServiceFactory(code="many")
    for i in range(variants):
        ServiceVariantFactory(service=service, code=f"v{i}")
        ServiceQuestionFactory(service=service)

    with django_assert_num_queries(queries):
        response = client.get("/en/services/many/", params)

    assert response.status_code == 200
