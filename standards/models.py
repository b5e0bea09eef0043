"""Published standards (versioned), targets, generated reports, management comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from standards.periods import Period, PeriodKind, period_is_provisional


class ScopeKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Whole municipality")
    DEPARTMENT = "department", _("Department")
    SERVICE = "service", _("Service")


# A scope names either nothing, one department or one service: never both.
SCOPE_IS_CONSISTENT = (
    Q(scope_kind="municipality", department__isnull=True, service__isnull=True)
    | Q(scope_kind="department", department__isnull=False, service__isnull=True)
    | Q(scope_kind="service", department__isnull=True, service__isnull=False)
)


class StandardsVersion(models.Model):
    """One published version of the Service Standards text, in Bulgarian and English.

    The text is plain paragraphs, "- " list items and "I. HEADINGS"; it is escaped when
    shown, never rendered as HTML.
    """

    number = models.PositiveIntegerField(_("version"), unique=True)
    title_bg = models.CharField(_("title (Bulgarian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_bg = models.TextField(_("text (Bulgarian)"))
    body_en = models.TextField(_("text (English)"))
    effective_on = models.DateField(_("effective from"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standards version")
        verbose_name_plural = _("standards versions")
        ordering = ["-effective_on", "-number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.effective_on:%Y-%m-%d})"


class Target(models.Model):
    """The value an indicator should reach, for a scope, from a date on."""

    indicator = models.CharField(_("indicator"), max_length=50)
    scope_kind = models.CharField(
        _("scope"),
        max_length=20,
        choices=ScopeKind.choices,
        default=ScopeKind.MUNICIPALITY,
    )
    department = models.ForeignKey(
        "requests_app.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    service = models.ForeignKey(
        "requests_app.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    value = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "scope_kind", "-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=SCOPE_IS_CONSISTENT, name="target_scope_consistent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value} ({self.valid_from:%Y-%m-%d})"


def report_file_path(instance: "Report", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1]
    return (
        f"reports/{instance.start_on:%Y%m%d}-{instance.end_on:%Y%m%d}/"
        f"{instance.scope_key.replace(':', '-')}-{instance.language}-"
        f"{instance.pk}.{extension}"
    )


class Report(models.Model):
    """A generated report: immutable PDF and CSV files with their SHA-256 checksums."""

    class Origin(models.TextChoices):
        ON_DEMAND = "on_demand", _("On demand")
        SCHEDULED = "scheduled", _("Scheduled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    scope_kind = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices)
    department = models.ForeignKey(
        "requests_app.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    service = models.ForeignKey(
        "requests_app.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # "municipality", "department:<id>" or "service:<id>": one column for uniqueness.
    scope_key = models.CharField(max_length=40, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="bg"
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.ON_DEMAND
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    csv = models.FileField(_("CSV"), upload_to=report_file_path, blank=True)
    csv_sha256 = models.CharField(_("CSV SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When a worker claimed the report (status "running"): a claim older than
    # `services.REPORT_CLAIM_STALE_AFTER` was left by a dead worker.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-end_on", "-created_at", "-pk"]
        permissions = [
            ("view_dashboard", "Can see the management dashboard"),
            ("publish_report", "Can generate, publish and withdraw reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=SCOPE_IS_CONSISTENT, name="report_scope_consistent"
            ),
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="report_period_ordered",
            ),
            # Celery beat may fire twice: one scheduled report per period and scope.
            models.UniqueConstraint(
                fields=["period_kind", "start_on", "end_on", "scope_key", "language"],
                condition=Q(origin="scheduled"),
                name="one_scheduled_report_per_period_scope",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(status="done"),
                name="report_published_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_on:%Y-%m-%d}…{self.end_on:%Y-%m-%d} {self.scope_key}"

    @property
    def is_provisional(self) -> bool:
        """Return whether the period had not ended when the report was made (its
        figures are as of `started_at`; one not made yet would be made now)."""
        made_on = timezone.localdate(self.started_at or timezone.now())
        period = Period(self.period_kind, self.start_on, self.end_on)
        return period_is_provisional(period, as_of=made_on)


class ManagementComment(models.Model):
    """Management's comment on the results of one period and scope, shown in reports."""

    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    scope_kind = models.CharField(
        _("scope"),
        max_length=20,
        choices=ScopeKind.choices,
        default=ScopeKind.MUNICIPALITY,
    )
    department = models.ForeignKey(
        "requests_app.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    service = models.ForeignKey(
        "requests_app.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("management comment")
        verbose_name_plural = _("management comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=SCOPE_IS_CONSISTENT, name="comment_scope_consistent"
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]
