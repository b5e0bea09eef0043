from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from requests_app.models import (
    AuditEntry,
    CalendarDay,
    CitizenRequest,
    Department,
    Notice,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.two_factor import admin_two_factor_reset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Service desk"),
            {"fields": ("position_bg", "position_en", "departments", "language")},
        ),
    )
    filter_horizontal = ("groups", "user_permissions", "departments")
    list_display = ("username", "first_name", "last_name", "position", "is_staff")
    actions = [admin_two_factor_reset]


@admin.register(Department)
class DepartmentAdmin(TranslationAdmin):
    list_display = ("name", "code", "registry_index", "order")
    search_fields = ("name", "code")


class ServiceVariantInline(TranslationTabularInline):
    model = ServiceVariant
    extra = 0


class ServiceQuestionInline(TranslationTabularInline):
    model = ServiceQuestion
    extra = 0


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = (
        "code",
        "name",
        "department",
        "term_days",
        "term_working_days",
        "is_active",
    )
    list_filter = ("department", "is_active", "term_working_days")
    search_fields = ("code", "name", "keywords")
    inlines = [ServiceVariantInline, ServiceQuestionInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(TranslationAdmin):
    list_display = ("day", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "day"


@admin.register(CitizenRequest)
class CitizenRequestAdmin(admin.ModelAdmin):
    list_display = ("registry_number", "service", "status", "due_on", "department")
    list_filter = ("status", "department", "channel")
    search_fields = ("registry_number",)
    readonly_fields = ("status", "due_on", "original_due_on", "registry_number")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "created_at", "sent_at", "attempts")
    list_filter = ("kind",)
    readonly_fields = ("attachment_content",)

    def get_queryset(self, request):
        # Complaint and signal notices carry the filer's address, the reasoned answer
        # and the proof of filing (whose receipt code opens the case): they are for
        # complaint officers only, and the admin is not a confidential channel.
        return super().get_queryset(request).exclude(kind__startswith="complaint_")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- Casework ---
from requests_app.models import Extension, ExtensionReason  # noqa: E402


@admin.register(ExtensionReason)
class ExtensionReasonAdmin(TranslationAdmin):
    list_display = ("name", "code", "legal_basis", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "legal_basis")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("request", "old_due_on", "new_due_on", "reason", "is_late", "by")
    list_filter = ("is_late", "reason")
    # Extensions are made on the case page (the citizen is told): read-only here.
    readonly_fields = (
        "request",
        "old_due_on",
        "new_due_on",
        "reason",
        "text",
        "is_late",
        "by",
        "created_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
