"""Extend a request's term with a legal reason; the citizen is told at once."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from requests_app.models import (
    CitizenRequest,
    EventKind,
    Extension,
    ExtensionReason,
    RequestEvent,
    User,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.services.audit import audit_record
from requests_app.services.casework.common import (
    ExtensionNotAllowed,
    action_require,
    iso_day,
    lock_request,
    signature_of,
)
from requests_app.services.outbox import citizen_notice_create
from requests_app.workflow import Action


@transaction.atomic
def request_extend(
    *,
    citizen_request: CitizenRequest,
    by: User,
    new_due_on: date,
    reason: ExtensionReason,
    text: str = "",
    today: date | None = None,
) -> Extension:
    """Move the due date later, within the service's maximum, and tell the citizen.

    An extension made on or after the due date it extends is still allowed: the citizen
    must know the new date. It is marked late and counts as such in the reports.
    """
    locked = lock_request(citizen_request)
    action_require(Action.EXTEND, by=by, locked=locked)
    today = today or timezone.localdate()
    old_due = locked.due_on
    longest = locked.service.max_extension_days
    latest = old_due + timedelta(days=longest)
    if not reason.is_active:
        raise ExtensionNotAllowed(gettext("Choose a reason from the list."))
    if new_due_on <= old_due:
        raise ExtensionNotAllowed(
            gettext("The new due date must be after %(due)s.")
            % {"due": formats.date_format(old_due, "DATE_FORMAT")}
        )
    if new_due_on > latest:
        raise ExtensionNotAllowed(
            gettext(
                "This service allows at most %(days)s more days: the latest possible "
                "due date is %(latest)s."
            )
            % {"days": longest, "latest": formats.date_format(latest, "DATE_FORMAT")}
        )
    calendar = work_calendar_for(start=new_due_on, end=new_due_on)
    if not calendar.is_working_day(new_due_on):
        raise ExtensionNotAllowed(
            gettext("%(day)s is not a working day: choose a working day.")
            % {"day": formats.date_format(new_due_on, "DATE_FORMAT")}
        )
    is_late = today >= old_due
    extension = Extension.objects.create(
        request=locked,
        old_due_on=old_due,
        new_due_on=new_due_on,
        reason=reason,
        text=text.strip(),
        is_late=is_late,
        by=by,
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on", "updated_at"])
    with translation.override(locked.language):
        reason_text = reason.name
        legal_basis = reason.legal_basis
        public_text = "\n".join(
            part
            for part in (
                gettext("The due date moves from %(old)s to %(new)s.")
                % {
                    "old": formats.date_format(old_due, "DATE_FORMAT"),
                    "new": formats.date_format(new_due_on, "DATE_FORMAT"),
                },
                gettext("Reason: %(reason)s") % {"reason": reason_text},
                text.strip(),
            )
            if part
        )
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.EXTENSION,
        actor=by,
        is_public=True,
        text=public_text,
        data={
            "old_due_on": iso_day(old_due),
            "new_due_on": iso_day(new_due_on),
            "extension": extension.pk,
            "is_late": is_late,
        },
    )
    audit_record(
        actor=by,
        action="request.extended",
        target=locked,
        details={
            "old_due_on": iso_day(old_due),
            "new_due_on": iso_day(new_due_on),
            "reason": reason.code,
            "is_late": is_late,
        },
    )
    citizen_notice_create(
        citizen_request=locked,
        kind="extension",
        template="requests_app/email/extension",
        context={
            "extension": extension,
            "reason": reason_text,
            "legal_basis": legal_basis,
            "text": text.strip(),
            "signature": signature_of(by, locked.language),
        },
        dedupe_key=f"extension:{extension.pk}",
    )
    return extension
