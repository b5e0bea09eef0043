"""The public suggestions page ("you said, we did") and the managers' responses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from feedback.errors import FeedbackError
from feedback.forms import SuggestionForm, SuggestionRespondForm
from feedback.selectors.contacts import feedback_told_by
from feedback.selectors.roles import can_respond_suggestions
from feedback.selectors.suggestions import (
    suggestion_get_for,
    suggestion_list_for,
    suggestion_public_list,
)
from feedback.services.suggestions import suggestion_respond, suggestion_submit
from feedback.views.shared import page_language
from requests_app.throttles import SUGGESTION, throttle_accept, throttled


@login_not_required
@throttled(SUGGESTION)
def suggestions(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_submit(**form.cleaned_data, language=page_language())
        except FeedbackError as error:
            form.add_error(None, error.message)
        else:
            throttle_accept(request)
            messages.success(
                request,
                gettext(
                    "Thank you. Your suggestion will be published here with our "
                    "response."
                ),
            )
            return redirect("feedback:suggestions")
    context = {"form": form, "suggestions": suggestion_public_list()[:100]}
    return render(request, "feedback/suggestion_list.html", context)


@require_GET
def staff_suggestions(request: HttpRequest) -> HttpResponse:
    if not can_respond_suggestions(request.user):
        raise Http404
    context = {"suggestions": suggestion_list_for(viewer=request.user)[:200]}
    return render(request, "feedback/staff_suggestion_list.html", context)


def staff_suggestion_respond(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = suggestion_get_for(viewer=request.user, pk=pk)
    if suggestion is None:
        raise Http404
    initial = {"status": suggestion.status, "response": suggestion.response}
    form = SuggestionRespondForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_respond(
                suggestion=suggestion, by=request.user, **form.cleaned_data
            )
        except FeedbackError as error:
            form.add_error("response", error.message)
        else:
            messages.success(request, gettext("The response is published."))
            return redirect("feedback:staff-suggestions")
    context = {
        "suggestion": suggestion,
        "form": form,
        "told_by": feedback_told_by(suggestion),
    }
    return render(request, "feedback/staff_suggestion_respond.html", context)
