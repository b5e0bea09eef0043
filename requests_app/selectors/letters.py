"""Letters to post: who may see which, the batch, and the letters that wait too long.

A letter carries a citizen's address and the text of a notice, so it is as private as
the case it belongs to. A letter about a request is seen by whoever may see the
request. Other letters (complaints, suggestions) belong to other apps: each app names,
in its AppConfig, a function `letter_reach` (a dotted path) that returns the filter of
the letters the viewer may see (requests_app imports no other app). Without such a
filter nobody sees them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from requests_app.deadlines import WorkCalendar, add_working_days
from requests_app.models import Notice, User
from requests_app.models.requests import NotifyBy
from requests_app.selectors.alerts import department_heads_of
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.reach import (
    Viewer,
    viewer_department_ids,
    viewer_handles_requests,
)

LetterReach = Callable[[Viewer], Q]


@cache
def _app_letter_reaches() -> tuple[LetterReach, ...]:
    paths = (getattr(config, "letter_reach", "") for config in apps.get_app_configs())
    return tuple(import_string(path) for path in paths if path)


def letter_reach_for(*, viewer: Viewer) -> Q:
    """Return the filter of the letters (notices by post) the viewer may see."""
    if not viewer.is_authenticated or not viewer.is_active:
        return Q(pk__in=[])
    reach = Q(pk__in=[])
    if viewer_handles_requests(viewer):
        # The request reach (`request_reach_parts`) through the letter's request: a
        # join from the few waiting letters, not a list of every request in reach.
        assert isinstance(viewer, User)
        reach = Q(request__department_id__in=viewer_department_ids(viewer)) | Q(
            request__assigned_to_id=viewer.pk
        )
    for app_reach in _app_letter_reaches():
        reach |= Q(request__isnull=True) & app_reach(viewer)
    return reach


def letters_waiting_for(*, viewer: Viewer) -> QuerySet[Notice]:
    """Return the letters not posted yet that the viewer may see, oldest first."""
    return (
        Notice.objects.filter(channel=NotifyBy.POST, posted_on__isnull=True)
        .filter(letter_reach_for(viewer=viewer))
        .select_related("signed_by", "department")
        .order_by("created_at", "pk")
    )


def letter_post_by(*, written_on: date, calendar: WorkCalendar | None = None) -> date:
    """Return the last day to post a letter written on `written_on`: the next working
    day."""
    if calendar is None:
        calendar = work_calendar_for(
            start=written_on, end=written_on + timedelta(days=40)
        )
    return add_working_days(written_on, 1, calendar)


@dataclass(frozen=True)
class LetterRow:
    notice: Notice
    written_on: date
    post_by: date
    is_late: bool


def letter_rows(*, letters: Iterable[Notice], today: date) -> list[LetterRow]:
    """Return each letter with the day it was written and the last day to post it.

    A letter is late once the next working day after it was written has passed.
    """
    letters = list(letters)
    if not letters:
        return []
    first = min(timezone.localdate(notice.created_at) for notice in letters)
    calendar = work_calendar_for(
        start=first, end=max(first, today) + timedelta(days=40)
    )
    rows = []
    for notice in letters:
        written_on = timezone.localdate(notice.created_at)
        post_by = letter_post_by(written_on=written_on, calendar=calendar)
        rows.append(
            LetterRow(
                notice=notice,
                written_on=written_on,
                post_by=post_by,
                is_late=today > post_by,
            )
        )
    return rows


@dataclass(frozen=True)
class Signature:
    name: str
    position: str


def letter_signature(*, notice: Notice) -> Signature:
    """Return who signs a letter: its signer, else the head of its department.

    Without either, the letter is signed by the department (or the municipality, when
    the template has no department either).
    """
    signer = notice.signed_by
    if (signer is None or not signer.is_active) and notice.department_id is not None:
        signer = department_heads_of(department_id=notice.department_id).first()
    if signer is None:
        return Signature(name="", position="")
    return Signature(name=signer.display_name, position=signer.position)


def letter_address_lines(*, notice: Notice) -> list[str]:
    """Return the recipient's lines for the envelope window: name, then address."""
    return [line.strip() for line in notice.recipient.splitlines() if line.strip()]
