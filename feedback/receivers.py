"""Receivers of requests_app's hooks: thin, they call feedback services."""

from typing import Any

from feedback.services.surveys import survey_invite
from requests_app.workflow import TERMINAL_STATUSES


def request_closed_invite(
    sender: Any, *, citizen_request: Any, event: Any, **kwargs: Any
) -> None:
    """Invite the citizen to the satisfaction survey when a request is closed or
    rejected."""
    if event.to_status in TERMINAL_STATUSES:
        survey_invite(citizen_request=citizen_request)
