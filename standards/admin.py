from django import forms
from django.contrib import admin

from standards.indicators.definitions import indicator_choices
from standards.models import ManagementComment, Report, StandardsVersion, Target


@admin.register(StandardsVersion)
class StandardsVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title_bg", "effective_on", "note"]
    ordering = ["-effective_on", "-number"]


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(choices=indicator_choices)

    class Meta:
        model = Target
        fields = [
            "indicator",
            "scope_kind",
            "department",
            "service",
            "value",
            "valid_from",
            "note",
        ]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["indicator", "scope_kind", "department", "service", "value"]
    list_filter = ["indicator", "scope_kind"]
    date_hierarchy = "valid_from"


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Generated files are immutable: everything is read-only here."""

    list_display = ["__str__", "language", "origin", "status", "is_published"]
    list_filter = ["status", "origin", "is_published", "period_kind"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ManagementComment)
class ManagementCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_on", "end_on", "scope_kind", "author"]
