"""Keep the catalogue's search terms (`ServiceSearchTerm`) in step with its texts.

Called explicitly wherever a service's searchable text is written: the admin's save,
the demo loader, the migration that made the table. Never from `save()` or a signal.
A service without any term is still found (the search reads its text directly), so a
service made elsewhere is searchable before its first refresh.
"""

from collections.abc import Iterable

from django.db import transaction

from requests_app.models import Service, ServiceSearchTerm
from requests_app.search_text import SEARCHED_FIELDS, field_texts, weighted_terms

BATCH = 2000


def service_search_terms(service: Service) -> dict[str, int]:
    """Return the search terms of `service` with their weights (both languages)."""
    values = {name: getattr(service, name) or "" for name in SEARCHED_FIELDS}
    return weighted_terms(field_texts(values))


def _rows(service: Service) -> list[ServiceSearchTerm]:
    return [
        ServiceSearchTerm(service=service, term=term, weight=weight)
        for term, weight in sorted(service_search_terms(service).items())
    ]


@transaction.atomic
def service_search_index_refresh(*, service: Service) -> int:
    """Replace the search terms of `service` by those of its current text; return
    how many it has."""
    ServiceSearchTerm.objects.filter(service=service).delete()
    rows = _rows(service)
    ServiceSearchTerm.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


@transaction.atomic
def service_search_index_refresh_all(
    *, services: Iterable[Service] | None = None
) -> int:
    """Rebuild the search terms of `services` (default: every service); return how
    many terms they have."""
    if services is None:
        ServiceSearchTerm.objects.all().delete()
        services = list(Service.objects.order_by("pk"))
    else:
        services = list(services)
        ServiceSearchTerm.objects.filter(service__in=services).delete()
    rows = [row for service in services for row in _rows(service)]
    ServiceSearchTerm.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
