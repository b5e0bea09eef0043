"""The clerks' back office: queue, case page, case actions, intake, attachments.

Login is required everywhere (LoginRequiredMiddleware). Whatever is out of the viewer's
reach answers 404, never 403: it does not tell that the request exists.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from requests_app.errors import ServiceError
from requests_app.fields import file_decrypt_chunks
from requests_app.forms.casework import ActionForm
from requests_app.forms.staff import IntakeForm, IntakeServiceForm, QueueFilterForm
from requests_app.models import CitizenRequest, Service
from requests_app.roles import uses_admin_site
from requests_app.selectors.case import (
    case_actions_for,
    case_due_explanation,
    case_due_moves,
    case_notices,
    case_timeline,
)
from requests_app.selectors.queue import (
    QUEUE_PAGE_SIZE,
    Tier,
    intake_services_for,
    queue_services_for,
    request_queue_for,
    soon_until,
    tier_of,
)
from requests_app.selectors.reach import (
    attachment_get_for,
    request_get_for,
    viewer_handles_requests,
)
from requests_app.services import casework
from requests_app.two_factor import staff_viewer
from requests_app.uploads import download_name
from requests_app.workflow import ACTIONS, Action


def staff_home(request: HttpRequest) -> HttpResponse:
    """Send staff to their first tool: the queue, complaints, the dashboard, ..."""
    for permission, url_name in settings.STAFF_HOME_PAGES:
        if request.user.has_perm(permission):
            return redirect(url_name)
    if uses_admin_site(request.user):  # administrators: the admin is their tool
        return redirect("admin:index")
    raise Http404


def _require_staff(request: HttpRequest) -> None:
    if not viewer_handles_requests(request.user):
        raise Http404


def _case_or_404(request: HttpRequest, pk: int) -> CitizenRequest:
    citizen_request = request_get_for(viewer=request.user, pk=pk)
    if citizen_request is None:
        raise Http404
    return citizen_request


def queue(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    today = timezone.localdate()
    form = QueueFilterForm(
        request.GET, services=queue_services_for(viewer=request.user)
    )
    result = request_queue_for(viewer=request.user, today=today, filters=form.filters())
    page = Paginator(result.rows(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.tier_label = Tier.LABELS[row.tier]
        row.tier_css = Tier.CSS[row.tier]
    context = {
        "form": form,
        "page": page,
        "today": today,
        "tiers": [
            (t, Tier.LABELS[t], Tier.CSS[t], result.counts[t]) for t in Tier.ORDER
        ],
        "total": result.total,
        "can_register": request.user.has_perm("requests_app.register_request"),
    }
    template = "requests_app/staff_queue.html"
    if request.htmx:
        template += "#queue-rows"
    return render(request, template, context)


def _action_form(
    action: Action, citizen_request: CitizenRequest, data: QueryDict | None = None
) -> ActionForm | None:
    """Return the form of an action from the registry, bound to `data` when given."""
    rule = ACTIONS[action]
    if rule.form is None:
        return None
    form_class = import_string(rule.form)
    return form_class(data=data, prefix=action.value, citizen_request=citizen_request)


def _case_context(
    request: HttpRequest,
    citizen_request: CitizenRequest,
    bound: dict[Action, ActionForm] | None = None,
) -> dict:
    actions = case_actions_for(viewer=request.user, citizen_request=citizen_request)
    today = timezone.localdate()
    action_forms = []
    for action in actions.in_order:
        form = (bound or {}).get(action) or _action_form(action, citizen_request)
        if form is not None:
            action_forms.append((action.value, action.label, form))
    tier = tier_of(
        due_on=citizen_request.due_on, today=today, soon=soon_until(today=today)
    )
    return {
        "citizen_request": citizen_request,
        "can_take": actions.allows(Action.TAKE),
        "action_forms": action_forms,
        "timeline": case_timeline(citizen_request=citizen_request),
        "notices": case_notices(citizen_request=citizen_request),
        "due": case_due_explanation(citizen_request=citizen_request),
        "due_moves": case_due_moves(citizen_request=citizen_request),
        "tier": tier,
        "tier_label": Tier.LABELS[tier],
        "tier_class": Tier.CSS[tier],
        "is_mine": citizen_request.assigned_to_id == request.user.pk,
    }


def case(request: HttpRequest, pk: int) -> HttpResponse:
    citizen_request = _case_or_404(request, pk)
    context = _case_context(request, citizen_request)
    return render(request, "requests_app/staff_request.html", context)


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    citizen_request = _case_or_404(request, pk)
    if action not in Action.values:
        raise Http404
    chosen = Action(action)
    rule = ACTIONS[chosen]
    arguments: dict = {}
    form = _action_form(chosen, citizen_request, request.POST)
    if form is not None:
        if not form.is_valid():
            context = _case_context(request, citizen_request, bound={chosen: form})
            context["open_action"] = chosen.value
            messages.error(request, gettext("Please correct the errors below."))
            return render(
                request, "requests_app/staff_request.html", context, status=400
            )
        arguments = form.service_arguments()
    service = import_string(rule.service)
    try:
        service(citizen_request=citizen_request, by=request.user, **arguments)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(rule.done))
        if request_get_for(viewer=request.user, pk=citizen_request.pk) is None:
            # Referred out of the viewer's departments: the case page would be a 404.
            return redirect("requests_app:staff-queue")
    return redirect("requests_app:staff-request", pk=citizen_request.pk)


def _intake_services(request: HttpRequest) -> QuerySet[Service]:
    """Return the services the viewer may register requests for (404 if none may)."""
    _require_staff(request)
    if not request.user.has_perm("requests_app.register_request"):
        raise Http404
    return intake_services_for(viewer=request.user)


def intake(request: HttpRequest) -> HttpResponse:
    """Desk intake, first step: choose the service (`?service=` leads to its form).

    A POST with the service and every field registers at once, as before the form
    had two steps; the service's own part is then checked as in the second step.
    """
    services = _intake_services(request)
    data = request.POST if request.method == "POST" else request.GET
    if "service" not in data:
        service_form = IntakeServiceForm(services=services)
    else:
        service_form = IntakeServiceForm(data, services=services)
        if service_form.is_valid():
            service = service_form.cleaned_data["service"]
            if request.method == "POST":
                return _intake_register(request, services, service)
            return redirect("requests_app:staff-intake-service", code=service.code)
    context = {"service_form": service_form}
    return render(request, "requests_app/staff_intake.html", context)


def intake_service(request: HttpRequest, code: str) -> HttpResponse:
    """Desk intake, second step: the form of one service, with its own questions."""
    services = _intake_services(request)
    service = services.filter(code=code).first()
    if service is None:
        raise Http404
    return _intake_register(request, services, service)


def _intake_register(
    request: HttpRequest, services: QuerySet[Service], service: Service
) -> HttpResponse:
    if request.method != "POST":
        form = IntakeForm(services=services, service=service)
    else:
        form = IntakeForm(
            request.POST, request.FILES, services=services, service=service
        )
        if form.is_valid():
            try:
                citizen_request = casework.request_intake(
                    by=request.user, **form.intake_arguments()
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    gettext("Request %(number)s is registered.")
                    % {"number": citizen_request.registry_number},
                )
                return redirect("requests_app:staff-request", pk=citizen_request.pk)
    context = {"form": form, "service": service}
    return render(request, "requests_app/staff_intake_service.html", context)


def attachment_download(request: HttpRequest, token: str) -> FileResponse:
    attachment = attachment_get_for(viewer=staff_viewer(request), token=token)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # Decrypted chunk by chunk while it is sent; named as its type found in the content.
    response = FileResponse(
        file_decrypt_chunks(handle),
        content_type=attachment.content_type or "application/octet-stream",
    )
    name = download_name(attachment.original_name, attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Content-Length"] = str(attachment.size)
    return response
