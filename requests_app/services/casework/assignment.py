"""Take, assign and refer a case."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from requests_app.models import (
    CitizenRequest,
    Department,
    EventKind,
    RequestEvent,
    User,
)
from requests_app.selectors.case import (
    colleague_list_for,
    referral_departments_for,
    referral_people_for,
)
from requests_app.services.audit import audit_record
from requests_app.services.casework.common import (
    ActionNotAllowed,
    AlreadyTaken,
    ReferralNotAllowed,
    action_require,
    lock_request,
    signature_of,
)
from requests_app.services.outbox import citizen_notice_create
from requests_app.services.transition import request_transition
from requests_app.workflow import Action, Status


@transaction.atomic
def request_take(*, citizen_request: CitizenRequest, by: User) -> CitizenRequest:
    """Assign the case to `by`; a submitted case is then in progress.

    The row is locked first: of two clerks taking the same case at once, the second
    waits, then finds it taken and is told by whom.
    """
    locked = lock_request(citizen_request)
    if locked.assigned_to is not None and locked.assigned_to_id != by.pk:
        raise AlreadyTaken(
            gettext("%(name)s has already taken request %(number)s.")
            % {
                "name": locked.assigned_to.display_name,
                "number": locked.registry_number,
            }
        )
    if locked.assigned_to_id == by.pk:
        return locked  # a double click: nothing to do
    action_require(Action.TAKE, by=by, locked=locked)
    locked.assigned_to = by
    locked.save(update_fields=["assigned_to", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.ASSIGNMENT,
        actor=by,
        data={"to_user": by.pk, "to_name": by.display_name},
    )
    audit_record(actor=by, action="request.taken", target=locked)
    if locked.status == Status.SUBMITTED:
        locked, _event = request_transition(
            citizen_request=locked, target=Status.IN_PROGRESS, by=by
        )
    return locked


@transaction.atomic
def request_assign(
    *, citizen_request: CitizenRequest, clerk: User, by: User
) -> CitizenRequest:
    """Hand the case to a colleague of its department."""
    locked = lock_request(citizen_request)
    action_require(Action.ASSIGN, by=by, locked=locked)
    if not colleague_list_for(citizen_request=locked).filter(pk=clerk.pk).exists():
        raise ActionNotAllowed(
            gettext("%(name)s does not work in the department of this request.")
            % {"name": clerk.display_name}
        )
    if locked.assigned_to_id == clerk.pk:
        return locked
    previous = locked.assigned_to
    locked.assigned_to = clerk
    locked.save(update_fields=["assigned_to", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.ASSIGNMENT,
        actor=by,
        data={
            "to_user": clerk.pk,
            "to_name": clerk.display_name,
            "from_user": previous.pk if previous else None,
        },
    )
    audit_record(
        actor=by,
        action="request.assigned",
        target=locked,
        details={"to": clerk.pk, "from": previous.pk if previous else None},
    )
    return locked


@transaction.atomic
def request_refer(
    *,
    citizen_request: CitizenRequest,
    by: User,
    reason: str,
    to_user: User | None = None,
    to_department: Department | None = None,
) -> CitizenRequest:
    """Refer the case to a senior expert or head of its department, or to another one.

    The citizen's timeline shows that the case moved and to whom (name and position,
    or the department), and the citizen is told so the way they chose; the reason
    stays internal.
    """
    locked = lock_request(citizen_request)
    action_require(Action.REFER, by=by, locked=locked)
    if (to_user is None) == (to_department is None):
        raise ReferralNotAllowed(
            gettext("Choose one colleague or one department to refer the case to.")
        )
    if not reason.strip():
        raise ReferralNotAllowed(gettext("Give the reason for the referral."))
    # Checked before switching to the citizen's language: the error is for the clerk.
    if (
        to_user is not None
        and not referral_people_for(citizen_request=locked)
        .filter(pk=to_user.pk)
        .exists()
    ):
        raise ReferralNotAllowed(
            gettext("%(name)s is not a senior expert or head of this department.")
            % {"name": to_user.display_name}
        )
    with translation.override(locked.language):
        if to_user is not None:
            locked.assigned_to = to_user
            public_text = gettext(
                "Your request has been referred to %(name)s, %(position)s."
            ) % {"name": to_user.display_name, "position": to_user.position}
            data = {
                "to_user": to_user.pk,
                "to_name": signature_of(to_user, locked.language),
            }
        else:
            assert to_department is not None
            if (
                not referral_departments_for(citizen_request=locked)
                .filter(pk=to_department.pk)
                .exists()
            ):
                raise ReferralNotAllowed(
                    gettext("The case is already in that department.")
                )
            locked.department = to_department
            locked.assigned_to = None
            public_text = gettext(
                "Your request has been referred to the department “%(department)s”."
            ) % {"department": to_department.name}
            data = {
                "to_department_id": to_department.pk,
                "to_department": to_department.name,
            }
    locked.save(update_fields=["assigned_to", "department", "updated_at"])
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.REFERRAL,
        actor=by,
        is_public=True,
        text=public_text,
        data=data,
    )
    # The reason is for colleagues only: an internal note next to the public entry.
    RequestEvent.objects.create(
        request=locked, kind=EventKind.NOTE, actor=by, text=reason.strip()
    )
    citizen_notice_create(
        citizen_request=locked,
        kind="referral",
        template="requests_app/email/referral",
        context={"referral_text": public_text},
        signed_by=by,
    )
    audit_record(
        actor=by,
        action="request.referred",
        target=locked,
        details={k: v for k, v in data.items() if k.endswith("_id") or k == "to_user"},
    )
    return locked
