"""Absolute links to feedback pages, in the language of the one who receives them.

E-mails and PDFs are read outside the browser: their links carry the public address of
the site (`requests_app.links.absolute_url`) and the recipient's language prefix.
"""

from requests_app.links import page_url


def follow_up_url(language: str) -> str:
    """Return the page where a filer follows a case with the receipt code."""
    return page_url("feedback:complaint-follow-up", language)


def complaint_staff_url(complaint_id: int, language: str) -> str:
    """Return the officers' page of a case."""
    return page_url("feedback:staff-complaint-detail", language, pk=complaint_id)


def survey_link(token: str, language: str, score: int | None = None) -> str:
    """Return the e-mailed survey link; with `score`, one click records it."""
    url = page_url("feedback:survey-invited", language, token=token)
    return f"{url}?score={score}" if score is not None else url
