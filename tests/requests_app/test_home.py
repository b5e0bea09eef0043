"""The home page serves (#14): the catalogue search first, the most used services, the
links to follow a request, complain, rate and suggest, and the live figures."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from requests_app.selectors.popular import service_most_requested
from tests.requests_app.factories import CitizenRequestFactory, ServiceFactory


def home(client, language: str = "en") -> str:
    with translation.override(language):
        path = reverse("requests_app:home")
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def requests_for(service, count: int, *, days_ago: int = 10) -> None:
    received = timezone.localdate() - datetime.timedelta(days=days_ago)
    for _ in range(count):
        CitizenRequestFactory(service=service, received_on=received)


@pytest.fixture
def services():
    """Three services asked for 3, 1 and 2 times this year; one asked for 5 times two
    years ago; an inactive one asked for 9 times."""
    most = ServiceFactory(name_en="Heirs certificate")
    least = ServiceFactory(name_en="Birth certificate")
    middle = ServiceFactory(name_en="Tax valuation")
    old = ServiceFactory(name_en="Old favourite")
    withdrawn = ServiceFactory(name_en="Withdrawn service", inactive=True)
    requests_for(most, 3)
    requests_for(least, 1)
    requests_for(middle, 2)
    requests_for(old, 5, days_ago=730)
    requests_for(withdrawn, 9)
    return most, middle, least, old, withdrawn


@pytest.mark.django_db
def test_search_box_comes_first_and_searches_the_catalogue(client, services):
    main = main_of(home(client))
    form = re.search(r"<form[^>]*>", main).group(0)
    assert 'method="get"' in form
    assert f'action="{reverse("requests_app:catalogue")}"' in form
    assert 'name="q"' in main
    # Nothing to act on comes before it: the first link or form is the search.
    assert main.index("<form") < main.index("<a ")
    assert main.index("<form") < main.index('id="popular-heading"')
    assert main.count("<h1") == 1


@pytest.mark.django_db
def test_search_from_home_lands_on_the_catalogue_results(client, services):
    most = services[0]
    with translation.override("en"):
        action = reverse("requests_app:catalogue")
    response = client.get(action, {"q": "Heirs"})
    assert most.name_en in response.content.decode()


@pytest.mark.django_db
def test_most_used_services_in_order_of_requests_this_year(client, services):
    most, middle, least, old, withdrawn = services
    assert service_most_requested() == [most, middle, least]
    main = main_of(home(client))
    positions = [main.index(service.name_en) for service in (most, middle, least)]
    assert positions == sorted(positions)
    assert old.name_en not in main
    assert withdrawn.name_en not in main


@pytest.mark.django_db
def test_most_used_services_are_left_out_on_a_new_site(client):
    ServiceFactory()
    main = main_of(home(client))
    assert "popular-heading" not in main
    assert 'name="q"' in main


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
def test_home_links_to_track_complain_rate_suggest_and_performance(client, language):
    main = main_of(home(client, language))
    with translation.override(language):
        for name in (
            "requests_app:track-lookup",
            "feedback:complaint-create",
            "feedback:survey",
            "feedback:suggestions",
            "standards:performance",
        ):
            assert f'href="{reverse(name)}"' in main, name


@pytest.mark.django_db
def test_home_shows_the_municipality_figures(client, services):
    main = main_of(home(client))
    assert 'id="municipality-performance"' in main
    assert 'data-figure="cases">15<' in main  # every request received this year
    # Headings in order: h1, then h2 only.
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(level == 2 for level in levels[1:])


@pytest.mark.django_db
def test_home_in_bulgarian_keeps_translated_texts(client):
    main = main_of(home(client, "bg"))
    assert "Търсене в услугите" in main
    assert "Проследете подадено заявление" in main
