"""What the case actions share: errors, the row lock, the permission check, letters."""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext

from requests_app.errors import ServiceError
from requests_app.models import CitizenRequest, EventKind, RequestEvent, User
from requests_app.models.catalogue import SuspensionRule
from requests_app.selectors.case import case_actions_for
from requests_app.services.outbox import citizen_notice_create
from requests_app.workflow import Action, Status


class ActionNotAllowed(ServiceError):
    code = "action_not_allowed"


class AlreadyTaken(ServiceError):
    code = "already_taken"


class ExtensionNotAllowed(ServiceError):
    code = "extension_not_allowed"


class ReferralNotAllowed(ServiceError):
    code = "referral_not_allowed"


def lock_request(citizen_request: CitizenRequest) -> CitizenRequest:
    # No select_related: after waiting for the lock, PostgreSQL re-reads the locked row
    # but not the joined ones, so a joined assignee would be stale. Related rows are
    # loaded afterwards, under the lock.
    return CitizenRequest.objects.select_for_update().get(pk=citizen_request.pk)


def action_require(
    action: Action, *, by: User, locked: CitizenRequest, today: date | None = None
) -> None:
    actions = case_actions_for(viewer=by, citizen_request=locked, today=today)
    if not actions.allows(action):
        raise ActionNotAllowed(
            gettext(
                "“%(action)s” is not possible for request %(number)s now "
                "(status: %(status)s). Nothing was changed."
            )
            % {
                "action": Action(action).label,
                "number": locked.registry_number,
                "status": Status(locked.status).label,
            }
        )


def signature_of(user: User, language: str) -> str:
    with translation.override(language):
        position = user.position  # modeltranslation: the recipient's language
    return f"{user.display_name}, {position}" if position else user.display_name


def iso_day(day: date) -> str:
    return day.isoformat()


def message_create(
    *, locked: CitizenRequest, by: User, text: str, kind: str
) -> RequestEvent:
    signature = signature_of(by, locked.language)
    body = f"{text.strip()}\n\n— {signature}"
    event = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.MESSAGE,
        actor=by,
        is_public=True,
        text=body,
        data={"signed": signature},
    )
    citizen_notice_create(
        citizen_request=locked,
        kind=f"message:{kind}",
        template="requests_app/email/message",
        context={
            "message": body,
            "asks_documents": kind == "request_documents",
            # Under a restart rule the term does not stand still: it runs again.
            "term_restarts": locked.service.suspension_rule == SuspensionRule.RESTART,
        },
    )
    return event
