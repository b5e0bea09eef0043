"""Admin: complaint kinds and their terms are editable; confidential texts never show.

Only administrators use the admin, and complaints are for complaint officers only
(`feedback.selectors.complaints`): to everybody else the complaints and their access
log are invisible here, and even an officer would see dates and status only (no body,
no contact details), read-only: officers work them in the back office. Citizens'
contact details, survey comments and follow-up notes never show; what citizens send
is changed only through the services that tell them.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

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
from feedback.selectors.complaints import complaint_list_for
from feedback.selectors.roles import is_complaint_officer


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


class OfficersOnlyAdmin(ReadOnlyAdmin):
    """Invisible, even to superusers, unless the viewer is a complaint officer."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_complaint_officer(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_complaint_officer(request.user)


@admin.register(Complaint)
class ComplaintAdmin(OfficersOnlyAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Complaint]:
        return complaint_list_for(viewer=request.user)


@admin.register(ComplaintAccess)
class ComplaintAccessAdmin(OfficersOnlyAdmin):
    list_display = ("created_at", "officer", "complaint_id", "action")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintAccess]:
        complaints = complaint_list_for(viewer=request.user)
        return super().get_queryset(request).filter(complaint__in=complaints)


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
    # Scores only: the address, the comment and the request lead back to the citizen
    # (heads read the comments of their departments in the follow-ups).
    exclude = ("contact_email", "comment", "request", "invitation")


@admin.register(FollowUpItem)
class FollowUpItemAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "department", "reason", "done_at")
    # Not the answer it follows up nor the note of the call (heads' staff page).
    fields = ("department", "reason", "created_at", "done_at", "done_by")


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    """Responses are published on the staff page, which tells the contributor."""

    list_display = ("title", "status", "submitted_at", "responded_at")
    list_filter = ("status",)
    exclude = ("contact_name", "contact_email", "contact_phone", "contact_address")
