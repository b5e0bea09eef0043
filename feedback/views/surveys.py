"""The satisfaction survey pages, the poster, and the heads' follow-up list."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import segno

from feedback.errors import SurveyLinkUnusable
from feedback.forms import AnytimeSurveyForm, FollowUpDoneForm, SurveyForm
from feedback.selectors.roles import can_follow_up
from feedback.selectors.surveys import (
    SurveyLinkState,
    followup_get_for,
    followup_list_for,
    survey_invitation_by_token,
    survey_invitation_state,
    survey_response_open,
    survey_services,
)
from feedback.services.followups import follow_up_done
from feedback.services.surveys import (
    SCORES,
    survey_complete,
    survey_submit_anytime,
    survey_submit_invited,
)
from feedback.views.shared import page_language
from requests_app.links import absolute_url
from requests_app.pdf import render_pdf
from requests_app.throttles import SURVEY, throttle_accept, throttled

# One any-time survey per browser per day.
ANYTIME_SURVEY_PAUSE = timedelta(hours=24)

SESSION_SURVEY = "feedback_survey_response"
SESSION_ANYTIME = "feedback_anytime_at"


def _survey_answers(form: SurveyForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "service"}


def _gone(request: HttpRequest, state: str) -> HttpResponse:
    status = 404 if state == SurveyLinkState.UNKNOWN else 410
    context = {
        "is_used": state == SurveyLinkState.USED,
        "is_expired": state == SurveyLinkState.EXPIRED,
    }
    return render(request, "feedback/survey_gone.html", context, status=status)


def _chosen_score(request: HttpRequest) -> int | None:
    """Return the score of a score link in the e-mail (`?score=4`), if valid."""
    score = request.GET.get("score", "")
    return int(score) if score in {str(s) for s in SCORES} else None


@login_not_required
@never_cache
def survey_invited(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed survey link: the survey, with the score clicked already chosen.

    Opening the link records nothing, so that mail filters which open every link
    cannot answer for the citizen; only the citizen's own submit (POST) does.
    """
    invitation = survey_invitation_by_token(token=token)
    if invitation is None:
        return _gone(request, SurveyLinkState.UNKNOWN)
    state = survey_invitation_state(invitation)
    if state != SurveyLinkState.OK:
        return _gone(request, state)
    chosen = _chosen_score(request)
    form = SurveyForm(request.POST or None, initial={"overall": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit_invited(invitation=invitation, answers=_survey_answers(form))
        except SurveyLinkUnusable as error:
            return _gone(request, error.code)
        return redirect("feedback:survey-thanks")
    if chosen is not None:
        form.order_fields(["overall"])  # the question they answered in the e-mail
    context = {
        "form": form,
        "citizen_request": invitation.request,
        "chosen_score": chosen,
    }
    return render(request, "feedback/survey_form.html", context)


@login_not_required
@never_cache
def survey_more(request: HttpRequest) -> HttpResponse:
    """After a score recorded by an earlier version of the e-mail link: the rest.

    Links no longer record a score when opened; this page only serves browsers that
    recorded one before that change.
    """
    response = survey_response_open(pk=request.session.get(SESSION_SURVEY))
    if response is None:
        return _gone(request, SurveyLinkState.USED)
    form = SurveyForm(request.POST or None, initial={"overall": response.overall})
    if request.method == "POST" and form.is_valid():
        try:
            survey_complete(response_id=response.pk, answers=_survey_answers(form))
        except SurveyLinkUnusable as error:
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
@throttled(SURVEY)
def survey_anytime(request: HttpRequest) -> HttpResponse:
    if _answered_recently(request):
        return render(request, "feedback/survey_thanks.html", {"already": True})
    form = AnytimeSurveyForm(request.POST or None, services=survey_services())
    if request.method == "POST" and form.is_valid():
        survey_submit_anytime(
            answers=_survey_answers(form),
            service=form.cleaned_data["service"],
            language=page_language(),
        )
        throttle_accept(request)
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
    url = absolute_url(reverse("feedback:survey"))
    qr = segno.make(url, error="m").svg_data_uri(scale=8, border=2)
    pdf = render_pdf("feedback/pdf/survey_poster.html", {"url": url, "qr": qr})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="survey-poster.pdf"'
    return response


# --- Follow-ups of unhappy survey answers ---------------------------------------------


def staff_followups(request: HttpRequest) -> HttpResponse:
    if not can_follow_up(request.user):
        raise Http404
    if request.method == "POST":
        pk = request.POST.get("item", "")
        item = (
            followup_get_for(viewer=request.user, pk=int(pk))
            if pk.isascii() and pk.isdigit()  # "²" is a digit that int() refuses
            else None
        )
        form = FollowUpDoneForm(request.POST)
        if item is None:
            raise Http404
        if form.is_valid():
            follow_up_done(item=item, by=request.user, **form.cleaned_data)
            messages.success(request, gettext("Marked as done."))
        else:
            messages.error(request, gettext("Write what was done."))
        return redirect("feedback:staff-followups")
    context = {
        "items": followup_list_for(viewer=request.user),
        "done": followup_list_for(viewer=request.user, is_open=False)[:20],
    }
    return render(request, "feedback/staff_followup_list.html", context)
