"""Public catalogue: the list of services, a service's page and its printable sheet."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from requests_app.forms.catalogue import CatalogueSearchForm, DueDateCalculatorForm
from requests_app.links import absolute_url
from requests_app.models import Service
from requests_app.pdf import render_pdf
from requests_app.selectors.catalogue import (
    catalogue_groups,
    service_due_dates,
    service_get_public,
)
from requests_app.selectors.popular import service_most_requested
from requests_app.selectors.search import service_search


def _lines(text: str) -> list[str]:
    """Split a text kept one item per line (documents needed) into its items."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def public_service_or_404(code: str) -> Service:
    service = service_get_public(code=code)
    if service is None:  # unknown or withdrawn from the catalogue
        raise Http404
    return service


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Without words, every service by department; with words, the matches best
    first, or, when nothing matches, other queries to try, the most used services
    and the information desk's phone."""
    form = CatalogueSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query}
    if not query:
        context["groups"] = catalogue_groups()
        return render(request, "requests_app/catalogue.html", context)
    result = service_search(query=query)
    context["hits"] = result.hits
    if not result.hits:
        context["suggestions"] = result.suggestions
        context["popular"] = service_most_requested()
        context["info_phone"] = settings.MUNICIPALITY_INFO_PHONE
    return render(request, "requests_app/catalogue.html", context)


@login_not_required
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = public_service_or_404(code)
    today = timezone.localdate()
    form = DueDateCalculatorForm(request.GET if "filed_on" in request.GET else None)
    filed_on = form.cleaned_data["filed_on"] if form.is_valid() else None
    dates = [today] if filed_on is None else [today, filed_on]
    due = service_due_dates(service=service, received_on=dates)
    context = {
        "service": service,
        "documents": _lines(service.documents),
        "variants": list(service.variants.all()),
        "questions": list(service.questions.all()),
        "today": today,
        "due_today": due[0],
        "calculated": due[1] if filed_on else None,
        "form": form,
    }
    return render(request, "requests_app/service_detail.html", context)


@login_not_required
def service_sheet(request: HttpRequest, code: str) -> HttpResponse:
    service = public_service_or_404(code)
    today = timezone.localdate()
    context = {
        "service": service,
        "documents": _lines(service.documents),
        "variants": list(service.variants.all()),
        "today": today,
        "due_today": service_due_dates(service=service, received_on=[today])[0],
        "site_url": absolute_url(
            reverse("requests_app:service-detail", kwargs={"code": service.code})
        ),
    }
    pdf = render_pdf("requests_app/pdf/service_sheet.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"service-{service.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
