"""Suggestions: "you said, we did". The statuses live in `feedback.workflow`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.workflow import SuggestionStatus
from requests_app.fields import EncryptedTextField
from requests_app.models.requests import NotifyBy


class Suggestion(models.Model):
    """A citizen's idea; published with the municipality's response once answered."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("suggestion"))
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
    contact_phone = EncryptedTextField(_("phone"), blank=True)
    contact_address = EncryptedTextField(_("postal address"), blank=True)
    # How the contributor hears of the responses; without that contact, not at all.
    notify_by = models.CharField(
        _("notices by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )
    language = models.CharField(max_length=8, default="bg")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
    )
    response = models.TextField(_("public response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_responded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    response_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # Set when the retention period ended and the contact details were removed
    # (`feedback.services.retention`).
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values),
                name="suggestion_status_known",
            )
        ]
        permissions = [("respond_suggestion", "Can publish responses to suggestions")]

    def __str__(self) -> str:
        return self.title
