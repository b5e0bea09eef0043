"""The clerks' back office (#3): queue, case page, case actions, intake, attachments.

Login is required everywhere (LoginRequiredMiddleware). Whatever is out of the viewer's
reach answers 404, never 403: it does not tell that the request exists.
"""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .errors import ServiceError
from .models import CitizenRequest
from .selectors_staff import (
    QUEUE_PAGE_SIZE,
    Tier,
    attachment_get_for,
    case_actions_for,
    case_due_explanation,
    case_due_moves,
    case_timeline,
    colleague_list_for,
    intake_services_for,
    queue_services_for,
    referral_departments_for,
    referral_people_for,
    request_get_for,
    request_queue_for,
    soon_until,
    tier_of,
    viewer_handles_requests,
)
from .services import casework
from .staff_forms import (
    AssignForm,
    ExtendForm,
    IntakeForm,
    QueueFilterForm,
    ReferForm,
    TextForm,
)
from .workflow import Action


def staff_home(request: HttpRequest) -> HttpResponse:
    """Send staff to their first tool: the queue, complaints, the dashboard, ..."""
    for permission, url_name in settings.STAFF_HOME_PAGES:
        if request.user.has_perm(permission):
            return redirect(url_name)
    if request.user.is_staff:
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
    page = Paginator(result.requests, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
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
    action: str, citizen_request: CitizenRequest, data: dict | None = None
) -> forms.Form | None:
    """Return the form of an action, bound to `data` when given (prefixed by action)."""
    kwargs = {"data": data, "prefix": action}
    match action:
        case Action.ASSIGN:
            colleagues = colleague_list_for(citizen_request=citizen_request)
            return AssignForm(colleagues=colleagues, **kwargs)
        case Action.REFER:
            return ReferForm(
                people=referral_people_for(citizen_request=citizen_request),
                departments=referral_departments_for(citizen_request=citizen_request),
                **kwargs,
            )
        case Action.SUSPEND:
            return TextForm(
                label=gettext("Which documents are missing?"),
                help_text=gettext(
                    "The citizen reads this; the term stops until they answer."
                ),
                submit=gettext("Ask for the documents"),
                css_class="btn-outline-primary",
                **kwargs,
            )
        case Action.NOTE:
            return TextForm(
                label=gettext("Internal note (never shown to the citizen)"),
                submit=gettext("Add the note"),
                css_class="btn-outline-dark",
                **kwargs,
            )
        case Action.ANSWER:
            return TextForm(
                label=gettext("Answer to the citizen"),
                help_text=gettext(
                    "Signed with your name and position, sent by e-mail."
                ),
                submit=gettext("Send the answer"),
                **kwargs,
            )
        case Action.CLOSE:
            return TextForm(
                label=gettext("Closing note for the citizen (optional)"),
                required=False,
                submit=gettext("Close as delivered"),
                css_class="btn-success",
                **kwargs,
            )
        case Action.REJECT:
            return TextForm(
                label=gettext("Reason for the rejection"),
                help_text=gettext("The citizen reads this reason."),
                submit=gettext("Reject the request"),
                css_class="btn-outline-danger",
                **kwargs,
            )
        case Action.EXTEND:
            return ExtendForm(
                max_days=citizen_request.service.max_extension_days, **kwargs
            )
    return None


def _case_context(
    request: HttpRequest, citizen_request: CitizenRequest, bound: dict | None = None
) -> dict:
    actions = case_actions_for(viewer=request.user, citizen_request=citizen_request)
    today = timezone.localdate()
    action_forms = []
    for action in Action:
        if action == Action.TAKE or not actions.allows(action):
            continue
        form = (bound or {}).get(action) or _action_form(action, citizen_request)
        action_forms.append((action.value, action.label, form))
    return {
        "citizen_request": citizen_request,
        "actions": actions,
        "action_forms": action_forms,
        "timeline": case_timeline(citizen_request=citizen_request),
        "due": case_due_explanation(citizen_request=citizen_request),
        "due_moves": case_due_moves(citizen_request=citizen_request),
        "tier": tier_of(
            due_on=citizen_request.due_on, today=today, soon=soon_until(today=today)
        ),
        "tier_labels": Tier.LABELS,
        "tier_css": Tier.CSS,
        "is_mine": citizen_request.assigned_to_id == request.user.pk,
    }


