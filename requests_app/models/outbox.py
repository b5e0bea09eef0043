"""The outbox: one row per message to a citizen or a member of staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.fields import EncryptedBinaryField, EncryptedTextField
from requests_app.models.requests import CitizenRequest, NotifyBy


class Notice(models.Model):
    """Outbox: one row per message to a citizen or staff member.

    Written in the same transaction as the change it announces.

    The text is rendered when the row is written (in the recipient's language); a task
    sends it after commit and a periodic sweep resends what is still unsent. `channel`
    says how: an e-mail, an SMS through the gateway (`recipient` is the phone), or a
    letter (`recipient` is the postal address), which waits for the letters batch and
    is never sent by the worker.
    """

    class DeliveryState(models.TextChoices):
        NONE = "", _("not reported")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("not delivered")

    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(
        _("sent by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )
    request = models.ForeignKey(
        CitizenRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    # Personal data (and, for complaints, confidential answers): encrypted at rest.
    recipient = EncryptedTextField(_("recipient"))
    language = models.CharField(max_length=8, default="bg")
    subject = models.CharField(_("subject"), max_length=300)
    body = EncryptedTextField(_("body"))
    # Optional file sent with the message (e.g. a proof-of-filing PDF).
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_content = EncryptedBinaryField(null=True, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    # Makes "never the same alert twice" a database fact.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # SMS: the gateway's id of the message, and its delivery report.
    gateway_id = models.CharField(max_length=100, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_state = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryState.choices, blank=True
    )
    # Letters: the number the letter cites, who signs it, the department named under
    # the letterhead (its head signs when nobody did), and when (by whom) it was
    # handed to the post.
    reference = models.CharField(_("registry number"), max_length=100, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    department = models.ForeignKey(
        "requests_app.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["sent_at", "created_at"]),
            # The letters batch: letters not yet posted, oldest first.
            models.Index(
                fields=["created_at"],
                name="notice_letters_waiting",
                condition=models.Q(channel="post", posted_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
