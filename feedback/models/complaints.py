"""Complaints, signals and proposals: confidential, read only through selectors.

Confidential texts (bodies, contact details, answers, attached files) are encrypted at
rest with `EncryptedTextField` / `EncryptedBinaryField`. Who may read them is decided in
`feedback.selectors.complaints` only. The statuses live in `feedback.workflow`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.workflow import ComplaintStatus, NotExaminedReason
from requests_app.fields import EncryptedBinaryField, EncryptedTextField
from requests_app.models.requests import NotifyBy


class ComplaintKind(models.Model):
    """A kind of complaint with its legal terms (data: administrators edit them).

    Defaults follow АПК arts. 111-123: acknowledgement within 7 days, a decision within
    2 months for proposals and signals; anonymous proposals and signals are not
    processed (art. 111(4)), so `is_contact_required` is on for them. A proposal's
    term may be extended up to 6 months (art. 118: `extend_to_months`); a signal
    about facts more than 2 years old is not examined (art. 111(4):
    `facts_within_years`). The citations shown to people come from
    `requests_app.legal`.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_contact_required = models.BooleanField(
        _("contact details required"),
        default=False,
        help_text=_("On when the law does not process anonymous submissions."),
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge within (days)"), default=7
    )
    decide_months = models.PositiveSmallIntegerField(
        _("decide within (months)"),
        default=2,
        help_text=_("Leave 0 to use the term in days instead."),
    )
    decide_days = models.PositiveSmallIntegerField(_("decide within (days)"), default=0)
    extend_to_months = models.PositiveSmallIntegerField(
        _("may be extended up to (months from filing)"),
        default=0,
        help_text=_(
            "0: the decision term cannot be extended. Proposals: 6, with a reason, "
            "and the proposer is told."
        ),
    )
    facts_within_years = models.PositiveSmallIntegerField(
        _("facts older than this are not examined (years)"),
        default=0,
        help_text=_(
            "0: no limit. Signals: 2. The form then requires the date of the facts."
        ),
    )
    is_active = models.BooleanField(_("offered on the form"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("complaint kind")
        verbose_name_plural = _("complaint kinds")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decide_months__gt=0) | Q(decide_days__gt=0),
                name="complaint_kind_has_decision_term",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    """A complaint, signal or proposal. Confidential: read only through selectors."""

    kind = models.ForeignKey(
        ComplaintKind, verbose_name=_("kind"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    # The case the complaint is about, and its clerk when it was filed: that clerk
    # must never see the complaint.
    request = models.ForeignKey(
        "requests_app.CitizenRequest",
        verbose_name=_("about request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    named_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk concerned"),
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
    body = EncryptedTextField(_("text"))
    # When the facts happened, as the filer says; it decides whether a signal may be
    # examined at all (`ComplaintKind.facts_within_years`).
    facts_on = models.DateField(_("facts happened on"), null=True, blank=True)
    not_examined_because = models.CharField(
        _("not examined because"),
        max_length=20,
        choices=NotExaminedReason.choices,
        blank=True,
    )
    contact_name = EncryptedTextField(_("name"), blank=True)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
    contact_phone = EncryptedTextField(_("phone"), blank=True)
    contact_address = EncryptedTextField(_("postal address"), blank=True)
    # How the filer is told (`requests_app.models.requests.notify_by_default` when
    # they chose none); without that contact nothing is sent.
    notify_by = models.CharField(
        _("notices by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )
    language = models.CharField(max_length=8, default="bg")
    # The receipt code is never stored: only its SHA-256 (80+ random bits, so a fast
    # hash cannot be reversed by guessing).
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    received_on = models.DateField(_("received on"))
    acknowledge_due_on = models.DateField(_("acknowledge by"), db_index=True)
    decide_due_on = models.DateField(_("decide by"), db_index=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    decided_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = EncryptedTextField(_("reasoned answer"), blank=True)
    # The proof of filing, kept (encrypted) until downloaded once from the
    # confirmation page, then erased.
    proof_pdf = EncryptedBinaryField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("filed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set when the retention period ended and the personal data were removed
    # (`feedback.services.retention`); the figures stay.
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("complaint or signal")
        verbose_name_plural = _("complaints and signals")
        ordering = ["decide_due_on", "acknowledge_due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values),
                name="complaint_status_known",
            )
        ]
        permissions = [
            ("handle_complaint", "Can read and answer confidential complaints"),
            ("view_feedback_counts", "Can see counts of complaints and feedback"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind_id}"


class ComplaintExtension(models.Model):
    """A decision term moved later, with its reason; the filer was told at once."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="extensions"
    )
    old_due_on = models.DateField(_("due date before"))
    new_due_on = models.DateField(_("new due date"))
    reason = EncryptedTextField(_("reason"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("extension of a complaint's term")
        verbose_name_plural = _("extensions of complaints' terms")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=models.F("old_due_on")),
                name="complaint_extension_moves_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.old_due_on} -> {self.new_due_on}"


class ComplaintMessage(models.Model):
    """An entry of the exchange: the filer adds information, an officer asks for it."""

    class Author(models.TextChoices):
        FILER = "filer", _("Filer")
        OFFICER = "officer", _("Complaint officer")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField(_("from"), max_length=10, choices=Author.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = EncryptedTextField(_("text"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint message")
        verbose_name_plural = _("complaint messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.author}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments"
    )
    name = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content = EncryptedBinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}/{self.pk}"


class ComplaintAccess(models.Model):
    """Who opened which complaint, and when (shown to complaint officers)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="accesses"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, default="view")
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint access")
        verbose_name_plural = _("complaint access log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.action} {self.complaint_id}"
