"""Pages of the feedback app: thin views over forms, selectors and services.

Confidential complaints are fetched only through `selectors.complaint_get_for` (or the
service `complaint_open_for`, which also logs the access); anything a viewer may not
see answers 404.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from django_ratelimit.decorators import ratelimit

from requests_app.pdf import render_pdf
from servicedesk.views import ratelimited

from . import selectors, services
from .forms import (
    AddInformationForm,
    AnytimeSurveyForm,
    ComplaintForm,
    DecideForm,
    FollowUpDoneForm,
    InfoRequestForm,
    ReceiptCodeForm,
    SuggestionForm,
    SuggestionRespondForm,
    SurveyForm,
)
from .models import Complaint, ComplaintStatus

# Per address (IP). Receipt codes carry 80 random bits: the limit stops floods, not
# guessing, which is hopeless anyway.
FOLLOW_UP_RATE = "10/h"
FILING_RATE = "10/h"
SURVEY_RATE = "10/h"
SUGGESTION_RATE = "10/h"
# One any-time survey per browser per day.
ANYTIME_SURVEY_PAUSE = timedelta(hours=24)

SESSION_FILED = "feedback_filed"  # {"pk": ..., "code": ...} until shown once
SESSION_CASE = "feedback_case"  # the complaint a filer opened with the receipt code
SESSION_SURVEY = "feedback_survey_response"
SESSION_ANYTIME = "feedback_anytime_at"


def _language() -> str:
    return (get_language() or "bg")[:2]


# --- Complaints: public ---------------------------------------------------------------


@login_not_required
@ratelimit(key="ip", rate=FILING_RATE, method="POST", block=False)
def complaint_create(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return ratelimited(request)
    kinds = selectors.complaint_kinds_active()
    form = ComplaintForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint, code = services.complaint_file(
                kind=data["kind"],
                body=data["body"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_address=data["contact_address"],
                registry_number=data["registry_number"],
                language=_language(),
                files=form.files_checked,
            )
        except services.FeedbackError as error:
            field = "registry_number" if error.code == "unknown_request" else None
            form.add_error(field, error.message)
        else:
            request.session[SESSION_FILED] = {"pk": complaint.pk, "code": code}
            return redirect("feedback:complaint-filed")
    context = {
        "form": form,
        "contact_kinds": [k for k in kinds if k.is_contact_required],
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
    context = {
        "code": code,
        "has_proof": selectors.complaint_proof_waiting(complaint_id=filed["pk"]),
    }
    return render(request, "feedback/complaint_filed.html", context)


@login_not_required
@never_cache
@require_GET
def complaint_proof(request: HttpRequest) -> HttpResponse:
    """Send the proof-of-filing PDF once; a second download answers 404."""
    filed = request.session.get(SESSION_FILED) or {}
    pdf = services.complaint_proof_take(complaint_id=filed.get("pk") or 0)
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="proof-of-filing.pdf"'
    return response


@login_not_required
@never_cache
@ratelimit(key="ip", rate=FOLLOW_UP_RATE, method="POST", block=False)
def complaint_follow_up(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = ReceiptCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint = selectors.complaint_by_receipt(code=form.cleaned_data["code"])
        if complaint is None:
            form.add_error("code", gettext("No case has this receipt code."))
        else:
            request.session.cycle_key()
            request.session[SESSION_CASE] = complaint.pk
            return redirect("feedback:complaint-case")
    return render(request, "feedback/complaint_follow_up.html", {"form": form})


def _filer_case(request: HttpRequest) -> Complaint | None:
    pk = request.session.get(SESSION_CASE)
    return selectors.complaint_for_filer(pk=pk) if pk else None


@login_not_required
@never_cache
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
    can_add = complaint.status != ComplaintStatus.CLOSED
    if request.method == "POST" and can_add and form.is_valid():
        try:
            services.complaint_add_info(
                complaint=complaint,
                text=form.cleaned_data["text"],
                files=form.files_checked,
            )
        except services.FeedbackError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("Your information was added."))
            return redirect("feedback:complaint-case")
    context = {
        "complaint": complaint,
        "terms": selectors.complaint_terms_explained(complaint=complaint),
        "exchange": selectors.complaint_public_messages(complaint=complaint),
        "form": form,
        "can_add": can_add,
    }
    return render(request, "feedback/complaint_case.html", context)


# --- Complaints: officers -------------------------------------------------------------


@never_cache
@require_GET
def staff_complaints(request: HttpRequest) -> HttpResponse:
    """Officers: the queue by due date. Managers: counts only. Others: 404."""
    viewer = request.user
    if selectors.is_complaint_officer(viewer):
        context = {
            "complaints": selectors.complaint_queue_for(viewer=viewer),
            "closed": selectors.complaint_queue_for(viewer=viewer, is_open=False)[:20],
            "today": timezone.localdate(),
        }
        return render(request, "feedback/staff_complaint_list.html", context)
    if selectors.can_view_feedback_counts(viewer):
        context = {"stats": selectors.complaint_counts_recent()}
        return render(request, "feedback/staff_complaint_counts.html", context)
    raise Http404


def _detail_context(request: HttpRequest, complaint: Complaint, **forms) -> dict:
    return {
        "complaint": complaint,
        "terms": selectors.complaint_terms_explained(complaint=complaint),
        "exchange": selectors.complaint_public_messages(complaint=complaint),
        "attachments": list(complaint.attachments.defer("content")),
        "accesses": selectors.complaint_access_log(
            viewer=request.user, complaint=complaint
        ),
        "actions": services.COMPLAINT_TRANSITIONS[complaint.status],
        "ask_form": forms.get("ask_form") or InfoRequestForm(),
        "decide_form": forms.get("decide_form") or DecideForm(),
    }


@never_cache
@require_GET
def staff_complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = services.complaint_open_for(viewer=request.user, pk=pk)
    if complaint is None:
        raise Http404
    context = _detail_context(request, complaint)
    return render(request, "feedback/staff_complaint_detail.html", context)


@require_POST
def staff_complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    complaint = selectors.complaint_get_for(viewer=request.user, pk=pk)
    if complaint is None:
        raise Http404
    by = request.user
    forms = {"ask_form": InfoRequestForm(), "decide_form": DecideForm()}
    try:
        if action == "acknowledge":
            services.complaint_acknowledge(complaint=complaint, by=by)
            done = gettext("Acknowledged; the filer was told.")
        elif action == "ask":
            forms["ask_form"] = form = InfoRequestForm(request.POST)
            if not form.is_valid():
                raise services.FeedbackError(gettext("Write the question."))
            services.complaint_request_info(
                complaint=complaint, by=by, text=form.cleaned_data["text"]
            )
            done = gettext("The filer was asked for more information.")
        elif action == "decide":
            forms["decide_form"] = form = DecideForm(request.POST)
            if not form.is_valid():
                raise services.FeedbackError(gettext("Write the reasoned answer."))
            services.complaint_decide(
                complaint=complaint, by=by, answer=form.cleaned_data["answer"]
            )
            done = gettext("The answer was sent to the filer.")
        elif action == "close":
            services.complaint_close(complaint=complaint, by=by)
            done = gettext("The case is closed.")
        else:
            raise Http404
    except services.FeedbackError as error:
        messages.error(request, error.message)
        context = _detail_context(request, complaint, **forms)
        return render(request, "feedback/staff_complaint_detail.html", context)
    messages.success(request, done)
    return redirect("feedback:staff-complaint-detail", pk=complaint.pk)


@never_cache
@require_GET
def staff_complaint_attachment(
    request: HttpRequest, pk: int, file_pk: int
) -> HttpResponse:
    complaint = services.complaint_open_for(viewer=request.user, pk=pk, action="file")
    attachment = complaint and complaint.attachments.filter(pk=file_pk).first()
    if not attachment:
        raise Http404
    response = HttpResponse(
        bytes(attachment.content), content_type=attachment.content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="attachment-{attachment.pk}"'
    )
    return response


# --- Surveys ------------------------------------------------------------------------


def _survey_answers(form: SurveyForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "service"}


def _gone(request: HttpRequest, state: str) -> HttpResponse:
    status = 404 if state == "unknown" else 410
    return render(request, "feedback/survey_gone.html", {"state": state}, status=status)


@login_not_required
@never_cache
def survey_invited(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed survey link: one click on a score records it, once."""
    invitation = selectors.survey_invitation_by_token(token=token)
    if invitation is None:
        return _gone(request, "unknown")
    state = selectors.survey_invitation_state(invitation)
    if state != "ok":
        return _gone(request, state)
    score = request.GET.get("score", "")
    if request.method == "GET" and score in {"1", "2", "3", "4", "5"}:
        try:
            response = services.survey_score_record(
                invitation=invitation, overall=int(score)
            )
        except services.SurveyLinkUnusable as error:
            return _gone(request, error.code)
        request.session[SESSION_SURVEY] = response.pk
        return redirect("feedback:survey-more")
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit_invited(
                invitation=invitation, answers=_survey_answers(form)
            )
        except services.SurveyLinkUnusable as error:
            return _gone(request, error.code)
        return redirect("feedback:survey-thanks")
    context = {"form": form, "citizen_request": invitation.request}
    return render(request, "feedback/survey_form.html", context)


