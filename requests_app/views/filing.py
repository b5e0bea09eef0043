"""Citizens file a request: the home page and the request form."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from requests_app.errors import ServiceError
from requests_app.forms.catalogue import CatalogueSearchForm
from requests_app.forms.filing import RequestForm
from requests_app.selectors.popular import service_most_requested
from requests_app.services.submission import request_submit
from requests_app.throttles import (
    FILING_PER_EMAIL,
    REQUEST_FILING,
    throttle_accept,
    throttle_take,
    throttled,
)
from requests_app.views.catalogue import public_service_or_404


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    search_form = CatalogueSearchForm()
    search_form.helper.form_action = reverse("requests_app:catalogue")
    context = {"search_form": search_form, "popular": service_most_requested()}
    return render(request, "requests_app/home.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
@throttled(REQUEST_FILING)
def request_create(request: HttpRequest, code: str) -> HttpResponse:
    service = public_service_or_404(code)
    if not service.is_online:
        return render(
            request, "requests_app/request_offline.html", {"service": service}
        )
    if request.method != "POST":
        form = RequestForm(service=service)
    else:
        form = RequestForm(request.POST, request.FILES, service=service)
        if form.is_valid():
            data = form.cleaned_data
            throttle_take(request, FILING_PER_EMAIL, data["citizen_email"])
            try:
                citizen_request = request_submit(
                    service=service,
                    variant=data.get("variant"),
                    citizen_name=data["citizen_name"],
                    citizen_email=data["citizen_email"],
                    citizen_phone=data["citizen_phone"],
                    citizen_address=data["citizen_address"],
                    language=data["language"],
                    notify_by=data["notify_by"],
                    details=data["details"],
                    answers=form.answers(),
                    files=data["attachments"],
                    submission_key=data["submission_key"] or None,
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                throttle_accept(request)
                return redirect(
                    "requests_app:request-done", token=citizen_request.tracking_token
                )
    context = {"service": service, "form": form}
    return render(request, "requests_app/request_form.html", context)
