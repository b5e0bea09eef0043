"""Errors raised by the feedback services when a rule says no.

The message is for the user (translated); views turn it into a form error or a message.
"""

from requests_app.errors import ServiceError


class FeedbackError(ServiceError):
    code = "feedback_error"


class SurveyLinkUnusable(ServiceError):
    """The survey link was used or has expired; `code` says which."""

    code = "survey_link_unusable"
