"""Extend a request's term with a legal reason; the citizen is told at once.

The service's maximum counts from the original due date across all extensions (see
`deadlines.extension_latest`). An extension is made while the term runs, by the due
date itself; after it, only the head of the case's department may extend, with an
explanation, and the extension is recorded as late (`workflow.ACTIONS` says so).
"""

from datetime import date

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from requests_app.deadlines import extension_is_late, extension_latest
from requests_app.explain import ExtensionFacts, extension_lines
from requests_app.models import (
    CitizenRequest,
    EventKind,
    Extension,
    ExtensionReason,
    RequestEvent,
    User,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.case import heads_department_of
from requests_app.services.audit import audit_record
from requests_app.services.casework.common import (
    ExtensionNotAllowed,
    action_require,
    iso_day,
    lock_request,
    signature_of,
)
from requests_app.services.outbox import citizen_notice_create
from requests_app.workflow import ACTIONS, Action


def extension_latest_for(*, citizen_request: CitizenRequest) -> date:
    """Return the latest due date the request's extensions, all together, may reach.

    The due date moved by `due_on - original_due_on`; what the extensions did not move
    (suspensions, restarts) moves the bound along with it.
    """
    extended = sum(
        (new - old).days
        for old, new in citizen_request.extensions.values_list(
            "old_due_on", "new_due_on"
        )
    )
    moved = (citizen_request.due_on - citizen_request.original_due_on).days
    bound_from = min(citizen_request.original_due_on, citizen_request.due_on)
    calendar = work_calendar_for(start=bound_from, end=citizen_request.due_on)
    return extension_latest(
        original_due_on=citizen_request.original_due_on,
        max_days=citizen_request.service.max_extension_days,
        calendar=calendar,
        suspended_days=moved - extended,
    )


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

    The maximum counts from the original due date, whatever earlier extensions did.
    Once the due date has passed, only the head of the department may extend, with an
    explanation: the citizen must still learn the new date, and the extension counts
    as late in the reports.
    """
    locked = lock_request(citizen_request)
    today = today or timezone.localdate()
    text = text.strip()
    old_due = locked.due_on
    longest = locked.service.max_extension_days
    if not reason.is_active:
        raise ExtensionNotAllowed(gettext("Choose a reason from the list."))
    is_late = extension_is_late(due_on=old_due, made_on=today)
    if is_late and ACTIONS[Action.EXTEND].late_needs_head:
        if not heads_department_of(by, locked):
            raise ExtensionNotAllowed(
                gettext(
                    "The due date %(due)s has passed: only the head of the "
                    "department may extend the term now."
                )
                % {"due": formats.date_format(old_due, "DATE_FORMAT")}
            )
        if not text:
            raise ExtensionNotAllowed(
                gettext(
                    "The due date has passed: explain to the citizen why the term "
                    "is extended late."
                )
            )
    # The late rule first, for its clearer message; then who may act at all.
    action_require(Action.EXTEND, by=by, locked=locked, today=today)
    if new_due_on <= old_due:
        raise ExtensionNotAllowed(
            gettext("The new due date must be after %(due)s.")
            % {"due": formats.date_format(old_due, "DATE_FORMAT")}
        )
    latest = extension_latest_for(citizen_request=locked)
    if new_due_on > latest:
        raise ExtensionNotAllowed(
            gettext(
                "This service allows at most %(days)s more days after the original "
                "due date, %(original)s, for all extensions together: the latest "
                "possible due date is %(latest)s."
            )
            % {
                "days": longest,
                "original": formats.date_format(locked.original_due_on, "DATE_FORMAT"),
                "latest": formats.date_format(latest, "DATE_FORMAT"),
            }
        )
    calendar = work_calendar_for(start=new_due_on, end=new_due_on)
    if not calendar.is_working_day(new_due_on):
        raise ExtensionNotAllowed(
            gettext("%(day)s is not a working day: choose a working day.")
            % {"day": formats.date_format(new_due_on, "DATE_FORMAT")}
        )
    extension = Extension.objects.create(
        request=locked,
        old_due_on=old_due,
        new_due_on=new_due_on,
        reason=reason,
        text=text,
        is_late=is_late,
        by=by,
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on", "updated_at"])
    with translation.override(locked.language):
        reason_text = reason.name
        legal_basis = reason.legal_basis
        facts = ExtensionFacts(
            old_due_on=old_due,
            new_due_on=new_due_on,
            reason=reason_text,
            original_due_on=locked.original_due_on,
            max_days=longest,
            latest_on=latest,
            is_late=is_late,
        )
        public_text = "\n".join([*extension_lines(facts), *([text] if text else [])])
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
            "original_due_on": iso_day(locked.original_due_on),
            "max_extension_days": longest,
            "latest_on": iso_day(latest),
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
            "latest_on": iso_day(latest),
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
            "text": text,
            "is_late": is_late,
            "latest_on": latest,
            "max_days": longest,
            "signature": signature_of(by, locked.language),
        },
        dedupe_key=f"extension:{extension.pk}",
    )
    return extension
