"""`{% legal_citation "code" %}`: a citation from the one table (requests_app.legal)."""

from django import template

from requests_app.legal import LEGAL_SOURCES

register = template.Library()


@register.simple_tag
def legal_citation(code: str) -> str:
    """Return "act, article" of the source `code` in the active language.

    An unknown code raises KeyError: a misspelt citation fails the page's test rather
    than showing nothing.
    """
    return LEGAL_SOURCES[code].citation()