def case(request: HttpRequest, pk: int) -> HttpResponse:
    citizen_request = _case_or_404(request, pk)
    context = _case_context(request, citizen_request)
    context["tier_label"] = Tier.LABELS[context["tier"]]
    context["tier_class"] = Tier.CSS[context["tier"]]
    return render(request, "requests_app/staff_request.html", context)


def _run(action: str, citizen_request: CitizenRequest, user, data: dict) -> str:
    """Call the action's service with the form's data; return the success message."""
    call: dict[str, Callable[[], object]] = {
        Action.TAKE: lambda: casework.request_take(
            citizen_request=citizen_request, by=user
        ),
        Action.ASSIGN: lambda: casework.request_assign(
            citizen_request=citizen_request, clerk=data["clerk"], by=user
        ),
        Action.REFER: lambda: casework.request_refer(
            citizen_request=citizen_request,
            by=user,
            reason=data["reason"],
            to_user=data.get("to_user"),
            to_department=data.get("to_department"),
        ),
        Action.SUSPEND: lambda: casework.request_suspend(
            citizen_request=citizen_request, by=user, text=data["text"]
        ),
        Action.NOTE: lambda: casework.request_note_add(
            citizen_request=citizen_request, by=user, text=data["text"]
        ),
        Action.ANSWER: lambda: casework.request_answer(
            citizen_request=citizen_request, by=user, text=data["text"]
        ),
        Action.CLOSE: lambda: casework.request_close(
            citizen_request=citizen_request, by=user, note=data["text"]
        ),
        Action.REJECT: lambda: casework.request_reject(
            citizen_request=citizen_request, by=user, reason=data["text"]
        ),
        Action.EXTEND: lambda: casework.request_extend(
            citizen_request=citizen_request,
            by=user,
            new_due_on=data["new_due_on"],
            reason=data["reason"],
            text=data["text"],
        ),
    }
    call[action]()
    done = {
        Action.TAKE: gettext("You have taken the case."),
        Action.ASSIGN: gettext("The case is assigned."),
        Action.REFER: gettext("The case is referred."),
        Action.SUSPEND: gettext(
            "The citizen is asked for the documents; the term stops."
        ),
        Action.NOTE: gettext("The note is added."),
        Action.ANSWER: gettext("The answer is sent to the citizen."),
        Action.CLOSE: gettext("The case is closed as delivered."),
        Action.REJECT: gettext("The request is rejected."),
        Action.EXTEND: gettext("The term is extended and the citizen is told."),
    }
    return done[action]


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    citizen_request = _case_or_404(request, pk)
    if action not in Action.values:
        raise Http404
    data: dict = {}
    form = _action_form(action, citizen_request, request.POST)
    if form is not None:
        if not form.is_valid():
            context = _case_context(request, citizen_request, bound={action: form})
            context["tier_label"] = Tier.LABELS[context["tier"]]
            context["tier_class"] = Tier.CSS[context["tier"]]
            context["open_action"] = action
            messages.error(request, gettext("Please correct the errors below."))
            return render(
                request, "requests_app/staff_request.html", context, status=400
            )
        data = form.cleaned_data
    try:
        done = _run(action, citizen_request, request.user, data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
        if request_get_for(viewer=request.user, pk=citizen_request.pk) is None:
            # Referred out of the viewer's departments: the case page would be a 404.
            return redirect("requests_app:staff-queue")
    return redirect("requests_app:staff-request", pk=citizen_request.pk)


def intake(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if not request.user.has_perm("requests_app.register_request"):
        raise Http404
    services = intake_services_for(viewer=request.user)
    form = IntakeForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        try:
            citizen_request = casework.request_intake(
                by=request.user, **form.cleaned_data
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
    return render(request, "requests_app/staff_intake.html", {"form": form})


def attachment_download(request: HttpRequest, token: str) -> FileResponse:
    attachment = attachment_get_for(viewer=request.user, token=token)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
