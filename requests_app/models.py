"""Catalogue, work calendar, citizen requests, their timeline and the outbox."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedBinaryField, EncryptedTextField
from .workflow import Status


class User(AbstractUser):
    """A member of staff. Citizens have no account."""

    position = models.CharField(_("position"), max_length=200, blank=True)
    departments = models.ManyToManyField(
        "Department", verbose_name=_("departments"), blank=True, related_name="staff"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="bg"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    # Prefix of registry numbers, e.g. "94-00" in 94-00-123/24.11.2026.
    registry_index = models.CharField(_("registry index"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """An administrative service of the catalogue."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=300)
    summary = models.TextField(_("what it gives"))
    eligibility = models.TextField(_("who may apply"), blank=True)
    documents = models.TextField(_("documents needed"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    keywords = models.CharField(_("search keywords"), max_length=500, blank=True)
    fee = models.DecimalField(_("fee (EUR)"), max_digits=9, decimal_places=2, default=0)
    fee_note = models.CharField(_("fee note"), max_length=300, blank=True)
    term_days = models.PositiveIntegerField(_("statutory term (days)"))
    term_working_days = models.BooleanField(
        _("term in working days"),
        default=False,
        help_text=_("Calendar days unless the law says working days."),
    )
    max_extension_days = models.PositiveIntegerField(
        _("longest allowed extension (days)"), default=0
    )
    is_online = models.BooleanField(_("can be filed online"), default=True)
    is_at_desk = models.BooleanField(_("can be filed at the desk"), default=True)
    is_by_post = models.BooleanField(_("can be filed by post"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["department__order", "name"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ServiceVariant(models.Model):
    """Ordinary / fast / express: each with its own fee and term."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="variants"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    fee = models.DecimalField(_("fee (EUR)"), max_digits=9, decimal_places=2, default=0)
    term_days = models.PositiveIntegerField(_("term (days)"))
    term_working_days = models.BooleanField(_("term in working days"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service variant")
        verbose_name_plural = _("service variants")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="variant_code_unique_per_service"
            )
        ]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")


class ServiceQuestion(models.Model):
    """A service-specific question asked on the form (and as an Open311 attribute)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.TEXT,
    )
    is_required = models.BooleanField(_("required"), default=False)
    # For choice questions: one option per line, "key|label" or just the label.
    choices = models.TextField(_("choices"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service question")
        verbose_name_plural = _("service questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="question_code_unique_per_service"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="question_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CalendarDay(models.Model):
    """A day that differs from the holidays package.

    A declared one-off day off, or a weekend day declared working.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Declared day off")
        WORKING_DAY = "working_day", _("Declared working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("work calendar")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]),
                name="calendar_day_kind_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")
    POST = "post", _("By post")
    OPEN311 = "open311", _("Open311")


class CitizenRequest(models.Model):
    registry_number = models.CharField(_("registry number"), max_length=60, unique=True)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    variant = models.ForeignKey(
        ServiceVariant,
        verbose_name=_("variant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    citizen_name = models.CharField(_("name"), max_length=200)
    citizen_email = models.EmailField(_("e-mail"), blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=50, blank=True)
    citizen_address = models.CharField(_("postal address"), max_length=300, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="bg"
    )
    details = models.TextField(_("what is needed"))
    # Where the matter is (Open311 requests may carry a place).
    location = models.CharField(_("address of the matter"), max_length=300, blank=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The term as it was when the request was filed (the catalogue may change later).
    term_days = models.PositiveIntegerField(_("term (days)"))
    term_working_days = models.BooleanField(_("term in working days"), default=False)
    received_on = models.DateField(_("received on"))
    original_due_on = models.DateField(_("original due date"))
    due_on = models.DateField(_("due date"), db_index=True)
    suspended_on = models.DateField(_("suspended since"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    linked_to = models.ForeignKey(
        "self",
        verbose_name=_("follows request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Secret for the citizen's tracking link; never derived from the registry number.
    tracking_token = models.CharField(max_length=64, unique=True, editable=False)
    # Random key carried by the form: a double click or a resent POST files once.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("filed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["due_on", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="request_channel_known"
            ),
        ]
        indexes = [models.Index(fields=["department", "status", "due_on"])]

    def __str__(self) -> str:
        return self.registry_number


class RequestAnswer(models.Model):
    request = models.ForeignKey(
        CitizenRequest, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(ServiceQuestion, on_delete=models.PROTECT)
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.value[:50]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never keep the citizen's file name on disk: it may hold personal data or a path.
    return f"attachments/{instance.request_id}/{instance.token}"


class Attachment(models.Model):
    request = models.ForeignKey(
        CitizenRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    is_from_citizen = models.BooleanField(_("from the citizen"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    STATUS = "status", _("Status change")
    MESSAGE = "message", _("Message to the citizen")
    CITIZEN_REPLY = "citizen_reply", _("Reply from the citizen")
    NOTE = "note", _("Internal note")
    ASSIGNMENT = "assignment", _("Assignment")
    REFERRAL = "referral", _("Referral")
    SUSPENSION = "suspension", _("Term suspended")
    RESUMPTION = "resumption", _("Term resumed")
    EXTENSION = "extension", _("Term extended")
    ATTACHMENT = "attachment", _("Document added")


class RequestEvent(models.Model):
    """One entry of the request's timeline; status changes included (from, to)."""

    request = models.ForeignKey(
        CitizenRequest, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    is_public = models.BooleanField(_("shown to the citizen"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="event_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class RegistryCounter(models.Model):
    """The last sequence number per department and year (locked when incremented)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"], name="one_counter_per_department_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}: {self.last}"


class Notice(models.Model):
    """Outbox: one row per message to a citizen or staff member.

    Written in the same transaction as the change it announces.

    The text is rendered when the row is written (in the recipient's language); a task
    sends it after commit and a periodic sweep resends what is still unsent.
    """

    kind = models.CharField(_("kind"), max_length=40)
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

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class CitizenLoginToken(models.Model):
    """A one-time sign-in link for a citizen (no password, no account)."""

    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class AuditEntry(models.Model):
    """Who did what to which object, and when. Append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=50)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=64)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


# --- Casework (#3): extensions of the term and their legal reasons -----------------


class ExtensionReason(models.Model):
    """A legal reason to extend a request's term (data: administrators edit it)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("reason"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extension reason")
        verbose_name_plural = _("extension reasons")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Extension(models.Model):
    """A later due date for a request, with its reason; the citizen is told at once."""

    request = models.ForeignKey(
        CitizenRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    old_due_on = models.DateField(_("due date before"))
    new_due_on = models.DateField(_("new due date"))
    reason = models.ForeignKey(
        ExtensionReason, verbose_name=_("reason"), on_delete=models.PROTECT
    )
    text = models.TextField(_("explanation"), blank=True)
    # Made on or after the due date it extends: allowed, but counted as late.
    is_late = models.BooleanField(_("made late"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=models.F("old_due_on")),
                name="extension_moves_due_date_later",
            )
        ]
        # Casework permissions live here, apart from CitizenRequest's Meta.
        permissions = [
            ("handle_request", "Can work on the requests of own departments"),
            ("handle_any_case", "Can act on any case of own departments"),
            ("register_request", "Can register a request received at the desk"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.old_due_on} → {self.new_due_on}"
