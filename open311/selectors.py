"""Reads of the Open311 app's own records (submissions)."""

from collections.abc import Iterable

from .models import Submission


def submission_get_by_token(*, token: str) -> Submission | None:
    """Return the submission handed out with `token`, or None."""
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return Submission.objects.filter(token=token).first()


def submissions_by_request_id(
    *, registry_numbers: Iterable[str]
) -> dict[str, Submission]:
    """Return the submissions of these registry numbers, keyed by registry number."""
    rows = Submission.objects.filter(service_request_id__in=list(registry_numbers))
    return {row.service_request_id: row for row in rows}
