"""The clerks' queue: open requests by due date, tiers, filters and search."""

import functools
import re
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from requests_app.deadlines import add_working_days
from requests_app.emails import email_key
from requests_app.models import CitizenRequest, Service, User
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.reach import (
    Viewer,
    request_reach_parts,
    viewer_handles_requests,
)
from requests_app.workflow import OPEN_STATUSES

SOON_WORKING_DAYS = 3  # "due within 3 working days"


QUEUE_PAGE_SIZE = 25


SEARCH_MAX_LENGTH = 100


class Tier:
    """How close a request is to its due date; shown in words and colour."""

    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"

    ORDER = (OVERDUE, TODAY, SOON, ON_TRACK)
    LABELS = {
        OVERDUE: _("Overdue"),
        TODAY: _("Due today"),
        SOON: _("Due within 3 working days"),
        ON_TRACK: _("On track"),
    }
    # Bootstrap badge classes with AA contrast; the label always carries the meaning.
    CSS = {
        OVERDUE: "text-bg-danger",
        TODAY: "text-bg-warning",
        SOON: "text-bg-info",
        ON_TRACK: "text-bg-success",
    }


def soon_until(*, today: date) -> date:
    """Return the last day of the "due within 3 working days" tier."""
    calendar = work_calendar_for(start=today, end=today + timedelta(days=40))
    return add_working_days(today, SOON_WORKING_DAYS, calendar)


