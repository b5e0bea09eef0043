"""The public complaint pages: filing, the receipt code, following the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from feedback.errors import FeedbackError
from feedback.forms import (
    AddInformationForm,
    ComplaintForm,
    FilerNotifyByForm,
    ReceiptCodeForm,
)
from feedback.models import Complaint
from feedback.selectors.complaints import (
    complaint_by_receipt,
    complaint_for_filer,
    complaint_kinds_active,
    complaint_proof_waiting,
    complaint_public_messages,
)
from feedback.selectors.contacts import feedback_contact, feedback_told_by
from feedback.selectors.terms import (
    complaint_not_examined_explained,
    complaint_terms_explained,
)
from feedback.services.complaints import complaint_add_info, complaint_notify_by_change
from feedback.services.filing import complaint_file, complaint_proof_take
from feedback.views.shared import page_language
from feedback.workflow import complaint_is_open
from requests_app.legal import NOT_EXAMINED
from requests_app.models.requests import NotifyBy
from requests_app.services.outbox import NOTIFY_BY_PHRASES
from requests_app.throttles import (
    COMPLAINT_FILING,
    COMPLAINT_FOLLOW_UP,
    COMPLAINT_INFORMATION,
    FILING_PER_EMAIL,
    throttle_accept,
    throttle_take,
    throttled,
)

SESSION_FILED = "feedback_filed"  # {"pk": ..., "code": ...} until shown once
SESSION_CASE = "feedback_case"  # the complaint a filer opened with the receipt code


@login_not_required
@throttled(COMPLAINT_FILING)
def complaint_create(request: HttpRequest) -> HttpResponse:
    kinds = complaint_kinds_active()
    form = ComplaintForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        throttle_take(request, FILING_PER_EMAIL, data["contact_email"])
        try:
            complaint, code = complaint_file(
                kind=data["kind"],
                body=data["body"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_address=data["contact_address"],
                notify_by=data["notify_by"],
                registry_number=data["registry_number"],
                language=page_language(),
                files=form.files_checked,
                facts_on=data["facts_on"],
            )
        except FeedbackError as error:
            field = "registry_number" if error.code == "unknown_request" else None
            form.add_error(field, error.message)
        else:
            throttle_accept(request)
            request.session[SESSION_FILED] = {"pk": complaint.pk, "code": code}
            return redirect("feedback:complaint-filed")
    context = {
        "form": form,
        "contact_kinds": [k for k in kinds if k.is_contact_required],
        "not_examined_source": NOT_EXAMINED,
    }
    return render(request, "feedback/complaint_create.html", context)


@login_not_required
@never_cache
@require_GET
def complaint_filed(request: HttpRequest) -> HttpResponse:
    """Show the receipt code once; afterwards only the proof download remains."""
    filed = request.session.get(SESSION_FILED)
    if not filed:
        return redirect("feedback:complaint-follow-up")
    code = filed.pop("code", None)
    request.session[SESSION_FILED] = filed  # the code is shown once, never again
    complaint = complaint_for_filer(pk=filed["pk"])
    context = {
        "code": code,
        "has_proof": complaint_proof_waiting(complaint_id=filed["pk"]),
        "not_examined": complaint
        and complaint_not_examined_explained(complaint=complaint),
    }
    return render(request, "feedback/complaint_filed.html", context)


@login_not_required
@never_cache
@require_GET
def complaint_proof(request: HttpRequest) -> HttpResponse:
    """Send the proof-of-filing PDF once; a second download answers 404."""
    filed = request.session.get(SESSION_FILED) or {}
    pdf = complaint_proof_take(complaint_id=filed.get("pk") or 0)
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="proof-of-filing.pdf"'
    return response


@login_not_required
@never_cache
@throttled(COMPLAINT_FOLLOW_UP)
def complaint_follow_up(request: HttpRequest) -> HttpResponse:
    form = ReceiptCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A wrong code counts: receipt codes carry 80 random bits, so the limit stops
        # floods rather than guessing, but a lookup is a lookup either way.
        throttle_accept(request)
        complaint = complaint_by_receipt(code=form.cleaned_data["code"])
        if complaint is None:
            form.add_error("code", gettext("No case has this receipt code."))
        else:
            request.session.cycle_key()
            request.session[SESSION_CASE] = complaint.pk
            return redirect("feedback:complaint-case")
    return render(request, "feedback/complaint_follow_up.html", {"form": form})


def _filer_case(request: HttpRequest) -> Complaint | None:
    pk = request.session.get(SESSION_CASE)
    return complaint_for_filer(pk=pk) if pk else None


@login_not_required
@never_cache
@throttled(COMPLAINT_INFORMATION)
def complaint_case(request: HttpRequest) -> HttpResponse:
    """The filer's view of the case opened with the receipt code."""
    complaint = _filer_case(request)
    if complaint is None:
        return redirect("feedback:complaint-follow-up")
    if request.method == "POST" and "forget" in request.POST:
        request.session.pop(SESSION_CASE, None)  # a shared computer: leave no trace
        messages.success(request, gettext("The case is no longer shown here."))
        return redirect("feedback:complaint-follow-up")
    form = AddInformationForm(request.POST or None, request.FILES or None)
    can_add = complaint_is_open(complaint.status)
    if request.method == "POST" and can_add and form.is_valid():
        try:
            complaint_add_info(
                complaint=complaint,
                text=form.cleaned_data["text"],
                files=form.files_checked,
            )
        except FeedbackError as error:
            form.add_error(None, error.message)
        else:
            throttle_accept(request)
            messages.success(request, gettext("Your information was added."))
            return redirect("feedback:complaint-case")
    return _case_page(request, complaint, form=form)


