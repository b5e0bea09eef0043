"""Public standards, charter and reports archive; the management dashboard."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_POST

from requests_app.errors import ServiceError
from requests_app.pdf import render_pdf
from requests_app.two_factor import staff_viewer
from servicedesk.db_router import replica_reads
from standards import services
from standards.exports import report_charts
from standards.forms import CommentForm, ReportFilterForm, TargetForm
from standards.models import Report, Target
from standards.selectors.dashboard import dashboard_default_period
from standards.selectors.report_data import report_build
from standards.selectors.reports import report_published_list, report_recent_list
from standards.selectors.targets import (
    scope_for,
    target_get_for,
    target_list_for,
    target_row,
)
from standards.selectors.versions import (
    standards_current,
    standards_text,
    standards_versions,
)

DASHBOARD_PERMISSION = "standards.view_dashboard"
PUBLISH_PERMISSION = "standards.publish_report"
TARGETS_PERMISSION = "standards.view_target"


def permission_or_404(permission: str) -> Callable:
    """Staff without the permission get 404: the page does not exist for them."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Public pages ------------------------------------------------------------------


@login_not_required
def standards_page(request: HttpRequest, number: int | None = None) -> HttpResponse:
    current = standards_current()
    if number is None:
        version = current
        if version is None:
            raise Http404
    else:
        version = get_object_or_404(standards_versions(), number=number)
    return render(
        request,
        "standards/standards_detail.html",
        {
            "text": standards_text(version),
            "is_current": current is not None and version.pk == current.pk,
            "versions": standards_versions(),
        },
    )


@login_not_required
def standards_pdf(request: HttpRequest) -> HttpResponse:
    version = standards_current()
    if version is None:
        raise Http404
    pdf = render_pdf(
        "standards/pdf/standards.html",
        {"text": standards_text(version), "today": timezone.localdate()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"standards-{version.number}-{get_language()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_not_required
def charter(request: HttpRequest) -> HttpResponse:
    version = standards_current()
    links = {
        "complaint_url": reverse("feedback:complaint-create"),
        "survey_url": reverse("feedback:survey"),
        "suggestions_url": reverse("feedback:suggestions"),
    }
    return render(
        request,
        "standards/charter.html",
        {"text": standards_text(version) if version else None, **links},
    )


@login_not_required
def reports_archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "standards/report_archive.html",
        {"reports": report_published_list()},
    )


@login_not_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """Download a report's PDF or CSV: published ones for all, any for managers.

    A public address: the two-factor middleware does not cover it, so unpublished
    reports go only to a manager whose session has entered its code.
    """
    qs = Report.objects.filter(status=Report.Status.DONE)
    if not staff_viewer(request).has_perm(DASHBOARD_PERMISSION):
        qs = qs.filter(is_published=True)
    report = get_object_or_404(qs, pk=pk)
    if fmt not in ("pdf", "csv"):
        raise Http404
    field = report.pdf if fmt == "pdf" else report.csv
    content_type = "application/pdf" if fmt == "pdf" else "text/csv; charset=utf-8"
    name = (
        f"report-{report.start_on:%Y%m%d}-{report.end_on:%Y%m%d}-"
        f"{report.scope_key.replace(':', '-')}-{report.language}.{fmt}"
    )
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):  # no file stored, or lost from disk
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )


# --- Management dashboard ------------------------------------------------------------


@permission_or_404(DASHBOARD_PERMISSION)
def dashboard(request: HttpRequest) -> HttpResponse:
    if "period_kind" in request.GET:
        form = ReportFilterForm(request.GET)
    else:  # first visit: the last whole quarter with data, whole municipality
        with replica_reads():
            period = dashboard_default_period(today=timezone.localdate())
        form = ReportFilterForm(ReportFilterForm.initial_for(period))
    context: dict = {"form": form, "reports": report_recent_list()}
    if form.is_valid():
        period = form.cleaned_data["period"]
        scope = scope_for(
            department=form.cleaned_data["department"],
            service=form.cleaned_data["service"],
        )
        with replica_reads():  # months of figures: from the replica, if there is one
            data = report_build(period=period, scope=scope)
        context.update(
            data=data,
            comment_form=CommentForm(),
            query=urlencode({k: v for k, v in form.data.items() if k != "show" and v}),
            **report_charts(data),
        )
    context["can_publish"] = request.user.has_perm(PUBLISH_PERMISSION)
    context["can_set_targets"] = request.user.has_perm(TARGETS_PERMISSION)
    return render(request, "standards/dashboard.html", context)


def _dashboard_url(query: str) -> str:
    return reverse("standards:dashboard") + (f"?{query}" if query else "")


