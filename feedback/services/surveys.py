"""Satisfaction surveys: the invitation after a closed or rejected request and the
answers."""

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from feedback.dimensions import DIMENSION_CODES
from feedback.errors import FeedbackError, SurveyLinkUnusable
from feedback.links import survey_link
from feedback.models import SurveyInvitation, SurveyResponse
from feedback.selectors.surveys import SurveyLinkState, survey_invitation_state
from feedback.services.followups import follow_up_if_unhappy
from requests_app.models import CitizenRequest, Service
from requests_app.services.outbox import citizen_notice_create, notify_by_contact
from requests_app.tokens import token_hash
from requests_app.workflow import TERMINAL_STATUSES

SURVEY_LINK_DAYS = 30
SCORES = range(1, 6)
# What a survey form may set on an answer: the dimensions' scores and the rest.
ANSWER_FIELDS = (
    *DIMENSION_CODES,
    "resolved",
    "comment",
    "has_consent",
    "contact_email",
)
TEXT_FIELDS = frozenset({"comment", "contact_email", "resolved"})


@transaction.atomic
def survey_invite(*, citizen_request: CitizenRequest) -> SurveyInvitation | None:
    """Invite the citizen of a closed or rejected request to the survey, once, the
    way they chose to be told (e-mail, SMS or letter): a rejection is asked about
    too, so that satisfaction is not measured on successes only.

    Return None when the request is still open, has no contact for the chosen way,
    or was invited already.
    """
    if citizen_request.status not in TERMINAL_STATUSES or not notify_by_contact(
        citizen_request, citizen_request.notify_by
    ):
        return None
    if SurveyInvitation.objects.filter(request=citizen_request).exists():
        return None
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        request=citizen_request,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=SURVEY_LINK_DAYS),
    )
    language = citizen_request.language
    citizen_notice_create(
        citizen_request=citizen_request,
        kind="survey_invitation",
        template="feedback/email/survey_invitation",
        context={
            "channel": citizen_request.notify_by,
            "survey_url": survey_link(token, language),
            "score_links": [
                (score, survey_link(token, language, score)) for score in SCORES
            ],
            "expires_at": invitation.expires_at,
        },
        dedupe_key=f"feedback:survey-invite:{citizen_request.pk}",
    )
    return invitation


def _claim(invitation_id: int) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation_id)
    state = survey_invitation_state(invitation)
    if state != SurveyLinkState.OK:
        raise SurveyLinkUnusable(
            gettext("This survey link cannot be used any more."), code=state
        )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return invitation


def _response_for(invitation: SurveyInvitation) -> SurveyResponse:
    citizen_request = invitation.request
    return SurveyResponse(
        source=SurveyResponse.Source.INVITATION,
        invitation=invitation,
        request=citizen_request,
        department_id=citizen_request.department_id,
        service_id=citizen_request.service_id,
        language=citizen_request.language,
    )


def _fill(response: SurveyResponse, answers: Mapping[str, Any]) -> None:
    for name in ANSWER_FIELDS:
        if name in answers:
            value = answers[name]
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            setattr(response, name, value)
    if not response.has_consent:
        response.contact_email = ""
    response.completed_at = timezone.now()


@transaction.atomic
def survey_score_record(
    *, invitation: SurveyInvitation, overall: int
) -> SurveyResponse:
    """Record the one-click overall score from the e-mail; the link is then used.

    Raise SurveyLinkUnusable when the link was used or has expired.
    """
    if overall not in SCORES:
        raise FeedbackError(gettext("Choose a score from 1 to 5."), code="bad_score")
    invitation = _claim(invitation.pk)
    response = _response_for(invitation)
    response.overall = overall
    response.save()
    return response


@transaction.atomic
def survey_submit_invited(
    *, invitation: SurveyInvitation, answers: Mapping[str, Any]
) -> SurveyResponse:
    """Save a full answer from an unused invitation link (which is then used)."""
    invitation = _claim(invitation.pk)
    response = _response_for(invitation)
    _fill(response, answers)
    response.save()
    follow_up_if_unhappy(response=response)
    return response


@transaction.atomic
def survey_complete(*, response_id: int, answers: Mapping[str, Any]) -> SurveyResponse:
    """Add the rest of the answers after a one-click score (once)."""
    response = SurveyResponse.objects.select_for_update().get(pk=response_id)
    if response.completed_at is not None:
        raise SurveyLinkUnusable(
            gettext("This survey was completed already."), code=SurveyLinkState.USED
        )
    overall = response.overall
    _fill(response, answers)
    if response.overall is None:
        response.overall = overall  # the score clicked in the e-mail stands
    response.save()
    follow_up_if_unhappy(response=response)
    return response


@transaction.atomic
def survey_submit_anytime(
    *, answers: Mapping[str, Any], service: Service | None, language: str
) -> SurveyResponse:
    """Save an answer of the any-time survey (not tied to a request)."""
    response = SurveyResponse(
        source=SurveyResponse.Source.ANYTIME,
        service=service,
        department_id=service.department_id if service else None,
        language=language,
    )
    _fill(response, answers)
    response.save()
    follow_up_if_unhappy(response=response)
    return response
