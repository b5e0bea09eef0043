"""API keys are issued and revoked here; the plain key is shown once, at creation."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, Submission
from .services import api_key_revoke, api_key_secret_set


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "client_name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("client_name", "contact", "prefix")
    fields = (
        "client_name",
        "contact",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_selected",)

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        plain = api_key_secret_set(api_key=obj, by=request.user)
        messages.warning(
            request,
            gettext(
                "The API key for %(client)s is: %(key)s — copy it now and hand it to "
                "the client; it is stored hashed and will not be shown again."
            )
            % {"client": obj.client_name, "key": plain},
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # revoke instead: the key stays on record with what it filed

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset:
            api_key_revoke(api_key=api_key, by=request.user)
        self.message_user(
            request,
            gettext("Revoked: %(count)s. They can no longer file requests.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("service_request_id", "api_key", "created_at")
    list_filter = ("api_key",)
    search_fields = ("service_request_id", "token")
    readonly_fields = (
        "service_request_id",
        "token",
        "api_key",
        "citizen_request",
        "address_id",
        "media_url",
        "device_id",
        "account_id",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made only by the API

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
