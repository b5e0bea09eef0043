"""Absolute links for messages and documents that leave the site.

E-mails, PDFs and API payloads are read outside the browser, so their links carry the
public address of the site (`SITE_URL`), never the address a request came in on.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from requests_app.models import CitizenRequest


def absolute_url(path: str) -> str:
    """Return `path` (from `reverse`) as an absolute link on the public site."""
    return f"{settings.SITE_URL}{path}"


def page_url(name: str, language: str, **kwargs: object) -> str:
    """Return the absolute link to the page `name`, with the `language` prefix."""
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs or None))


def tracking_url(citizen_request: CitizenRequest) -> str:
    """Return the citizen's secret tracking link, in the citizen's language."""
    return page_url(
        "requests_app:request-track",
        citizen_request.language,
        token=citizen_request.tracking_token,
    )
