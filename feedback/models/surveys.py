"""Satisfaction surveys: one-time invitations, answers, follow-ups of unhappy answers.

The scores are the satisfaction dimensions of `feedback.dimensions`, one declared
field each.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.dimensions import DIMENSION_CODES
from requests_app.fields import EncryptedTextField


class Resolved(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class SurveyInvitation(models.Model):
    """A one-time survey link sent when a request is closed (expires after 30 days)."""

    request = models.OneToOneField(
        "requests_app.CitizenRequest",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"invitation {self.request_id}"


# Each dimension's score is 1-5 or not given.
SCORE_RANGE = Q(
    *(
        Q(**{f"{code}__isnull": True}) | Q(**{f"{code}__gte": 1, f"{code}__lte": 5})
        for code in DIMENSION_CODES
    )
)


class SurveyResponse(models.Model):
    """Answers mapped to the service standards (each score 1-5, or not given).

    One field per satisfaction dimension (`feedback.dimensions.DIMENSIONS`).
    """

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Invitation after a request")
        ANYTIME = "anytime", _("Any-time survey")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    request = models.ForeignKey(
        "requests_app.CitizenRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        "requests_app.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "requests_app.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    courtesy = models.PositiveSmallIntegerField(_("courtesy"), null=True, blank=True)
    clarity = models.PositiveSmallIntegerField(
        _("clarity of information"), null=True, blank=True
    )
    timeliness = models.PositiveSmallIntegerField(
        _("timeliness"), null=True, blank=True
    )
    simplicity = models.PositiveSmallIntegerField(
        _("simplicity of forms and procedures"), null=True, blank=True
    )
    overall = models.PositiveSmallIntegerField(_("overall"), null=True, blank=True)
    resolved = models.CharField(
        _("matter resolved"), max_length=10, choices=Resolved.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    has_consent = models.BooleanField(_("may be contacted"), default=False)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
    language = models.CharField(max_length=8, default="bg")
    submitted_at = models.DateTimeField(_("answered at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Set when the retention period ended and the comment and e-mail were removed
    # (`feedback.services.retention`); the scores stay.
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=SCORE_RANGE, name="survey_scores_1_to_5"),
            models.CheckConstraint(
                condition=Q(resolved__in=["", *Resolved.values]),
                name="survey_resolved_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.submitted_at:%Y-%m-%d}"


class FollowUpItem(models.Model):
    """An unhappy survey answer with consent: the department head calls back."""

    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="follow_up"
    )
    department = models.ForeignKey(
        "requests_app.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["done_at", "-created_at", "-pk"]
        permissions = [("handle_followup", "Can follow up unhappy survey answers")]

    def __str__(self) -> str:
        return f"follow-up {self.response_id}"
