"""Reads: every non-trivial query of requests_app lives here (no writes).

Each part keeps its selectors in one block; new blocks go at the end of the file.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet

from .calendar import due_date_for, work_calendar_for
from .deadlines import DueDate, Term, due_date
from .models import (
    Attachment,
    CitizenRequest,
    Department,
    RequestEvent,
    Service,
    ServiceVariant,
)

# --- Catalogue (#2) ---------------------------------------------------------------

# The fields searched, in both languages, whatever language the visitor reads.
SEARCH_FIELDS = (
    "name_bg",
    "name_en",
    "summary_bg",
    "summary_en",
    "keywords_bg",
    "keywords_en",
)
SEARCH_MAX_LENGTH = 200


@dataclass(frozen=True)
class CatalogueGroup:
    """One department of the catalogue with its active services."""

    department: Department
    services: list[Service]


@dataclass(frozen=True)
class ServiceDueDates:
    """Due dates for a service and each of its variants, for one filing date."""

    received_on: date
    service: DueDate
    variants: list[tuple[ServiceVariant, DueDate]]


def _search_words(query: str) -> list[str]:
    return query[:SEARCH_MAX_LENGTH].casefold().split()


def _search_text(service: Service) -> str:
    return " ".join(getattr(service, name) or "" for name in SEARCH_FIELDS).casefold()


def service_active_list() -> QuerySet[Service]:
    """Return the active services with their departments."""
    return Service.objects.filter(is_active=True).select_related("department")


def catalogue_search(*, query: str = "") -> list[CatalogueGroup]:
    """Return the active services matching every word of `query`, by department.

    A word matches when it is part of a service's name, summary or keywords in Bulgarian
    or English, ignoring case. The case-fold runs in Python: SQLite's LOWER() and LIKE
    fold only ASCII, so a database filter would miss "УДОСТОВЕРЕНИЕ" for
    "удостоверение" there (PostgreSQL folds it). A municipal catalogue holds a few
    hundred services, read in one query.
    """
    words = _search_words(query)
    groups: dict[int, CatalogueGroup] = {}
    for service in service_active_list():
        text = _search_text(service)
        if not all(word in text for word in words):
            continue
        group = groups.setdefault(
            service.department_id, CatalogueGroup(service.department, [])
        )
        group.services.append(service)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.department.order, g.department.name.casefold()),
    )
    for group in ordered:
        group.services.sort(key=lambda s: s.name.casefold())
    return ordered


def service_get_public(*, code: str) -> Service | None:
    """Return the active service `code` with its variants and questions, or None."""
    return (
        service_active_list()
        .prefetch_related("variants", "questions")
        .filter(code=code)
        .first()
    )


def service_due_dates(
    *, service: Service, received_on: Iterable[date]
) -> list[ServiceDueDates]:
    """Return the due dates of `service` and its variants for each filing date.

    One calendar query per filing date, whatever the number of variants.
    """
    variants = list(service.variants.all())
    longest = max([service.term_days, *(v.term_days for v in variants)])
    result = []
    for filed_on in received_on:
        # Working-day terms run longer than their days; leave room for holidays.
        end = filed_on + timedelta(days=longest * 2 + 30)
        calendar = work_calendar_for(start=filed_on, end=end)
        result.append(
            ServiceDueDates(
                received_on=filed_on,
                service=due_date(
                    received_on=filed_on,
                    term=Term(service.term_days, service.term_working_days),
                    calendar=calendar,
                ),
                variants=[
                    (
                        variant,
                        due_date(
                            received_on=filed_on,
                            term=Term(variant.term_days, variant.term_working_days),
                            calendar=calendar,
                        ),
                    )
                    for variant in variants
                ],
            )
        )
    return result


# --- End of the catalogue block ----------------------------------------------------


# --- Filing and tracking (#2) ------------------------------------------------------

# secrets.token_urlsafe() characters only; anything else cannot be a token.
TRACKING_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def request_get_by_token(*, token: str) -> CitizenRequest | None:
    """Return the request behind a secret tracking link, ready for the tracking page.

    Only what the citizen may see is loaded: public timeline entries and the citizen's
    own documents. A constant number of queries (three), whatever their number.
    """
    if not TRACKING_TOKEN_PATTERN.fullmatch(token):  # e.g. a NUL byte: PostgreSQL errs
        return None
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
        .filter(tracking_token=token)
        .first()
    )


def request_list_for_citizen(*, email: str) -> QuerySet[CitizenRequest]:
    """Return the requests filed with `email` (a signed-in citizen's), newest first."""
    return (
        CitizenRequest.objects.filter(citizen_email__iexact=email)
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


# --- End of the filing and tracking block ------------------------------------------
