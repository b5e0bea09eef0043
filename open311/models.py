"""API keys of Open311 clients and what each client filed through the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """One key per client application, stored as a SHA-256 hash (never in clear)."""

    client_name = models.CharField(_("client"), max_length=200)
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_("Who to call about this client (name, e-mail)."),
    )
    # The first characters of the key, so staff can tell keys apart without the secret.
    prefix = models.CharField(_("key starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["client_name", "pk"]

    def __str__(self) -> str:
        return f"{self.client_name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Submission(models.Model):
    """A request filed through the API: which key, and the Open311-only details."""

    # Handed back on POST and answered by tokens/<token>; never the citizen's secret
    # tracking token, which opens the citizen's own page.
    token = models.CharField(max_length=32, unique=True, editable=False)
    api_key = models.ForeignKey(
        ApiKey,
        verbose_name=_("API key"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    citizen_request = models.OneToOneField(
        "requests_app.CitizenRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="open311_submission",
    )
    # The registry number as filed, so the API answers tokens without a join.
    service_request_id = models.CharField(max_length=60, editable=False)
    address_id = models.CharField(_("address ID"), max_length=100, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    device_id = models.CharField(_("device ID"), max_length=100, blank=True)
    account_id = models.CharField(_("account ID"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.service_request_id
