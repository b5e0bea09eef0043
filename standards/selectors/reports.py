"""Generated reports: the public archive and the dashboard's recent list."""

from django.db.models import QuerySet

from standards.models import Report


def report_published_list() -> QuerySet[Report]:
    """Return the reports the public archive lists."""
    return Report.objects.filter(
        is_published=True, status=Report.Status.DONE
    ).select_related("department", "service")


def report_recent_list(*, limit: int = 20) -> QuerySet[Report]:
    """Return the latest reports, of any status, for the dashboard."""
    return Report.objects.select_related("department", "service", "requested_by")[
        :limit
    ]
