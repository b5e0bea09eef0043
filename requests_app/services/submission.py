"""Filing a request: registry number, due date, answers, files, acknowledgement."""

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from ..calendar import work_calendar_for
from ..deadlines import DueDate, Term, due_date
from ..models import (
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
from ..workflow import Status
from .audit import audit_record
from .outbox import notice_create


def registry_number_next(*, department: Department, received_on: date) -> str:
    """Return the next registry number of the department for the year (no gaps).

    The counter row is locked until the caller's transaction ends, so two filings at the
    same moment get consecutive numbers and a rolled-back filing leaves no gap.
    """
    counter, _ = RegistryCounter.objects.select_for_update().get_or_create(
        department=department, year=received_on.year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return settings.REGISTRY_NUMBER_FORMAT.format(
        index=department.registry_index, sequence=counter.last, received_on=received_on
    )


def term_for(*, service: Service, variant: ServiceVariant | None) -> Term:
    source = variant or service
    return Term(days=source.term_days, working_days=source.term_working_days)


def due_date_for(*, received_on: date, term: Term) -> DueDate:
    """Compute the due date of a term on the work calendar stored in the database."""
    horizon = received_on + timedelta(days=term.days * 2 + 60)
    calendar = work_calendar_for(start=received_on, end=horizon)
    return due_date(received_on=received_on, term=term, calendar=calendar)


def tracking_url(citizen_request: CitizenRequest) -> str:
    """Return the citizen's secret tracking link, in the citizen's language."""
    with translation.override(citizen_request.language):
        path = reverse(
            "requests_app:request-track",
            kwargs={"token": citizen_request.tracking_token},
        )
    return f"{settings.SITE_URL}{path}"


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
    answers: Mapping[ServiceQuestion, str] | None = None,
    files: Iterable[tuple[UploadedFile, str]] = (),
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    location: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    by: User | None = None,
) -> CitizenRequest:
    """File a request: number, due date, answers and files in one transaction.

    `files` holds (file, content type checked by content) pairs. The acknowledgement
    goes through the outbox when the citizen gave an e-mail address.
    """
    received_on = received_on or timezone.localdate()
    term = term_for(service=service, variant=variant)
    due = due_date_for(received_on=received_on, term=term)
    citizen_request = CitizenRequest.objects.create(
        registry_number=registry_number_next(
            department=service.department, received_on=received_on
        ),
        service=service,
        variant=variant,
        department=service.department,
        channel=channel,
        status=Status.SUBMITTED,
        citizen_name=citizen_name,
        citizen_email=citizen_email,
        citizen_phone=citizen_phone,
        citizen_address=citizen_address,
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
        tracking_token=secrets.token_urlsafe(32),
    )
    RequestAnswer.objects.bulk_create(
        RequestAnswer(request=citizen_request, question=question, value=value)
        for question, value in (answers or {}).items()
    )
    for upload, content_type in files:
        Attachment.objects.create(
            request=citizen_request,
            token=secrets.token_hex(16),
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size or 0,
            is_from_citizen=True,
            uploaded_by=by,
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
    notice_create(
        kind="acknowledgement",
        request=citizen_request,
        recipient=citizen_email,
        language=language,
        template="requests_app/email/acknowledgement",
        context={
            "citizen_request": citizen_request,
            "service": service,
            "due": due,
            "tracking_url": tracking_url(citizen_request),
        },
    )
    return citizen_request
