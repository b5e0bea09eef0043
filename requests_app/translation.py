"""Catalogue texts in Bulgarian and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from requests_app.models import (
    CalendarDay,
    Department,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)


@register(User)
class UserTranslation(TranslationOptions):
    fields = ("position",)


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = (
        "name",
        "summary",
        "eligibility",
        "documents",
        "legal_basis",
        "keywords",
        "synonyms",
        "fee_note",
    )


@register(ServiceVariant)
class ServiceVariantTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceQuestion)
class ServiceQuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")


@register(CalendarDay)
class CalendarDayTranslation(TranslationOptions):
    fields = ("reason",)


# --- Casework ---
from requests_app.models import ExtensionReason  # noqa: E402


@register(ExtensionReason)
class ExtensionReasonTranslation(TranslationOptions):
    fields = ("name", "legal_basis")
