"""The catalogue: departments, services, variants, questions, extension reasons."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from requests_app.dates import DateLimit
from requests_app.legal import UNCLARIFIED, LegalSource


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


class SuspensionRule(models.TextChoices):
    """What asking the citizen for something does to the term: set by the law."""

    PAUSE = "pause", _("Pause: the term stops and goes on from where it stood")
    # Access to Public Information Act (ЗДОИ) art. 29(1): the term of art. 28(1) runs
    # from the day the applicant clarifies the request.
    RESTART = "restart", _("Restart: the full term runs again from the answer")


# The legal basis shown to the citizen when a request is left without consideration
# for want of an answer (`requests_app.legal`). The general pause has no single article
# (it depends on the law of each service), so none is shown for it.
UNANSWERED_LEGAL_BASIS: dict[str, LegalSource | None] = {
    SuspensionRule.PAUSE: None,
    SuspensionRule.RESTART: UNCLARIFIED,
}


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
    synonyms = models.TextField(
        _("everyday names"),
        blank=True,
        help_text=_(
            "What citizens call this service in their own words, one phrase per "
            'line, e.g. "change of address" or "no debts". The search finds the '
            "service by these phrases too."
        ),
    )
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
    suspension_rule = models.CharField(
        _("when the citizen is asked for something"),
        max_length=10,
        choices=SuspensionRule.choices,
        default=SuspensionRule.PAUSE,
        help_text=_(
            "Pause: the term stops while the citizen is asked for missing documents "
            "and goes on when they answer (the general rule). Restart: the full term "
            "runs again from the day the answer arrives, e.g. for access to public "
            "information (Access to Public Information Act, art. 29(1))."
        ),
    )
    is_online = models.BooleanField(_("can be filed online"), default=True)
    is_at_desk = models.BooleanField(_("can be filed at the desk"), default=True)
    is_by_post = models.BooleanField(_("can be filed by post"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["department__order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suspension_rule__in=SuspensionRule.values),
                name="service_suspension_rule_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ServiceSearchTerm(models.Model):
    """A word of a service's searchable text, or its base form, with the weight of
    the field it comes from (name over synonyms over keywords over summary).

    Rebuilt by `requests_app.services.search_index` whenever the text changes; the
    catalogue search reads it through the index on `term` (prefixes, and on
    PostgreSQL near spellings through a trigram index made by the migration).
    """

    # Looked up by service through the unique constraint's index (service, term).
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="search_terms", db_index=False
    )
    term = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "term"], name="search_term_unique_per_service"
            )
        ]
        indexes = [
            # varchar_pattern_ops: equality and LIKE 'prefix%' whatever the
            # database's collation (PostgreSQL; other databases ignore it).
            models.Index(
                fields=["term"],
                name="search_term",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.term


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
    # For date questions: a date of death is today or earlier (`requests_app.dates`).
    date_limit = models.CharField(
        _("dates allowed"),
        max_length=10,
        choices=DateLimit.choices,
        default=DateLimit.ANY,
        help_text=_("For date questions only."),
    )
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
            models.CheckConstraint(
                condition=Q(date_limit__in=DateLimit.values),
                name="question_date_limit_known",
            ),
        ]

    def __str__(self) -> str:
        return self.label


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
