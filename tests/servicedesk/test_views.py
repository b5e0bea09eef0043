"""Small site-wide addresses: the favicon browsers ask for on every site."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_the_crest_for_everyone(client, settings):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/{settings.MUNICIPALITY_CREST}")


def test_every_page_names_the_crest_as_its_icon(client):
    html = client.get("/bg/").content.decode()
    assert '<link rel="icon" href="/static/img/crest' in html
