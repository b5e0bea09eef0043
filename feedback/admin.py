"""Admin: complaint kinds and their terms are editable; confidential texts never show.

Complaints appear with their dates and status only (no body, no contact details) and
cannot be added or edited here: officers work them in the back office.
"""

from django.contrib import admin

from modeltranslation.admin import TranslationAdmin

from feedback.dimensions import DIMENSION_CODES
from feedback.models import (
    Complaint,
    ComplaintAccess,
    ComplaintKind,
    FollowUpItem,
    Suggestion,
    SurveyResponse,
)


@admin.register(ComplaintKind)
class ComplaintKindAdmin(TranslationAdmin):
    list_display = (
        "name",
        "code",
        "is_contact_required",
        "acknowledge_days",
        "decide_months",
        "decide_days",
        "is_active",
        "order",
    )
    list_editable = ("is_active", "order")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    # Never `body`, `contact_*`, `answer`: the admin is not a confidential channel.
    list_display = (
        "pk",
        "kind",
        "status",
        "received_on",
        "acknowledge_due_on",
        "decide_due_on",
        "acknowledged_on",
        "decided_on",
    )
    list_filter = ("kind", "status")
    fields = list_display[1:]


@admin.register(ComplaintAccess)
class ComplaintAccessAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "officer", "complaint_id", "action")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = (
        "submitted_at",
        "source",
        "department",
        "service",
        *DIMENSION_CODES,
        "resolved",
    )
    list_filter = ("source", "department", "resolved")
    exclude = ("contact_email",)


@admin.register(FollowUpItem)
class FollowUpItemAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "department", "reason", "done_at")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "submitted_at", "responded_at")
    list_filter = ("status",)
    exclude = ("contact_email",)
    readonly_fields = ("responded_by", "first_responded_at", "responded_at", "done_at")
