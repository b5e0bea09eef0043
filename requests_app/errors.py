"""Errors raised by services when a business rule says no.

The message is for the user (translated); views turn it into a form error or a message.
"""


class ServiceError(Exception):
    code = "service_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class TransitionNotAllowed(ServiceError):
    code = "transition_not_allowed"


class NoticeNotDelivered(Exception):
    """The mail server refused or was unreachable; the notice stays in the outbox."""
