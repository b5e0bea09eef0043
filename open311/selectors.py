"""Reads of the Open311 app's own records (submissions)."""

from collections.abc import Iterable

from .models import Submission


def submission_get_by_token(*, token: str) -> Submission | None:
    """Return the submission handed out with `token`, or None.

    The URL's path converter has checked the token's shape (no NUL byte, 64 at most).
    """
    return Submission.objects.filter(token=token).first()


def submissions_by_request_id(
    *, registry_numbers: Iterable[str]
) -> dict[str, Submission]:
    """Return the submissions of these registry numbers, keyed by registry number."""
    rows = Submission.objects.filter(service_request_id__in=list(registry_numbers))
    return {row.service_request_id: row for row in rows}
