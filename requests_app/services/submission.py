"""Filing a request: registry number, due date, answers, files, acknowledgement."""

import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from requests_app.deadlines import Term
from requests_app.emails import email_key
from requests_app.errors import ServiceError
from requests_app.explain import ExplainedDueDate
from requests_app.fields import FILE_CHUNK_BYTES, file_encrypt
from requests_app.models import (
    Attachment,
    Channel,
    CitizenRequest,
    Department,
    EventKind,
    RegistryCounter,
    RequestAnswer,
    RequestEvent,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.models.requests import NotifyBy, notify_by_default
from requests_app.selectors.calendar import due_date_for
from requests_app.services.audit import audit_record
from requests_app.services.outbox import citizen_notice_create
from requests_app.tokens import token_hash
from requests_app.uploads import download_name
from requests_app.workflow import Status

# Channels through which the citizen files by themselves: the service must allow it.
SELF_SERVICE_CHANNELS = frozenset({Channel.ONLINE, Channel.OPEN311})


class RequestNotAccepted(ServiceError):
    code = "request_not_accepted"


def _registry_counter_lock(*, department: Department, year: int) -> RegistryCounter:
    counter, _created = RegistryCounter.objects.select_for_update().get_or_create(
        department=department, year=year
    )
    return counter


def registry_number_next(
    *,
    department: Department,
    received_on: date,
    counter: RegistryCounter | None = None,
) -> str:
    """Return the next registry number of the department for the year (no gaps).

    The counter row is locked until the caller's transaction ends, so two filings at the
    same moment get consecutive numbers and a rolled-back filing leaves no gap. The
    format is `settings.REGISTRY_NUMBER_FORMAT` with {index}, {sequence}, {year} and
    {received_on} (a date: "{received_on:%d.%m.%Y}").
    """
    if counter is None:  # else the caller locked it already, in this transaction
        counter = _registry_counter_lock(department=department, year=received_on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return settings.REGISTRY_NUMBER_FORMAT.format(
        index=department.registry_index,
        sequence=counter.last,
        year=received_on.year,
        received_on=received_on,
    )


def term_for(*, service: Service, variant: ServiceVariant | None) -> Term:
    """Return the statutory term of the service, or of the chosen variant."""
    source = variant or service
    return Term(days=source.term_days, working_days=source.term_working_days)


def _check_acceptable(
    *,
    service: Service,
    variant: ServiceVariant | None,
    answers: Mapping[ServiceQuestion, str],
    channel: str,
) -> None:
    if not service.is_active:
        raise RequestNotAccepted(
            gettext("This service is no longer offered."), code="service_inactive"
        )
    if channel in SELF_SERVICE_CHANNELS and not service.is_online:
        raise RequestNotAccepted(
            gettext("This service cannot be requested online."), code="not_online"
        )
    if variant is not None and variant.service_id != service.pk:
        raise RequestNotAccepted(
            gettext("The chosen variant belongs to another service."),
            code="variant_mismatch",
        )
    if any(question.service_id != service.pk for question in answers):
        raise RequestNotAccepted(
            gettext("An answer belongs to a question of another service."),
            code="question_mismatch",
        )


def attachment_store(
    *,
    citizen_request: CitizenRequest,
    upload: UploadedFile,
    content_type: str,
    by: User | None = None,
) -> Attachment:
    """Keep a citizen's file (its type already checked by content) with the request.

    The file is stored encrypted (`requests_app.fields.file_encrypt`), and both the
    stored name and the name offered for download end as the type found in its content.
    """
    attachment = Attachment(
        request=citizen_request,
        token=secrets.token_hex(16),  # the stored name: never the citizen's file name
        original_name=download_name(upload.name or "", content_type),
        content_type=content_type,
        size=upload.size or 0,
        is_from_citizen=True,
        uploaded_by=by,
    )
    # chunks() reads from the start: the type check read the first bytes.
    with file_encrypt(upload.chunks(FILE_CHUNK_BYTES)) as encrypted:
        attachment.file.save(attachment.original_name, encrypted, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def request_submit(
    *,
    service: Service,
    citizen_name: str,
    details: str,
    variant: ServiceVariant | None = None,
    citizen_email: str = "",
    citizen_phone: str = "",
    citizen_address: str = "",
    language: str = "bg",
    notify_by: str = "",
    answers: Mapping[ServiceQuestion, str] | None = None,
    files: Iterable[tuple[UploadedFile, str]] = (),
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    location: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    by: User | None = None,
    submission_key: str | None = None,
) -> CitizenRequest:
    """File a request: number, due date, answers and files in one transaction.

    `files` holds (file, content type checked by content) pairs. The acknowledgement
    goes through the outbox, the way the citizen chose (`notify_by`: e-mail, SMS or a
    letter; empty: chosen from the contacts given). Raise RequestNotAccepted when the
    service cannot be filed this way. A `submission_key` seen before returns the
    request it filed: a double click files once.
    """
    answers = answers or {}
    _check_acceptable(
        service=service, variant=variant, answers=answers, channel=channel
    )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    received_on = received_on or timezone.localdate()
    counter = None
    if submission_key:
        # The department's counter lock serialises filings: a second POST with the
        # same key waits for the first to commit, then finds its request.
        counter = _registry_counter_lock(
            department=service.department, year=received_on.year
        )
        earlier = CitizenRequest.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return earlier
    term = term_for(service=service, variant=variant)
    with translation.override(language):  # holiday names for the acknowledgement
        due = due_date_for(received_on=received_on, term=term)
    citizen_email = citizen_email.strip()
    tracking_token = secrets.token_urlsafe(32)
    citizen_request = CitizenRequest.objects.create(
        registry_number=registry_number_next(
            department=service.department, received_on=received_on, counter=counter
        ),
        service=service,
        variant=variant,
        department=service.department,
        channel=channel,
        status=Status.SUBMITTED,
        citizen_name=citizen_name.strip(),
        citizen_email=citizen_email,
        citizen_email_key=email_key(citizen_email),
        citizen_phone=citizen_phone.strip(),
        citizen_address=citizen_address.strip(),
        # How the citizen is told: as they chose, else by what they gave.
        notify_by=notify_by
        or notify_by_default(
            email=citizen_email, phone=citizen_phone, address=citizen_address
        ),
        language=language,
        details=details,
        location=location,
        latitude=latitude,
        longitude=longitude,
        term_days=term.days,
        term_working_days=term.working_days,
        received_on=received_on,
        original_due_on=due.due_on,
        due_on=due.due_on,
        tracking_token_hash=token_hash(tracking_token),
        tracking_token=tracking_token,
        submission_key=submission_key or None,
    )
    RequestAnswer.objects.bulk_create(
        RequestAnswer(request=citizen_request, question=question, value=value)
        for question, value in answers.items()
    )
    for upload, content_type in files:
        attachment_store(
            citizen_request=citizen_request,
            upload=upload,
            content_type=content_type,
            by=by,
        )
    RequestEvent.objects.create(
        request=citizen_request,
        kind=EventKind.STATUS,
        to_status=Status.SUBMITTED,
        is_public=True,
        actor=by,
        data={"channel": channel},
    )
    audit_record(
        actor=by,
        action="request.submitted",
        target=citizen_request,
        details={"channel": channel},
    )
    citizen_notice_create(
        citizen_request=citizen_request,
        kind="acknowledgement",
        template="requests_app/email/acknowledgement",
        context={
            "service": service,
            "variant": variant,
            "due": due,
            "explained": ExplainedDueDate(due),
        },
        signed_by=by,  # a letter from the desk is signed by the clerk who registered
    )
    return citizen_request


@transaction.atomic
def tracking_link_resend(*, registry_number: str, email: str) -> bool:
    """Send the tracking link again to the e-mail given with the request.

    `email` only has to match the stored address by `email_key`; the link goes to the
    stored address. Return whether a notice was written. The caller must answer the
    same either way, so that nobody learns which registry numbers and addresses belong
    together.
    """
    key = email_key(email)
    if not key:  # not an address: matches no request (nor those without one)
        return False
    citizen_request = (
        CitizenRequest.objects.select_related("service", "department")
        .filter(registry_number=registry_number.strip(), citizen_email_key=key)
        .first()
    )
    if citizen_request is None:
        return False
    notice = citizen_notice_create(
        citizen_request=citizen_request,
        kind="tracking_link",
        template="requests_app/email/tracking_link",
        channel=NotifyBy.EMAIL,  # asked for with the e-mail address
    )
    return notice is not None
