"""API keys are issued and revoked here; the plain key is shown once, at creation.

What each key filed is listed for every administrator (the registry numbers are public
through the API anyway); what the client sent about the citizen shows only when the
request is within the viewer's reach, as on the staff pages.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_app.selectors.reach import request_reach_for

from .models import ApiKey, Submission
from .services import api_key_revoke, api_key_secret_set

# What a client application sent about the citizen (where, who, a photo).
CITIZEN_FIELDS = ("address_id", "media_url", "device_id", "account_id")


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
    fields = (
        "service_request_id",
        "token",
        "api_key",
        "citizen_request",
        *CITIZEN_FIELDS,
        "created_at",
    )
    readonly_fields = fields

    def get_fields(self, request: HttpRequest, obj: Submission | None = None) -> list:
        fields = list(super().get_fields(request, obj))
        reach = request_reach_for(viewer=request.user)
        if obj is not None and reach.filter(pk=obj.citizen_request_id).exists():
            return fields
        return [name for name in fields if name not in CITIZEN_FIELDS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made only by the API

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
