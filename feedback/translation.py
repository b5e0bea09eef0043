"""Texts of complaint kinds in Bulgarian and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from feedback.models import ComplaintKind


@register(ComplaintKind)
class ComplaintKindTranslation(TranslationOptions):
    fields = ("name", "description", "legal_basis")
