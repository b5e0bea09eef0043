from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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


REPORT_FILES = ("pdf", "csv")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Generated files are immutable: everything is read-only here.

    The files are linked through the site's own download view, which checks who may
    have them; never by the storage's address (on object storage that would be a
    signed link straight to the bucket, past every check).
    """

    list_display = ["__str__", "language", "origin", "status", "is_published"]
    list_filter = ["status", "origin", "is_published", "period_kind"]
    exclude = REPORT_FILES
    readonly_fields = [
        *(
            field.name
            for field in Report._meta.fields
            if field.name not in REPORT_FILES
        ),
        "pdf_file",
        "csv_file",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def _file_link(self, report: Report, fmt: str) -> str:
        if not getattr(report, fmt):
            return "-"
        url = reverse("standards:report-file", kwargs={"pk": report.pk, "fmt": fmt})
        return format_html('<a href="{}">{}</a>', url, fmt.upper())

    @admin.display(description=_("PDF"))
    def pdf_file(self, report: Report) -> str:
        return self._file_link(report, "pdf")

    @admin.display(description=_("CSV"))
    def csv_file(self, report: Report) -> str:
        return self._file_link(report, "csv")


@admin.register(ManagementComment)
class ManagementCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_on", "end_on", "scope_kind", "author"]
