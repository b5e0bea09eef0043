"""The Django admin: the catalogue, the work calendar, staff accounts and the logs.

Only administrators use it (`requests_app.roles.admin_site_allowed`): every other role
works in the staff pages. Requests and everything that belongs to one (notices,
attachments, extensions) are listed only within the viewer's reach
(`request_reach_for`: an administrator who does not work the queue reaches none), are
read-only here (changes go through the case page, its services and their notices) and
each view of a request's page is audited.
"""

from datetime import date
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from requests_app.admin_two_factor import admin_enrolment_code_issue
from requests_app.deadlines import DayState
from requests_app.models import (
    Attachment,
    AuditEntry,
    CalendarDay,
    CitizenRequest,
    Department,
    Extension,
    ExtensionReason,
    Notice,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.roles import admin_site_allowed, roles_of
from requests_app.selectors.reach import request_reach_for
from requests_app.services.audit import audit_record
from requests_app.services.calendar import calendar_change_apply
from requests_app.services.notice_kinds import notice_kind_has_secret_link
from requests_app.services.search_index import service_search_index_refresh
from requests_app.two_factor import admin_two_factor_reset

AUDIT_REQUEST_VIEWED = "request.admin_viewed"


class ReadOnlyAdminMixin:
    """Shown, never written here: the writes go through services (audit, notices)."""

    def has_add_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


def reach_of(request: HttpRequest) -> QuerySet[CitizenRequest]:
    """Return the requests the admin's viewer may see (the staff pages' rule)."""
    return request_reach_for(viewer=request.user)


# --- Staff accounts --------------------------------------------------------------


class StaffUserChangeForm(UserChangeForm):
    """Staff status opens the admin: only with the administrator role (or superuser)."""

    error_messages = {
        "admin_for_administrators": _(
            "Only administrators work in the admin. Give the administrator role (or "
            "superuser status), or leave staff status off: the other roles work in "
            "the staff pages."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "is_staff" in self.fields:
            self.fields["is_staff"].help_text = _(
                "Opens this admin site: for administrators only. The other roles "
                "work in the staff pages."
            )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if "is_staff" not in self.fields:
            return cleaned_data
        groups = cleaned_data.get("groups")
        roles = (
            {group.name for group in groups}
            if groups is not None
            else roles_of(self.instance)
        )
        is_superuser = cleaned_data.get("is_superuser", self.instance.is_superuser)
        if cleaned_data.get("is_staff") and not admin_site_allowed(
            roles=roles, is_superuser=is_superuser
        ):
            self.add_error(
                "is_staff",
                ValidationError(
                    self.error_messages["admin_for_administrators"],
                    code="admin_for_administrators",
                ),
            )
        return cleaned_data


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffUserChangeForm
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Service desk"),
            {"fields": ("position_bg", "position_en", "departments", "language")},
        ),
    )
    filter_horizontal = ("groups", "user_permissions", "departments")
    list_display = ("username", "first_name", "last_name", "position", "is_staff")
    actions = [admin_two_factor_reset, admin_enrolment_code_issue]


# --- The catalogue and the work calendar -------------------------------------------


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
    # The suspension rule's help text names its legal basis; the form shows it.
    list_filter = ("department", "is_active", "term_working_days", "suspension_rule")
    search_fields = ("code", "name", "keywords", "synonyms")
    inlines = [ServiceVariantInline, ServiceQuestionInline]

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # The catalogue search reads the stored terms of the texts just saved.
        service_search_index_refresh(service=form.instance)


@admin.register(CalendarDay)
class CalendarDayAdmin(TranslationAdmin):
    """The declared days; saving or deleting one moves the open cases it affects."""

    list_display = ("day", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool
    ) -> None:
        earlier = CalendarDay.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        days = {obj.day: DayState.PLAIN}
        if earlier is not None:
            days[earlier.day] = DayState(earlier.kind)  # the day itself may change
        for day, before in days.items():
            self._apply(request, day=day, before=before)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        day, before = obj.day, DayState(obj.kind)
        super().delete_model(request, obj)
        self._apply(request, day=day, before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        days = {entry.day: DayState(entry.kind) for entry in queryset}
        super().delete_queryset(request, queryset)
        for day, before in days.items():
            self._apply(request, day=day, before=before)

    def _apply(self, request: HttpRequest, *, day: date, before: DayState) -> None:
        assert isinstance(request.user, User)  # the admin needs a signed-in user
        moved = calendar_change_apply(day=day, before=before, by=request.user)
        if moved:
            self.message_user(
                request,
                ngettext(
                    "The due date of %(count)d open request moved; its citizen is "
                    "told.",
                    "The due dates of %(count)d open requests moved; their citizens "
                    "are told.",
                    len(moved),
                )
                % {"count": len(moved)},
            )


@admin.register(ExtensionReason)
class ExtensionReasonAdmin(TranslationAdmin):
    list_display = ("name", "code", "legal_basis", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "legal_basis")


# --- Requests and what belongs to them: within reach, read-only ---------------------


class WithinReachInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The rows of a request, limited to the viewer's reach like the request."""

    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(request__in=reach_of(request))


class AttachmentInline(WithinReachInline):
    model = Attachment
    # No link to the file: it is served only by the case page's download, which
    # checks the reach and the two-factor sign-in.
    fields = ("original_name", "content_type", "size", "is_from_citizen", "created_at")
    readonly_fields = fields


class ExtensionInline(WithinReachInline):
    model = Extension
    fields = ("old_due_on", "new_due_on", "reason", "text", "is_late", "by")
    readonly_fields = fields


@admin.register(CitizenRequest)
class CitizenRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("registry_number", "service", "status", "due_on", "department")
    list_filter = ("status", "department", "channel")
    search_fields = ("registry_number",)
    inlines = [AttachmentInline, ExtensionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CitizenRequest]:
        queryset = super().get_queryset(request).filter(pk__in=reach_of(request))
        return queryset.select_related("service", "department")

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: CitizenRequest | None = None,
    ) -> TemplateResponse:
        if obj is not None:  # the citizen's data is on this page: record who read it
            audit_record(actor=request.user, action=AUDIT_REQUEST_VIEWED, target=obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: what was written to whom, and whether it went."""

    list_display = (
        "kind",
        "channel",
        "request",
        "recipient",
        "created_at",
        "sent_at",
        "delivery_state",
        "posted_on",
        "attempts",
    )
    list_filter = ("kind", "channel", "delivery_state")
    # Never the attached file (a proof of filing holds the code that opens a case).
    fields = (
        "kind",
        "channel",
        "request",
        "reference",
        "recipient",
        "language",
        "subject",
        "body",
        "attachment_name",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "gateway_id",
        "delivery_state",
        "delivered_at",
        "signed_by",
        "department",
        "posted_on",
        "posted_by",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notice]:
        # Complaint and signal notices carry the filer's address, the reasoned answer
        # and the proof of filing: they are for complaint officers only, and the admin
        # is not a confidential channel. The others follow their request's reach.
        queryset = super().get_queryset(request).select_related("request")
        return queryset.filter(request__in=reach_of(request)).exclude(
            kind__startswith="complaint_"
        )

    def get_fields(self, request: HttpRequest, obj: Notice | None = None) -> list:
        fields = list(super().get_fields(request, obj))
        if obj is None or notice_kind_has_secret_link(obj.kind):
            # A tracking, sign-in or survey link opens the citizen's data.
            fields.remove("body")
        return fields


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Extensions are made on the case page (the citizen is told): shown only here."""

    list_display = ("request", "old_due_on", "new_due_on", "reason", "is_late", "by")
    list_filter = ("is_late", "reason")
    fields = (
        "request",
        "old_due_on",
        "new_due_on",
        "reason",
        "text",
        "is_late",
        "by",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Extension]:
        queryset = super().get_queryset(request).select_related("request", "reason")
        return queryset.filter(request__in=reach_of(request))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log is append-only: services write it, nobody edits it."""

    list_display = ("created_at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
