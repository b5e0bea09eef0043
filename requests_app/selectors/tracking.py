"""Reads for citizens: a request by its tracking token, a citizen's own requests."""

from django.db.models import Prefetch, QuerySet

from requests_app.deadlines import DueDate, Term
from requests_app.models import Attachment, CitizenRequest, RequestEvent
from requests_app.selectors.calendar import due_date_for
from requests_app.selectors.case import DueMove, case_due_moves
from requests_app.tokens import token_hash


def request_get_by_token(*, token: str) -> CitizenRequest | None:
    """Return the request behind a secret tracking link, ready for the tracking page.

    Only what the citizen may see is loaded: public timeline entries and the citizen's
    own documents. A constant number of queries (three), whatever their number.
    """
    return (
        CitizenRequest.objects.select_related(
            "service", "variant", "department", "assigned_to"
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=RequestEvent.objects.filter(is_public=True).order_by(
                    "created_at", "pk"
                ),
                to_attr="public_events",
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_from_citizen=True).order_by(
                    "created_at", "pk"
                ),
                to_attr="citizen_attachments",
            ),
        )
        .filter(tracking_token_hash=token_hash(token))
        .first()
    )


def request_list_for_citizen(*, email_key: str) -> QuerySet[CitizenRequest]:
    """Return the requests filed with an address of `email_key`, newest first.

    The key is a signed-in citizen's (`requests_app.emails.email_key`); "" has none.
    """
    if not email_key:
        return CitizenRequest.objects.none()
    return (
        CitizenRequest.objects.filter(citizen_email_key=email_key)
        .select_related("service", "department")
        .order_by("-submitted_at", "-pk")
    )


def request_due_explained(*, citizen_request: CitizenRequest) -> DueDate | None:
    """Return how the request's due date was computed, in the active language.

    None once the due date moved (extension, suspension): the timeline says why.
    """
    if citizen_request.due_on != citizen_request.original_due_on:
        return None
    term = Term(citizen_request.term_days, citizen_request.term_working_days)
    return due_date_for(received_on=citizen_request.received_on, term=term)


def request_due_moves(*, citizen_request: CitizenRequest) -> list[DueMove]:
    """Return how the citizen's due date moved since filing, each move in words.

    Only what the citizen is told anyway: pauses, restarts, extensions with their
    reason, and moves by the work calendar.
    """
    if citizen_request.due_on == citizen_request.original_due_on:
        return []  # nothing moved: no queries
    return case_due_moves(citizen_request=citizen_request)
