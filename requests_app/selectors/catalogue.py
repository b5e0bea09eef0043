"""Reads of the public catalogue: the list, service pages, due dates if filed today."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from requests_app.deadlines import DueDate, Term, due_date
from requests_app.models import Department, Service, ServiceVariant
from requests_app.selectors.calendar import work_calendar_for

# The longest query the catalogue search reads.
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


def service_active_list() -> QuerySet[Service]:
    """Return the active services with their departments."""
    return Service.objects.filter(is_active=True).select_related("department")


def catalogue_groups() -> list[CatalogueGroup]:
    """Return every active service by department, in catalogue order.

    The catalogue page lists them when no words are given; what citizens type is
    searched by `requests_app.selectors.search.service_search`, best match first.
    """
    groups: dict[int, CatalogueGroup] = {}
    for service in service_active_list():
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
