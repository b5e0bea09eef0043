"""The Django admin's side of staff enrolment: issuing one-time enrolment codes.

An administrator selects staff members under *Users* and runs the action *Issue a
two-factor enrolment code*: the next page shows, once, each one's code and the link
that fills it in. The administrator hands them over in person or by phone, not by
e-mail, so that whoever reads a staff member's mailbox cannot enrol in their place.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from requests_app.errors import ServiceError
from requests_app.links import absolute_url
from requests_app.models import User
from requests_app.two_factor import (
    enrolment_code_expires_at,
    enrolment_code_format,
    enrolment_code_issue,
)


@dataclass(frozen=True)
class IssuedCode:
    """What the administrator passes on to one staff member."""

    user: User
    code: str
    link: str
    expires_at: datetime


def enrolment_link(*, user: User, code: str) -> str:
    """Return the absolute link that opens the set-up page with `code` filled in."""
    with translation.override(user.language):
        path = reverse("two-factor-setup")
    return f"{absolute_url(path)}?{urlencode({'code': code})}"


@admin.action(
    description=_("Issue a two-factor enrolment code (for their first app)"),
    permissions=["change"],
)
def admin_enrolment_code_issue(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> TemplateResponse | None:
    """Issue a code to each selected staff member and show the codes, once."""
    assert isinstance(request.user, User)
    issued = []
    for user in queryset.order_by("username"):
        try:
            code = enrolment_code_format(
                enrolment_code_issue(user=user, by=request.user)
            )
        except ServiceError as error:
            modeladmin.message_user(request, error.message, messages.WARNING)
            continue
        issued.append(
            IssuedCode(
                user=user,
                code=code,
                link=enrolment_link(user=user, code=code),
                expires_at=enrolment_code_expires_at(code),
            )
        )
    if not issued:
        return None  # back to the list, with the warnings
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Two-factor enrolment codes"),
        "opts": modeladmin.model._meta,
        "issued": issued,
        "hours": settings.STAFF_TWO_FACTOR_ENROLMENT_HOURS,
        "is_two_factor_on": settings.STAFF_TWO_FACTOR,
    }
    response = TemplateResponse(
        request, "requests_app/two_factor_enrolment_codes.html", context
    )
    add_never_cache_headers(response)  # the codes are shown once, never stored
    return response
