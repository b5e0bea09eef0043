"""Every public page answers in both languages, self-contained and well-formed (#2)."""

import re

import pytest

PUBLIC_PAGES = ["", "services/", "track/", "accessibility/", "staff/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_answers_in_its_language_without_outside_hosts(
    client, language, path
):
    """200, the right <html lang>, one h1, assets from this site only (#2)."""
    response = client.get(f"/{language}/{path}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assets = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    outside = [url for url in assets if re.match(r"(https?:)?//", url)]
    assert assets
    assert outside == []


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    """Only this site's scripts and styles run; no page can be framed (#2)."""
    response = client.get("/bg/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"), [("bg", "/bg/"), ("en-GB,en;q=0.9", "/en/")]
)
def test_root_redirects_to_the_visitors_language(client, accept_language, expected):
    """/ sends each visitor to the site in their browser's language (#2)."""
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_unknown_address_answers_a_translated_404(client):
    """A mistyped address gets the site's own page in Bulgarian, not a crash (#2)."""
    response = client.get("/bg/no-such-page/")

    assert response.status_code == 404
    assert "Страницата не е намерена" in response.content.decode()
