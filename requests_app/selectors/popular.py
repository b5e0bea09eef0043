"""The services citizens ask for most, for the home page."""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from requests_app.models import Service

POPULAR_LIMIT = 6


def service_most_requested(
    *, today: date | None = None, limit: int = POPULAR_LIMIT
) -> list[Service]:
    """Return the active services with the most requests received in the 12 months
    up to `today`, most first (ties by name). Services nobody asked for are left
    out: on a new site the list is empty and the home page shows the search alone."""
    today = today or timezone.localdate()
    since = today - timedelta(days=365)
    recent = Q(requests__received_on__gt=since, requests__received_on__lte=today)
    services = (
        Service.objects.filter(is_active=True)
        .annotate(recent_requests=Count("requests", filter=recent))
        .filter(recent_requests__gt=0)
        .order_by("-recent_requests", "name", "pk")
    )
    return list(services[:limit])
