"""Casework: the request's timeline and the extensions of its term."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models.catalogue import ExtensionReason
from requests_app.models.figures import (
    SUSPENSION_KIND,
    FigureSource,
    FigureSourceQuerySet,
    event_days_of_rows,
    extension_days_of_rows,
    local_day,
)
from requests_app.models.requests import CitizenRequest
from requests_app.workflow import Status


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
    TERM_RESTARTED = "term_restarted", _("Term restarted")
    CALENDAR_MOVE = "calendar_move", _("Due date moved by the work calendar")
    ATTACHMENT = "attachment", _("Document added")


class RequestEvent(FigureSource):
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

    # Suspensions count in the figures: writes mark their days (`models.figures`).
    objects = FigureSourceQuerySet.as_manager()
    FIGURE_FIELDS = frozenset({"kind", "created_at", "request_id"})

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "pk"]
        # The daily figures recompute a day's suspensions from this.
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(kind="suspension"),
                name="event_suspension_created_at",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="event_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"

    @staticmethod
    def figure_days(state: dict[str, Any]) -> set[date | None]:
        """Return the day a suspension counts on; other entries count on none."""
        if state.get("kind") != SUSPENSION_KIND:
            return set()
        return {local_day(state["created_at"])}

    @classmethod
    def figure_days_of_rows(cls, rows: models.QuerySet) -> set[date | None]:
        return event_days_of_rows(rows)


class Extension(FigureSource):
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

    # Extensions count in the figures: writes mark their days (`models.figures`).
    objects = FigureSourceQuerySet.as_manager()
    FIGURE_FIELDS = frozenset({"created_at", "is_late", "request_id"})

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["created_at", "pk"]
        # The daily figures recompute a day's extensions from this.
        indexes = [models.Index(fields=["created_at"], name="extension_created_at")]
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

    @staticmethod
    def figure_days(state: dict[str, Any]) -> set[date | None]:
        """Return the day an extension counts on."""
        return {local_day(state["created_at"])} if state else set()

    @classmethod
    def figure_days_of_rows(cls, rows: models.QuerySet) -> set[date | None]:
        return extension_days_of_rows(rows)

    @classmethod
    def figure_days_created(cls, objs: list[Any], *, using: str) -> set[date | None]:
        """Return the days of the new extensions and of the others of their requests
        (one query): whether an extension repeats another depends on them."""
        days = {local_day(obj.created_at) for obj in objs}
        rows = cls._base_manager.using(using).filter(pk__in=[obj.pk for obj in objs])
        return days | extension_days_of_rows(rows) if objs else days

    def figure_days_related(
        self, before: dict[str, Any] | None, after: dict[str, Any], *, using: str
    ) -> set[date | None]:
        """Return the days of the other extensions of its request (before and after)."""
        requests = {state["request_id"] for state in (before, after) if state}
        rows = type(self)._base_manager.using(using).filter(request_id__in=requests)
        return extension_days_of_rows(rows)