def _notify_by_form(complaint: Complaint, data: QueryDict | None = None):
    """Return the form to change how the filer is told, or None when there is no
    other way to choose (no contact, or one only)."""
    ways = [way for way in NotifyBy.values if feedback_contact(complaint, way)]
    if len(ways) < 2:
        return None
    form = FilerNotifyByForm(data, ways=ways, current=complaint.notify_by)
    form.helper.form_action = reverse("feedback:complaint-notify-by")
    return form


def _case_page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    form: AddInformationForm | None = None,
    notify_by_form: FilerNotifyByForm | None = None,
) -> HttpResponse:
    context = {
        "complaint": complaint,
        "terms": complaint_terms_explained(complaint=complaint),
        "not_examined": complaint_not_examined_explained(complaint=complaint),
        "exchange": complaint_public_messages(complaint=complaint),
        "form": form or AddInformationForm(),
        "can_add": complaint_is_open(complaint.status),
        "told_by": feedback_told_by(complaint),
        "notify_by_form": notify_by_form or _notify_by_form(complaint),
    }
    return render(request, "feedback/complaint_case.html", context)


@login_not_required
@never_cache
@require_POST
def complaint_notify_by(request: HttpRequest) -> HttpResponse:
    """The filer changes how they are told: among the ways they gave a contact for."""
    complaint = _filer_case(request)
    if complaint is None:
        return redirect("feedback:complaint-follow-up")
    form = _notify_by_form(complaint, request.POST)
    if form is None:
        return redirect("feedback:complaint-case")
    if form.is_valid():
        try:
            complaint_notify_by_change(
                complaint=complaint, notify_by=form.cleaned_data["notify_by"]
            )
        except FeedbackError as error:
            form.add_error("notify_by", error.message)
        else:
            messages.success(
                request,
                gettext("Saved: from now on we will tell you %(by)s.")
                % {"by": NOTIFY_BY_PHRASES[NotifyBy(complaint.notify_by)]},
            )
            return redirect("feedback:complaint-case")
    return _case_page(request, complaint, notify_by_form=form)
