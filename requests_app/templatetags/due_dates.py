"""Template filters for due dates: the one explanation, rendered on pages and PDFs."""

from django import template

from requests_app.deadlines import DueDate
from requests_app.explain import DueDateExplanation
from requests_app.explain import due_date_explanation as explain

register = template.Library()


@register.filter
def due_date_explanation(due: DueDate) -> DueDateExplanation:
    """Return `due` explained in the active language (see `requests_app.explain`)."""
    return explain(due)
