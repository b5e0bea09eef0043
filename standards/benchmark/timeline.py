"""The timeline of seeded requests: status changes, suspensions, extensions, notes,
and the letters waiting to be posted."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from requests_app.models import (
    CitizenRequest,
    EventKind,
    Extension,
    Notice,
    RequestEvent,
)
from requests_app.models.requests import NotifyBy
from requests_app.workflow import OPEN_STATUSES, Status
from standards.benchmark.catalogue import Bench
from standards.benchmark.citizens import MESSAGES, NOTES

EVENTS_PER_REQUEST = 2.7


@dataclass(slots=True)
class Plan:
    """One request and the facts its extension and timeline are made from."""

    request: CitizenRequest
    end: datetime  # closed_at, or now for an open request
    extension: tuple[date, date, datetime, bool] | None = None  # old, new, at, late
    suspension: tuple[datetime, datetime | None, dict] | None = None  # at, resumed
    in_progress: bool = False


def extensions_make(plans: list[Plan], bench: Bench) -> list[tuple[Plan, Extension]]:
    """Return the extensions of the planned requests (their keys are set)."""
    made = []
    for plan in plans:
        if plan.extension is None:
            continue
        old, new, at, late = plan.extension
        extension = Extension(
            request_id=plan.request.pk,
            old_due_on=old,
            new_due_on=new,
            reason_id=bench.reason.pk,
            is_late=late,
            by_id=plan.request.assigned_to_id or bench.clerk.pk,
            created_at=at,
        )
        made.append((plan, extension))
    return made


def events_make(
    plans: list[Plan],
    extensions: list[tuple[Plan, Extension]],
    bench: Bench,
    rng: random.Random,
) -> list[RequestEvent]:
    """Return the timeline of the planned requests: EVENTS_PER_REQUEST on average."""
    events = []
    for plan in plans:
        request = plan.request

        def event(kind: str, at: datetime, plan=plan, request=request, **fields):
            fields.setdefault("actor_id", request.assigned_to_id)
            at = max(request.submitted_at, min(at, plan.end))
            events.append(RequestEvent(request_id=request.pk, kind=kind,
                                       created_at=at, **fields))  # fmt: skip

        event(
            EventKind.STATUS,
            request.submitted_at,
            to_status=Status.SUBMITTED,
            is_public=True,
            actor_id=None,
            data={"channel": request.channel},
        )
        started = request.submitted_at + timedelta(hours=rng.randint(1, 30))
        if plan.in_progress:
            event(
                EventKind.STATUS,
                started,
                from_status=Status.SUBMITTED,
                to_status=Status.IN_PROGRESS,
                is_public=True,
            )
        if plan.suspension is not None:
            at, resumed_at, data = plan.suspension
            event(EventKind.SUSPENSION, at, is_public=True, data=data)
            if resumed_at is not None:
                event(EventKind.RESUMPTION, resumed_at, is_public=True, data=data)
        if request.closed_at is not None:
            event(
                EventKind.STATUS,
                request.closed_at,
                from_status=Status.SUBMITTED
                if request.status == Status.REJECTED and not plan.in_progress
                else Status.IN_PROGRESS,
                to_status=request.status,
                is_public=True,
            )
    for plan, extension in extensions:
        latest = extension.old_due_on + timedelta(
            days=plan.request.service.max_extension_days
        )
        events.append(
            RequestEvent(
                request_id=plan.request.pk,
                kind=EventKind.EXTENSION,
                actor_id=extension.by_id,
                is_public=True,
                created_at=extension.created_at,
                data={
                    "old_due_on": extension.old_due_on.isoformat(),
                    "new_due_on": extension.new_due_on.isoformat(),
                    "extension": extension.pk,
                    "is_late": extension.is_late,
                    "original_due_on": plan.request.original_due_on.isoformat(),
                    "max_extension_days": plan.request.service.max_extension_days,
                    "latest_on": latest.isoformat(),
                },
            )
        )
    # Messages and internal notes bring the average to EVENTS_PER_REQUEST.
    for _ in range(round(len(plans) * EVENTS_PER_REQUEST) - len(events)):
        plan = rng.choice(plans)
        request = plan.request
        span = max(1.0, (plan.end - request.submitted_at).total_seconds())
        at = request.submitted_at + timedelta(seconds=rng.uniform(0, span))
        is_message = rng.random() < 0.6
        events.append(
            RequestEvent(
                request_id=request.pk,
                kind=EventKind.MESSAGE if is_message else EventKind.NOTE,
                is_public=is_message,
                actor_id=request.assigned_to_id or bench.clerk.pk,
                text=rng.choice(MESSAGES if is_message else NOTES),
                created_at=at,
            )
        )
    return events


# Of the open requests, the share whose citizen asked for letters and has one waiting
# for the day's batch (the staff's "Letters to post" page).
LETTER_SHARE = 0.02


def letters_make(plans: list[Plan], rng: random.Random) -> list[Notice]:
    """Return a waiting letter for about LETTER_SHARE of the open planned requests."""
    letters = []
    for plan in plans:
        request = plan.request
        if request.status not in OPEN_STATUSES or not request.citizen_address:
            continue
        if rng.random() >= LETTER_SHARE:
            continue
        letters.append(
            Notice(
                kind="message:request_documents",
                channel=NotifyBy.POST,
                request_id=request.pk,
                recipient=f"{request.citizen_name}\n{request.citizen_address}",
                language=request.language,
                subject=f"Заявление {request.registry_number}: съобщение от общината",
                body=rng.choice(MESSAGES),
                reference=request.registry_number,
                department_id=request.department_id,
                signed_by_id=request.assigned_to_id,
            )
        )
    return letters
