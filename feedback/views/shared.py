"""Helpers shared by the feedback views."""

from django.utils.translation import get_language


def page_language() -> str:
    """Return the language of the page being answered ("bg" or "en")."""
    return (get_language() or "bg")[:2]
