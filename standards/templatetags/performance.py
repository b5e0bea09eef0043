"""The public performance figures on pages of other apps (the service page, the home
page): `{% load performance %}{% service_performance service %}` and
`{% municipality_performance %}`.

A template tag, because `requests_app` may not import `standards`: its templates can
still load this library. The figures come from the selector, as on the performance
page; the tag only renders them.
"""

from django import template

from requests_app.models import Service
from standards.selectors.performance import (
    municipality_performance as municipality_figures,
)
from standards.selectors.performance import service_performance as service_figures

register = template.Library()


@register.inclusion_tag("standards/_service_performance.html")
def service_performance(service: Service) -> dict:
    """Render the last 12 months of one service."""
    return {"figures": service_figures(service=service)}


@register.inclusion_tag("standards/_municipality_performance.html")
def municipality_performance() -> dict:
    """Render the last 12 months of the whole municipality, with a link to the
    figures of each department and service."""
    return {"figures": municipality_figures()}
