"""The complaint officers' pages: the queue, the case and its actions.

The actions on a case come from the registry `feedback.workflow.COMPLAINT_ACTIONS`:
the page shows the ones the officer may take now, and a POST runs the registered
service with the registered form. Managers see counts only; everyone else gets 404.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from feedback.errors import FeedbackError
from feedback.models import Complaint
from feedback.selectors.complaints import (
    complaint_access_log,
    complaint_actions_for,
    complaint_attachment_get,
    complaint_attachments,
    complaint_get_for,
    complaint_public_messages,
    complaint_queue_for,
)
from feedback.selectors.contacts import feedback_told_by
from feedback.selectors.roles import can_view_feedback_counts, is_complaint_officer
from feedback.selectors.statistics import complaint_counts_recent
from feedback.selectors.terms import (
    complaint_not_examined_explained,
    complaint_terms_explained,
)
from feedback.services.complaints import complaint_open_for
from feedback.workflow import COMPLAINT_ACTIONS, ComplaintAction
from requests_app.two_factor import staff_viewer
from requests_app.uploads import download_name

FILE_ACCESS = "file"  # the access log's entry for a downloaded file


@dataclass(frozen=True)
class ActionOnPage:
    """A registered action as the case page shows it: its button and its form."""

    action: ComplaintAction
    form: forms.Form | None


def _action_form(action: ComplaintAction, data: QueryDict | None = None) -> Any:
    """Return the action's form (bound to `data` if given), or None."""
    return import_string(action.form)(data) if action.form else None


@never_cache
@require_GET
def staff_complaints(request: HttpRequest) -> HttpResponse:
    """Officers: the queue by due date. Managers: counts only. Others: 404."""
    viewer = request.user
    if is_complaint_officer(viewer):
        context = {
            "complaints": complaint_queue_for(viewer=viewer),
            "closed": complaint_queue_for(viewer=viewer, is_open=False)[:20],
            "today": timezone.localdate(),
        }
        return render(request, "feedback/staff_complaint_list.html", context)
    if can_view_feedback_counts(viewer):
        context = {"stats": complaint_counts_recent()}
        return render(request, "feedback/staff_complaint_counts.html", context)
    raise Http404


def _detail_context(
    request: HttpRequest, complaint: Complaint, bound: ActionOnPage | None = None
) -> dict[str, Any]:
    """Return the case page's context; `bound` keeps a posted form and its errors."""
    actions = complaint_actions_for(viewer=request.user, complaint=complaint)
    return {
        "complaint": complaint,
        "terms": complaint_terms_explained(complaint=complaint),
        "not_examined": complaint_not_examined_explained(complaint=complaint),
        "exchange": complaint_public_messages(complaint=complaint),
        "attachments": complaint_attachments(complaint=complaint),
        "accesses": complaint_access_log(viewer=request.user, complaint=complaint),
        "told_by": feedback_told_by(complaint),
        "actions": [
            bound
            if bound is not None and bound.action == action
            else ActionOnPage(action, _action_form(action))
            for action in actions
        ],
    }


@never_cache
@require_GET
def staff_complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_open_for(viewer=request.user, pk=pk)
    if complaint is None:
        raise Http404
    context = _detail_context(request, complaint)
    return render(request, "feedback/staff_complaint_detail.html", context)


@require_POST
def staff_complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run a registered action; the service refuses what the case does not allow."""
    complaint = complaint_get_for(viewer=request.user, pk=pk)
    registered = COMPLAINT_ACTIONS.get(action)
    if complaint is None or registered is None:
        raise Http404
    posted = ActionOnPage(registered, _action_form(registered, request.POST))
    try:
        data = {}
        if posted.form is not None:
            if not posted.form.is_valid():
                raise FeedbackError(str(registered.invalid_message))
            data = posted.form.cleaned_data
        service = import_string(registered.service)
        service(complaint=complaint, by=request.user, **data)
    except FeedbackError as error:
        messages.error(request, error.message)
        context = _detail_context(request, complaint, bound=posted)
        return render(request, "feedback/staff_complaint_detail.html", context)
    messages.success(request, str(registered.done_message))
    return redirect("feedback:staff-complaint-detail", pk=complaint.pk)


@never_cache
@require_GET
def staff_complaint_attachment(
    request: HttpRequest, pk: int, file_pk: int
) -> HttpResponse:
    viewer = staff_viewer(request)
    complaint = complaint_open_for(viewer=viewer, pk=pk, action=FILE_ACCESS)
    attachment = complaint and complaint_attachment_get(complaint=complaint, pk=file_pk)
    if not attachment:
        raise Http404
    response = HttpResponse(
        bytes(attachment.content), content_type=attachment.content_type
    )
    # Named as its type found in the content, never with an ending the filer chose.
    name = download_name(f"attachment-{attachment.pk}", attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