@require_POST
@permission_or_404(PUBLISH_PERMISSION)
def report_generate(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a valid period and scope first."))
        return redirect("standards:dashboard")
    report = services.report_request(
        period=form.cleaned_data["period"],
        scope=scope_for(
            department=form.cleaned_data["department"],
            service=form.cleaned_data["service"],
        ),
        language=get_language() or "bg",
        by=request.user,
    )
    return redirect("standards:report-status", pk=report.pk)


@permission_or_404(DASHBOARD_PERMISSION)
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("department", "service"), pk=pk
    )
    is_working = report.status in (Report.Status.PENDING, Report.Status.RUNNING)
    return render(
        request,
        "standards/report_status.html",
        {
            "report": report,
            "is_working": is_working,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        },
    )


@require_POST
@permission_or_404(PUBLISH_PERMISSION)
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    try:
        services.report_publish(report=report, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("The report is in the public archive."))
    return redirect("standards:report-status", pk=pk)


@require_POST
@permission_or_404(PUBLISH_PERMISSION)
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    services.report_withdraw(report=report, by=request.user)
    messages.success(request, gettext("The report was withdrawn from the archive."))
    return redirect("standards:report-status", pk=pk)


@require_POST
@permission_or_404(PUBLISH_PERMISSION)
def comment_create(request: HttpRequest) -> HttpResponse:
    scope_form = ReportFilterForm(request.POST)
    form = CommentForm(request.POST)
    if not (scope_form.is_valid() and form.is_valid()):
        messages.error(request, gettext("The comment was empty or the period invalid."))
        return redirect("standards:dashboard")
    services.comment_add(
        period=scope_form.cleaned_data["period"],
        department=scope_form.cleaned_data["department"],
        service=scope_form.cleaned_data["service"],
        text=form.cleaned_data["text"],
        by=request.user,
    )
    messages.success(request, gettext("Your comment was added to these results."))
    query = urlencode(
        {
            k: v
            for k, v in request.POST.items()
            if k in ReportFilterForm.base_fields and v
        }
    )
    return redirect(_dashboard_url(query))


# --- Targets: managers set them here (the admin is for administrators) ----------


VIEW_PERMISSION = TARGETS_PERMISSION


ADD_PERMISSION = "standards.add_target"


CHANGE_PERMISSION = "standards.change_target"


DELETE_PERMISSION = "standards.delete_target"


def _target_or_404(request: HttpRequest, pk: int) -> Target:
    target = target_get_for(viewer=request.user, pk=pk)
    if target is None:
        raise Http404
    return target


def _values(form: TargetForm) -> dict:
    """Return the service's arguments from a valid form."""
    data = form.cleaned_data
    return {
        "indicator": data["indicator"],
        "scope": scope_for(department=data["department"], service=data["service"]),
        "value": data["value"],
        "valid_from": data["valid_from"],
        "note": data["note"],
    }


def _add_errors(form: TargetForm, error: ValidationError) -> None:
    """Show a service's refusal beside its field, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@permission_or_404(VIEW_PERMISSION)
def target_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "rows": target_list_for(viewer=user),
        "can_add": user.has_perm(ADD_PERMISSION),
        "can_change": user.has_perm(CHANGE_PERMISSION),
        "can_delete": user.has_perm(DELETE_PERMISSION),
        "can_view_dashboard": user.has_perm(DASHBOARD_PERMISSION),
    }
    return render(request, "standards/target_list.html", context)


@permission_or_404(ADD_PERMISSION)
def target_add(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST or None, submit_label=gettext("Add the target"))
    if request.method == "POST" and form.is_valid():
        try:
            services.target_create(by=request.user, **_values(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("The target was added."))
            return redirect("standards:target-list")
    return render(request, "standards/target_edit.html", {"form": form, "row": None})


@permission_or_404(CHANGE_PERMISSION)
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target_or_404(request, pk)
    form = TargetForm(
        request.POST or None,
        initial=TargetForm.initial_for(target),
        submit_label=gettext("Save the changes"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(target=target, by=request.user, **_values(form))
        except Target.DoesNotExist:  # deleted by someone else meanwhile
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("The target was changed."))
            return redirect("standards:target-list")
    context = {"form": form, "row": target_row(target)}
    return render(request, "standards/target_edit.html", context)


@permission_or_404(DELETE_PERMISSION)
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), delete on the confirmation's POST."""
    target = _target_or_404(request, pk)
    if request.method == "POST":
        try:
            services.target_delete(target=target, by=request.user)
        except Target.DoesNotExist:  # deleted by someone else meanwhile
            raise Http404 from None
        messages.success(request, gettext("The target was deleted."))
        return redirect("standards:target-list")
    return render(request, "standards/target_delete.html", {"row": target_row(target)})
