"""The work calendar: days that differ from the holidays package."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
