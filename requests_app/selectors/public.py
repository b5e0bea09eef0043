"""Public-safe reads for the Open311 API: catalogue and requests, no personal data.

Requests are read with `values()` over an explicit list of columns, so the citizen's
name, e-mail, phone and postal address are never even loaded. The citizen's own free
text (`details`) is read only when the caller asks for it.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import get_language

from requests_app.models import (
    CitizenRequest,
    EventKind,
    RequestEvent,
    Service,
    ServiceQuestion,
)
from requests_app.workflow import OPEN_STATUSES, Status

# The municipality's own statements about the status: why it changed, why the term
# was extended, who handles the case now. Letters to the citizen (answers, requests for
# documents) are written for one person and may hold personal data: never published,
# nor is a citizen's own reply.
STATUS_NOTE_KINDS = (
    EventKind.STATUS,
    EventKind.EXTENSION,
    EventKind.REFERRAL,
)
CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES


@dataclass(frozen=True)
class PublicRequest:
    """What the world may know about a request."""

    registry_number: str
    is_open: bool
    status_notes: str | None
    service_code: str
    service_name: str
    department_name: str
    submitted_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    due_on: date
    location: str
    latitude: Decimal | None
    longitude: Decimal | None
    description: str | None


def open311_service_list() -> QuerySet[Service]:
    """Return the active services that may be filed online, with `has_questions`."""
    questions = ServiceQuestion.objects.filter(service=OuterRef("pk"))
    return (
        Service.objects.filter(is_active=True, is_online=True)
        .select_related("department")
        .annotate(has_questions=Exists(questions))
        .order_by("department__order", "code")
    )


def _storable(values: Collection[str]) -> list[str]:
    """Drop values no database column can hold (PostgreSQL refuses NUL characters)."""
    return [value for value in values if "\x00" not in value]


def open311_service_get(*, code: str) -> Service | None:
    """Return the active online service `code` with its questions, or None."""
    if not _storable([code]):
        return None
    return (
        open311_service_list().prefetch_related("questions").filter(code=code).first()
    )


def _request_rows(*, with_description: bool) -> QuerySet:
    notes = (
        RequestEvent.objects.filter(
            request=OuterRef("pk"), is_public=True, kind__in=STATUS_NOTE_KINDS
        )
        .exclude(text="")
        .order_by("-created_at", "-pk")
        .values("text")[:1]
    )
    columns = [
        "registry_number",
        "status",
        "service__code",
        *(f"service__name_{code}" for code, _name in settings.LANGUAGES),
        *(f"department__name_{code}" for code, _name in settings.LANGUAGES),
        "submitted_at",
        "updated_at",
        "closed_at",
        "due_on",
        "location",
        "latitude",
        "longitude",
        "status_notes",
    ]
    if with_description:
        columns.append("details")
    return CitizenRequest.objects.annotate(status_notes=Subquery(notes)).values(
        *columns
    )


def _translated(row: dict, field: str) -> str:
    """Return a translated column in the active language, else the default one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return row.get(f"{field}_{language}") or row[f"{field}_{settings.LANGUAGE_CODE}"]


def _public(row: dict) -> PublicRequest:
    return PublicRequest(
        registry_number=row["registry_number"],
        is_open=row["status"] in OPEN_STATUSES,
        status_notes=row["status_notes"] or None,
        service_code=row["service__code"],
        service_name=_translated(row, "service__name") or "",
        department_name=_translated(row, "department__name") or "",
        submitted_at=row["submitted_at"],
        updated_at=row["updated_at"],
        closed_at=row["closed_at"],
        due_on=row["due_on"],
        location=row["location"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        description=row.get("details") or None,
    )


def open311_request_get(
    *, registry_numbers: Collection[str], with_description: bool = False
) -> PublicRequest | None:
    """Return the request with one of `registry_numbers` (spellings of one id)."""
    rows = _request_rows(with_description=with_description).filter(
        registry_number__in=_storable(registry_numbers)
    )
    found = {row["registry_number"]: row for row in rows}
    for number in registry_numbers:  # the caller's order decides between spellings
        if number in found:
            return _public(found[number])
    return None


def open311_request_list(
    *,
    registry_numbers: Collection[str] | None = None,
    service_codes: Collection[str] | None = None,
    is_open: bool | None = None,
    submitted_from: datetime | None = None,
    submitted_to: datetime | None = None,
    limit: int = 1000,
    with_description: bool = False,
) -> list[PublicRequest]:
    """Return requests, newest first, filtered as the Open311 GET requests call says."""
    rows = _request_rows(with_description=with_description)
    if registry_numbers is not None:
        rows = rows.filter(registry_number__in=_storable(registry_numbers))
    if service_codes is not None:
        rows = rows.filter(service__code__in=_storable(service_codes))
    if is_open is True:
        rows = rows.filter(status__in=list(OPEN_STATUSES))
    elif is_open is False:
        rows = rows.filter(status__in=list(CLOSED_STATUSES))
    if submitted_from is not None:
        rows = rows.filter(submitted_at__gte=submitted_from)
    if submitted_to is not None:
        rows = rows.filter(submitted_at__lte=submitted_to)
    rows = rows.order_by("-submitted_at", "-pk")[:limit]
    return [_public(row) for row in rows]
