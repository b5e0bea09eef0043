"""Retention: past its period, a closed case loses the personal data; figures stay.

Each kind of record has a period in years (settings `RETENTION_*_YEARS`, whose comments
give the legal basis; 0 keeps that kind for ever). Past it, a closed record is
anonymised: names, contact details, free texts and files go; what the reports count
stays (status, dates, service, department, due dates, ratings). Open cases are never
touched. Each record is anonymised in a transaction of its own, with an audit entry,
and `anonymised_at` records it, so a run that stops half-way is simply run again and a
second run changes nothing.

Other apps add their kinds: their AppConfig names functions `(*, today, dry_run) ->
RetentionResult` in `retention_steps` (requests_app imports no other app).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from requests_app.models import (
    Attachment,
    CitizenRequest,
    Extension,
    Notice,
    RequestAnswer,
    RequestEvent,
)
from requests_app.services.audit import audit_record
from requests_app.workflow import TERMINAL_STATUSES

REQUESTS = "requests"


@dataclass(frozen=True)
class RetentionResult:
    kind: str  # "requests", "complaints", ...: what the command prints
    years: int  # the period; 0: kept for ever
    anonymised: int  # records anonymised now (in a dry run: that would be)


def years_before(day: date, years: int) -> date:
    """Return the same day `years` years earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, and the earlier year is not a leap year
        return day.replace(year=day.year - years, day=28)


def start_of(day: date) -> datetime:
    """Return midnight at the start of `day` in the municipality's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def archive_cutoff(*, today: date, years: int) -> datetime:
    """Return the moment before which a case must have closed to be past its period.

    Archive terms run from 1 January of the year after the case was closed: a case
    closed in 2020 and kept 5 years is kept until the end of 2025.
    """
    return start_of(date(today.year - years, 1, 1))


def notices_erase(*, notices: QuerySet[Notice]) -> int:
    """Erase the recipient, body and file of sent notices; delete unsent ones.

    A sent notice keeps its row (its `dedupe_key` still says it went, so it is never
    sent again); one never sent could not go anywhere any more. Return how many.
    """
    count = notices.filter(sent_at__isnull=True).delete()[0]
    for notice in notices.filter(sent_at__isnull=False).select_for_update():
        notice.recipient = ""
        notice.body = ""
        notice.attachment_name = ""
        notice.attachment_content = None
        notice.save(
            update_fields=[
                "recipient",
                "body",
                "attachment_name",
                "attachment_content",
            ]
        )
        count += 1
    return count


def _files_delete(attachments: QuerySet[Attachment]) -> int:
    """Delete the attachments' rows, and their files once the transaction commits."""
    files = [(a.file.storage, a.file.name) for a in attachments if a.file.name]
    deleted = attachments.delete()[0]
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name))
    return deleted


def request_anonymise(*, citizen_request: CitizenRequest) -> CitizenRequest | None:
    """Remove the citizen's personal data from a closed request; keep its figures.

    Return the request, or None when it is open or was anonymised already (safe to
    call twice).
    """
    with transaction.atomic():
        locked = (
            CitizenRequest.objects.select_for_update()
            .filter(pk=citizen_request.pk, anonymised_at__isnull=True)
            .first()
        )
        if locked is None or locked.status not in TERMINAL_STATUSES:
            return None
        locked.citizen_name = ""
        locked.citizen_email = ""
        locked.citizen_email_key = ""
        locked.citizen_phone = ""
        locked.citizen_address = ""
        locked.details = ""
        locked.location = ""
        locked.latitude = None
        locked.longitude = None
        locked.anonymised_at = timezone.now()
        locked.save(
            update_fields=[
                "citizen_name",
                "citizen_email",
                "citizen_email_key",
                "citizen_phone",
                "citizen_address",
                "details",
                "location",
                "latitude",
                "longitude",
                "anonymised_at",
                "updated_at",
            ]
        )
        RequestAnswer.objects.filter(request=locked).update(value="")
        RequestEvent.objects.filter(request=locked).update(text="")
        # The names of the citizen's files, kept with their replies.
        for event in RequestEvent.objects.filter(request=locked, data__has_key="files"):
            event.data.pop("files")
            event.save(update_fields=["data"])
        Extension.objects.filter(request=locked).update(text="")
        notices = notices_erase(notices=Notice.objects.filter(request=locked))
        files = _files_delete(Attachment.objects.filter(request=locked))
        audit_record(
            actor=None,
            action="request.anonymised",
            target=locked,
            details={"files": files, "notices": notices},
        )
    return locked


def retention_run(
    *,
    kind: str,
    years: int,
    due: Callable[[], QuerySet[Any]],
    anonymise: Callable[[Any], object | None],
    dry_run: bool,
) -> RetentionResult:
    """Anonymise the rows `due()` returns, one transaction each; 0 years keeps all.

    The rows are loaded by primary key only: `anonymise` locks and re-checks each one,
    so a run that stops half-way is finished by the next one.
    """
    if not years:
        return RetentionResult(kind=kind, years=0, anonymised=0)
    rows = due()
    if dry_run:
        return RetentionResult(kind=kind, years=years, anonymised=rows.count())
    done = sum(
        anonymise(row) is not None for row in list(rows.order_by("pk").only("pk"))
    )
    return RetentionResult(kind=kind, years=years, anonymised=done)


def requests_retention_apply(*, today: date, dry_run: bool = False) -> RetentionResult:
    """Anonymise the requests closed or rejected before their period began."""
    years = settings.RETENTION_REQUEST_YEARS
    return retention_run(
        kind=REQUESTS,
        years=years,
        due=lambda: CitizenRequest.objects.filter(
            anonymised_at__isnull=True,
            status__in=TERMINAL_STATUSES,
            closed_at__lt=archive_cutoff(today=today, years=years),
        ),
        anonymise=lambda row: request_anonymise(citizen_request=row),
        dry_run=dry_run,
    )


RetentionStep = Callable[..., RetentionResult]


def retention_steps() -> list[RetentionStep]:
    """Return the steps: requests first, then those of the other apps, in app order."""
    steps: list[RetentionStep] = [requests_retention_apply]
    for config in apps.get_app_configs():
        for path in getattr(config, "retention_steps", ()):
            steps.append(import_string(path))
    return steps


def retention_apply(*, today: date, dry_run: bool = False) -> list[RetentionResult]:
    """Anonymise every kind of record past its period; with `dry_run`, count only."""
    return [step(today=today, dry_run=dry_run) for step in retention_steps()]