@login_not_required
@never_cache
def survey_more(request: HttpRequest) -> HttpResponse:
    """After a one-click score: the rest of the questions, for this browser only."""
    response = selectors.survey_response_open(pk=request.session.get(SESSION_SURVEY))
    if response is None:
        return _gone(request, "used")
    form = SurveyForm(request.POST or None, initial={"overall": response.overall})
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_complete(
                response_id=response.pk, answers=_survey_answers(form)
            )
        except services.SurveyLinkUnusable as error:
            return _gone(request, error.code)
        request.session.pop(SESSION_SURVEY, None)
        return redirect("feedback:survey-thanks")
    context = {"form": form, "citizen_request": response.request, "score_saved": True}
    return render(request, "feedback/survey_form.html", context)


def _answered_recently(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_ANYTIME)
    if not at:
        return False
    try:
        answered_at = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return False
    return timezone.now() - answered_at < ANYTIME_SURVEY_PAUSE


@login_not_required
@ratelimit(key="ip", rate=SURVEY_RATE, method="POST", block=False)
def survey_anytime(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return ratelimited(request)
    if _answered_recently(request):
        return render(request, "feedback/survey_thanks.html", {"already": True})
    form = AnytimeSurveyForm(request.POST or None, services=selectors.survey_services())
    if request.method == "POST" and form.is_valid():
        services.survey_submit_anytime(
            answers=_survey_answers(form),
            service=form.cleaned_data["service"],
            language=_language(),
        )
        request.session[SESSION_ANYTIME] = timezone.now().isoformat()
        return redirect("feedback:survey-thanks")
    return render(request, "feedback/survey_form.html", {"form": form, "anytime": True})


@login_not_required
@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/survey_thanks.html", {"already": False})


@login_not_required
@require_GET
def survey_poster(request: HttpRequest) -> HttpResponse:
    """A printable A4 poster with a QR code to the any-time survey."""
    import segno

    url = settings.SITE_URL + reverse("feedback:survey")
    qr = segno.make(url, error="m").svg_data_uri(scale=8, border=2)
    pdf = render_pdf("feedback/pdf/survey_poster.html", {"url": url, "qr": qr})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="survey-poster.pdf"'
    return response


# --- Suggestions ----------------------------------------------------------------------


@login_not_required
@ratelimit(key="ip", rate=SUGGESTION_RATE, method="POST", block=False)
def suggestions(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.suggestion_submit(**form.cleaned_data, language=_language())
        messages.success(
            request,
            gettext(
                "Thank you. Your suggestion will be published here with our response."
            ),
        )
        return redirect("feedback:suggestions")
    context = {"form": form, "suggestions": selectors.suggestion_public_list()[:100]}
    return render(request, "feedback/suggestion_list.html", context)


@require_GET
def staff_suggestions(request: HttpRequest) -> HttpResponse:
    if not selectors.can_respond_suggestions(request.user):
        raise Http404
    context = {"suggestions": selectors.suggestion_list_for(viewer=request.user)[:200]}
    return render(request, "feedback/staff_suggestion_list.html", context)


def staff_suggestion_respond(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for(viewer=request.user, pk=pk)
    if suggestion is None:
        raise Http404
    initial = {"status": suggestion.status, "response": suggestion.response}
    form = SuggestionRespondForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_respond(
                suggestion=suggestion, by=request.user, **form.cleaned_data
            )
        except services.FeedbackError as error:
            form.add_error("response", error.message)
        else:
            messages.success(request, gettext("The response is published."))
            return redirect("feedback:staff-suggestions")
    context = {"suggestion": suggestion, "form": form}
    return render(request, "feedback/staff_suggestion_respond.html", context)


# --- Follow-ups of unhappy survey answers ---------------------------------------------


def staff_followups(request: HttpRequest) -> HttpResponse:
    if not selectors.can_follow_up(request.user):
        raise Http404
    if request.method == "POST":
        pk = request.POST.get("item", "")
        item = (
            selectors.followup_get_for(viewer=request.user, pk=int(pk))
            if pk.isascii() and pk.isdigit()  # "²" is a digit that int() refuses
            else None
        )
        form = FollowUpDoneForm(request.POST)
        if item is None:
            raise Http404
        if form.is_valid():
            services.follow_up_done(item=item, by=request.user, **form.cleaned_data)
            messages.success(request, gettext("Marked as done."))
        else:
            messages.error(request, gettext("Write what was done."))
        return redirect("feedback:staff-followups")
    context = {
        "items": selectors.followup_list_for(viewer=request.user),
        "done": selectors.followup_list_for(viewer=request.user, is_open=False)[:20],
    }
    return render(request, "feedback/staff_followup_list.html", context)
