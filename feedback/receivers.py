"""Receivers of requests_app's hooks: thin, they call feedback services."""

from typing import Any

from feedback.services.surveys import survey_invite
from requests_app.workflow import Status


def request_closed_invite(
    sender: Any, *, citizen_request: Any, event: Any, **kwargs: Any
) -> None:
    """Invite the citizen to the satisfaction survey when a request is closed."""
    if event.to_status == Status.CLOSED:
        survey_invite(citizen_request=citizen_request)
