"""Receivers of requests_app's hooks: thin, they call feedback services."""

from typing import Any

from requests_app.workflow import Status

from .services import survey_invite


def request_closed_invite(
    sender: Any, *, citizen_request: Any, event: Any, **kwargs: Any
) -> None:
    """Invite the citizen to the satisfaction survey when a request is closed (#4)."""
    if event.to_status == Status.CLOSED:
        survey_invite(citizen_request=citizen_request)
