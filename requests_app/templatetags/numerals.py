"""Template filter for counts: `{{ value|number }}`, grouped as the language does."""

from django import template

from requests_app.numerals import number_text

register = template.Library()


@register.filter
def number(value: int | float | None) -> str:
    """Return `value` in the active language's format ("12 500", "12,500")."""
    if value is None or value == "":
        return ""
    return number_text(value)