def _tier_expression(*, today: date, soon: date) -> Case:
    return Case(
        When(due_on__lt=today, then=Value(Tier.OVERDUE)),
        When(due_on=today, then=Value(Tier.TODAY)),
        When(due_on__lte=soon, then=Value(Tier.SOON)),
        default=Value(Tier.ON_TRACK),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    service: int | None = None
    tier: str = ""
    assigned: str = ""  # "me", "none" or "" (anyone)
    channel: str = ""
    filed_from: date | None = None
    filed_to: date | None = None
    search: str = ""


class QueueRows:
    """The queue's rows as the paginator sees them: their number comes from the tier
    counts (no second count), and a page is read in two short statements: the ids of
    the page in due-date order (an index-only walk of the open requests), then those
    rows with what the table shows."""

    def __init__(self, requests: QuerySet[CitizenRequest], total: int) -> None:
        self.requests = requests
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[CitizenRequest]:
        ids = list(self.requests.values_list("pk", flat=True)[window])
        rows = (
            self.requests.filter(pk__in=ids)
            .select_related("service", "assigned_to", "department")
            .defer("details", "tracking_token")  # not shown; the token is encrypted
        )
        by_pk = {row.pk: row for row in rows}
        return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass
class Queue:
    requests: QuerySet[CitizenRequest]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    tier: str = ""  # the tier filter, if any

    @property
    def shown(self) -> int:
        """Return how many requests the filters show (the tier's, or all tiers')."""
        return self.counts[self.tier] if self.tier else self.total

    def rows(self) -> QueueRows:
        """Return the rows for a paginator, counted without another statement."""
        return QueueRows(self.requests, self.shown)


def _tier_filters(*, today: date, soon: date) -> dict[str, Q]:
    return {
        Tier.OVERDUE: Q(due_on__lt=today),
        Tier.TODAY: Q(due_on=today),
        Tier.SOON: Q(due_on__gt=today, due_on__lte=soon),
        Tier.ON_TRACK: Q(due_on__gt=soon),
    }


# Spaces a clerk may type around the separators of a registry number: "94-00 - 12 / 1".
_NUMBER_SEPARATOR_SPACES = re.compile(r"\s*([-/])\s*")
# What may precede a number copied from a letter: "вх. № 94-00-12/01.12.2026".
_NUMBER_SIGN = re.compile(r"^(?:вх\.?\s*)?№\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _sequence_delimiters(number_format: str) -> tuple[str, str | None]:
    """Return the text that the registry number format puts right before and right
    after the sequence: ("-", "/") for "{index}-{sequence}/{received_on:...}".

    Before: "" where the sequence starts the number or touches another field. After:
    "" where it ends the number, None where it touches another field."""
    parts = list(string.Formatter().parse(number_format))
    for position, (literal, field_name, _spec, _conversion) in enumerate(parts):
        if field_name == "sequence":
            if position + 1 == len(parts):
                return literal, ""
            following_literal, following_field = parts[position + 1][:2]
            if following_literal or following_field is None:
                return literal, following_literal
            return literal, None
    return "", None


def _number_filters(number: str) -> list[Q]:
    """Return the filters of a registry number search, from the closest match on.

    - The number itself, typed with or without its date part.
    - Only the sequence ("1244"), or the sequence and the date ("1244/01.12.2026"):
      the numbers with that very sequence.
    - The numbers that start with what was typed, read from the number's own index.
    - The numbers that contain it, ignoring case (the trigram index on PostgreSQL).
    """
    before, after = _sequence_delimiters(settings.REGISTRY_NUMBER_FORMAT)
    itself = Q(registry_number=number)
    if after:
        itself |= Q(registry_number__startswith=number + after)
    filters = [itself]
    if before and after is not None and number.isdigit():
        if after:
            filters.append(Q(registry_number__icontains=before + number + after))
        else:
            filters.append(Q(registry_number__iendswith=before + number))
    elif before and after and re.match(r"\d+" + re.escape(after), number):
        filters.append(Q(registry_number__icontains=before + number))
    filters.append(Q(registry_number__startswith=number))
    filters.append(Q(registry_number__icontains=number))
    return filters


def _search_filter(search: str, *, within: QuerySet[CitizenRequest]) -> Q:
    """Return the filter of a queue search, by what the clerk typed.

    - An e-mail address: the citizens with that address (its matching key, exact);
      part of an address (with "@"): inside the e-mail, ignoring case.
    - A word with a digit (spaces around "-" and "/" do not count): a registry
      number, see `_number_filters`; the first of its filters that matches a request
      in `within` (the requests the queue would show) is the search.
    - Anything else: every word of it inside the citizen's name, in any order ("Петя
      Георгиева" finds "Петя Иванова Георгиева"), or all of it inside the registry
      number (whose format may hold letters), ignoring case.

    On PostgreSQL trigram indexes over the open requests serve the "inside" matches
    (migration 0009), as the numbers' own index serves their beginnings. On SQLite
    the lookups that ignore case ignore it in Cyrillic too (servicedesk/sqlite.py).
    """
    if "@" in search:
        key = email_key(search)
        return Q(citizen_email_key=key) if key else Q(citizen_email__icontains=search)
    number = _NUMBER_SEPARATOR_SPACES.sub(r"\1", _NUMBER_SIGN.sub("", search))
    if len(number.split()) == 1 and any(c.isdigit() for c in number):
        filters = _number_filters(number)
        for candidate in filters[:-1]:
            if within.filter(candidate).exists():
                return candidate
        return filters[-1]
    words = [word for word in search.split() if any(c.isalnum() for c in word)]
    name = Q()
    for word in words or [search]:
        name &= Q(citizen_name__icontains=word)
    return name | Q(registry_number__icontains=search)


def request_queue_for(
    *, viewer: Viewer, today: date, filters: QueueFilters | None = None
) -> Queue:
    """Return the viewer's open requests, by due date then filing time, and tier counts.

    Two statements whatever the size of the table: the tier counts (which also give
    the number of rows, so the paginator does not count again) and, per page, the
    page's rows (`Queue.rows`). Open requests are served by partial indexes.
    """
    filters = filters or QueueFilters()
    soon = soon_until(today=today)
    qs = CitizenRequest.objects.all()
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.service:
        qs = qs.filter(service_id=filters.service)
    if filters.assigned == "me":
        qs = qs.filter(assigned_to_id=viewer.pk)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.filed_from:
        qs = qs.filter(received_on__gte=filters.filed_from)
    if filters.filed_to:
        qs = qs.filter(received_on__lte=filters.filed_to)
    own_departments, own_cases = request_reach_parts(viewer=viewer)
    search = filters.search.strip()[:SEARCH_MAX_LENGTH]
    if search:
        within = qs.filter(own_departments | own_cases)
        qs = qs.filter(_search_filter(search, within=within))
    tiers = _tier_filters(today=today, soon=soon)
    # Counts per tier before the tier filter, so the summary shows the whole picture;
    # per part of the reach, so that each count reads one index and no table row.
    counts = dict.fromkeys(Tier.ORDER, 0)
    for part in (own_departments, own_cases):
        row = qs.filter(part).aggregate(
            **{t: Count("due_on", filter=tiers[t]) for t in Tier.ORDER}
        )
        for t in Tier.ORDER:
            counts[t] += row[t] or 0
    qs = qs.filter(own_departments | own_cases)
    tier = filters.tier if filters.tier in Tier.ORDER else ""
    if tier:
        qs = qs.filter(tiers[tier])
    qs = (
        qs.annotate(tier=_tier_expression(today=today, soon=soon))
        .select_related("service", "assigned_to", "department")
        .order_by("due_on", "submitted_at", "pk")
    )
    return Queue(requests=qs, counts=counts, total=sum(counts.values()), tier=tier)


def tier_of(*, due_on: date, today: date, soon: date) -> str:
    if due_on < today:
        return Tier.OVERDUE
    if due_on == today:
        return Tier.TODAY
    if due_on <= soon:
        return Tier.SOON
    return Tier.ON_TRACK


def intake_services_for(*, viewer: Viewer) -> QuerySet[Service]:
    """Return the active services of the viewer's departments (for desk intake)."""
    if not (
        viewer_handles_requests(viewer)
        and viewer.has_perm("requests_app.register_request")
    ):
        return Service.objects.none()
    assert isinstance(viewer, User)
    return (
        Service.objects.filter(is_active=True, department__in=viewer.departments.all())
        .select_related("department")
        .order_by("name", "pk")
    )


def queue_services_for(*, viewer: Viewer) -> QuerySet[Service]:
    """Return the services of the viewer's departments (the queue's service filter)."""
    if not viewer_handles_requests(viewer):
        return Service.objects.none()
    assert isinstance(viewer, User)
    return Service.objects.filter(department__in=viewer.departments.all()).order_by(
        "name", "pk"
    )
