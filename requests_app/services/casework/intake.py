"""Register a request received at the desk, by phone or by post."""

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from requests_app.models import (
    Channel,
    CitizenRequest,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.selectors.reach import viewer_handles_requests
from requests_app.services.casework.common import ActionNotAllowed
from requests_app.services.submission import request_submit

INTAKE_CHANNELS = (Channel.DESK, Channel.PHONE, Channel.POST)


@transaction.atomic
def request_intake(
    *,
    by: User,
    service: Service,
    citizen_name: str,
    details: str,
    channel: str,
    variant: ServiceVariant | None = None,
    citizen_email: str = "",
    citizen_phone: str = "",
    citizen_address: str = "",
    language: str = "bg",
    notify_by: str = "",
    answers: dict[ServiceQuestion, str] | None = None,
    files: Iterable[tuple[UploadedFile, str]] = (),
    received_on: date | None = None,
    submission_key: str | None = None,
) -> CitizenRequest:
    """Register a request received at the desk, by phone or by post for a citizen.

    Same registry numbering, due date (the variant's term, if one is chosen), answers,
    documents and acknowledgement as online filing; the channel is kept. `files` holds
    (file, content type checked by content) pairs, as for `request_submit`: the
    citizen's documents, stored with the clerk who received them. A `submission_key`
    seen before returns the request it registered: a double click registers once.
    """
    if not (
        viewer_handles_requests(by) and by.has_perm("requests_app.register_request")
    ):
        raise ActionNotAllowed(gettext("You may not register requests."))
    if channel not in INTAKE_CHANNELS:
        raise ActionNotAllowed(gettext("Choose the desk, the phone or the post."))
    if not by.departments.filter(pk=service.department_id).exists():
        raise ActionNotAllowed(
            gettext("The service belongs to a department you do not work in.")
        )
    return request_submit(
        service=service,
        variant=variant,
        citizen_name=citizen_name,
        details=details,
        citizen_email=citizen_email,
        citizen_phone=citizen_phone,
        citizen_address=citizen_address,
        language=language,
        notify_by=notify_by,
        answers=answers,
        files=files,
        channel=channel,
        received_on=received_on,
        by=by,
        submission_key=submission_key,
    )
