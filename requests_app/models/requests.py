"""Citizen requests, their answers and attachments, and the registry counters."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.fields import EncryptedTextField
from requests_app.models.catalogue import (
    Department,
    Service,
    ServiceQuestion,
    ServiceVariant,
)
from requests_app.models.figures import (
    FigureSource,
    FigureSourceQuerySet,
    local_day,
    request_days_of_rows,
)
from requests_app.uploads import type_ending
from requests_app.workflow import OPEN_STATUSES, Status

# Sorted, so that the migrations' text does not depend on the order of a set.
OPEN_REQUEST = Q(status__in=sorted(OPEN_STATUSES))


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")
    POST = "post", _("By post")
    OPEN311 = "open311", _("Open311")


class NotifyBy(models.TextChoices):
    """How the citizen wants to be told: the channel of every notice to them."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    POST = "post", _("Letter by post")


def notify_by_default(*, email: str = "", phone: str = "", address: str = "") -> str:
    """Return the channel a citizen is told by when they chose none.

    E-mail when they gave an address, else SMS when they gave a phone, else a letter
    when they gave a postal address; e-mail (nothing is sent) when they gave nothing.
    """
    if email.strip():
        return NotifyBy.EMAIL
    if phone.strip():
        return NotifyBy.SMS
    if address.strip():
        return NotifyBy.POST
    return NotifyBy.EMAIL


class CitizenRequest(FigureSource):
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
    # `requests_app.emails.email_key(citizen_email)`, written with it: every identity
    # check on the address compares this key, never the address itself.
    citizen_email_key = models.CharField(
        max_length=512, blank=True, db_index=True, editable=False
    )
    citizen_phone = models.CharField(_("phone"), max_length=50, blank=True)
    citizen_address = models.CharField(_("postal address"), max_length=300, blank=True)
    notify_by = models.CharField(
        _("notices by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )
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
    # Looked up by its SHA-256 (`requests_app.tokens.token_hash`); the token itself is
    # kept only encrypted, because later notices carry the link again.
    tracking_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    tracking_token = EncryptedTextField(editable=False)
    # Random key carried by the form: a double click or a resent POST files once.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("filed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set when the retention period ended and the personal data were removed
    # (`requests_app.services.retention`); the statistics stay.
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Writes mark the days of the stored figures they change (`models.figures`).
    objects = FigureSourceQuerySet.as_manager()
    FIGURE_FIELDS = frozenset(
        {"received_on", "due_on", "closed_at", "status", "department_id", "service_id"}
    )

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
        indexes = [
            models.Index(fields=["department", "status", "due_on"]),
            # The clerks' queue reads only open requests (about one in eight): a page
            # in due-date order, and the tier counts, come from these partial indexes
            # alone, whatever the number of closed requests (`selectors.queue`).
            models.Index(
                fields=["due_on", "submitted_at", "id", "department", "assigned_to"],
                condition=OPEN_REQUEST,
                name="request_open_by_due",
            ),
            models.Index(
                fields=["department", "due_on"],
                condition=OPEN_REQUEST,
                name="request_open_department",
            ),
            models.Index(
                fields=["assigned_to", "due_on", "department"],
                condition=OPEN_REQUEST,
                name="request_open_assignee",
            ),
            # The daily figures recompute a day from these (`services.figures`).
            models.Index(fields=["received_on"], name="request_received_on"),
            models.Index(fields=["closed_at"], name="request_closed_at"),
        ]

    def __str__(self) -> str:
        return self.registry_number

    @staticmethod
    def figure_days(state: dict[str, Any]) -> set[date | None]:
        """Return the days a request counts on: received, closed and due."""
        if not state:
            return set()
        return {state["received_on"], state["due_on"], local_day(state["closed_at"])}

    @classmethod
    def figure_days_of_rows(cls, rows: models.QuerySet) -> set[date | None]:
        return request_days_of_rows(rows)

    def figure_days_related(
        self, before: dict[str, Any] | None, after: dict[str, Any], *, using: str
    ) -> set[date | None]:
        """Return the days of its extensions and suspensions when its department or
        service changes: they count in its scope."""
        scope = ("department_id", "service_id")
        if before is None or all(before[key] == after.get(key) for key in scope):
            return set()
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        return request_days_of_rows(rows)


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
    # The ending is that of the type found in the content, never one the sender chose.
    ending = type_ending(instance.content_type)
    suffix = f".{ending}" if ending else ""
    return f"attachments/{instance.request_id}/{instance.token}{suffix}"


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
