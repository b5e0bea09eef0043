"""Complaints, signals and proposals (confidential); surveys; public suggestions.

Confidential texts (bodies, contact details, answers, attached files) are encrypted at
rest with `fields.EncryptedTextField` / `EncryptedBinaryField`. Who may read them is
decided in `selectors.py` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.fields import EncryptedBinaryField, EncryptedTextField


class ComplaintKind(models.Model):
    """A kind of complaint with its legal terms (data: administrators edit them).

    Defaults follow АПК arts. 111-123: acknowledgement within 7 days, a decision within
    2 months for proposals and signals; anonymous proposals and signals are not
    processed (art. 111(4)), so `is_contact_required` is on for them.
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


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    WAITING = "waiting", _("Waiting for more information")
    DECIDED = "decided", _("Answered")
    CLOSED = "closed", _("Closed")


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
    contact_name = EncryptedTextField(_("name"), blank=True)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
    contact_phone = EncryptedTextField(_("phone"), blank=True)
    contact_address = EncryptedTextField(_("postal address"), blank=True)
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


# --- Satisfaction surveys ------------------------------------------------------------


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


SCORE_RANGE = Q(
    Q(courtesy__isnull=True) | Q(courtesy__gte=1, courtesy__lte=5),
    Q(clarity__isnull=True) | Q(clarity__gte=1, clarity__lte=5),
    Q(timeliness__isnull=True) | Q(timeliness__gte=1, timeliness__lte=5),
    Q(simplicity__isnull=True) | Q(simplicity__gte=1, simplicity__lte=5),
    Q(overall__isnull=True) | Q(overall__gte=1, overall__lte=5),
)


class SurveyResponse(models.Model):
    """Answers mapped to the service standards (each score 1-5, or not given)."""

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


# --- Suggestions: "you said, we did" -----------------------------------------------


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Suggestion(models.Model):
    """A citizen's idea; published with the municipality's response once answered."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("suggestion"))
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
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
