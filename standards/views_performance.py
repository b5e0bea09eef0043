"""The public performance page and its CSV: the last 12 months of each department
and service, computed by the reports' indicators (`standards.selectors.performance`)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from servicedesk.db_router import replica_reads
from standards.selectors.performance import performance_csv, performance_table


@login_not_required
@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    with replica_reads():  # a year of figures: from the replica, if there is one
        table = performance_table()
    return render(request, "standards/performance.html", {"table": table})


@login_not_required
@require_GET
def performance_download(request: HttpRequest) -> HttpResponse:
    with replica_reads():
        table = performance_table()
    response = HttpResponse(
        performance_csv(table), content_type="text/csv; charset=utf-8"
    )
    name = f"performance-{timezone.localdate():%Y-%m-%d}-{get_language()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
