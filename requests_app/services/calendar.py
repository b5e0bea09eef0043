"""Apply a day declared in the work calendar to the open cases whose due date it moves.

Staff declare a one-off day off or a working Saturday in the admin, often after cases
were filed. Each open case is recomputed on the new calendar (the rules and their legal
basis are in `requests_app.deadlines`): the timeline says why its date moved and the
citizen is told.
"""

from datetime import date

from django.db import transaction
from django.utils import translation

from requests_app.deadlines import (
    CalendarChange,
    DayState,
    DueRecord,
    DueStep,
    Term,
    due_date_after_calendar_change,
)
from requests_app.explain import explain_calendar_move
from requests_app.models import (
    CalendarDay,
    CitizenRequest,
    EventKind,
    RequestEvent,
    User,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.services.audit import audit_record
from requests_app.services.figures import figures_mark_calendar_change
from requests_app.services.outbox import citizen_notice_create
from requests_app.workflow import OPEN_STATUSES

# The decisions that set a due date after filing, replayed in order.
DUE_STEP_KINDS = (EventKind.RESUMPTION, EventKind.TERM_RESTARTED, EventKind.EXTENSION)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _due_step(event: RequestEvent) -> DueStep | None:
    data = event.data or {}
    announced = _day(data.get("new_due_on"))
    if announced is None:
        return None
    if event.kind == EventKind.TERM_RESTARTED:
        return DueStep(announced, restarted_on=_day(data.get("resumed_on")))
    if event.kind == EventKind.RESUMPTION:
        return DueStep(
            announced,
            suspended_on=_day(data.get("suspended_on")),
            resumed_on=_day(data.get("resumed_on")),
        )
    return DueStep(announced)


def _due_record(
    citizen_request: CitizenRequest, events: list[RequestEvent]
) -> DueRecord:
    steps = (_due_step(event) for event in events)
    return DueRecord(
        received_on=citizen_request.received_on,
        term=Term(citizen_request.term_days, citizen_request.term_working_days),
        original_due_on=citizen_request.original_due_on,
        due_on=citizen_request.due_on,
        steps=tuple(step for step in steps if step is not None),
    )


def _state_of(day: date) -> DayState:
    declared = CalendarDay.objects.filter(day=day).first()
    return DayState(declared.kind) if declared is not None else DayState.PLAIN


@transaction.atomic
def calendar_change_apply(
    *, day: date, before: DayState | str, by: User | None
) -> list[CitizenRequest]:
    """Move the due dates of the open cases that `day`'s new declaration affects.

    Call after the `CalendarDay` of `day` was saved or deleted, in the same
    transaction; `before` is how the day was declared until then (`DayState.PLAIN`
    when it was not). Return the cases whose due date moved. Running it again for the
    same change moves nothing more, and the citizen is told once.
    """
    change = CalendarChange(day=day, before=DayState(before), after=_state_of(day))
    if change.before == change.after:
        return []
    # Handling times count working days: those of cases completed from then on move.
    figures_mark_calendar_change(day=day)
    # A day can only move a due date on or after it, in a term filed by then.
    candidates = CitizenRequest.objects.filter(
        status__in=OPEN_STATUSES, received_on__lte=day, due_on__gte=day
    )
    locked = list(candidates.select_for_update().order_by("pk"))
    if not locked:
        return []
    events: dict[int, list[RequestEvent]] = {case.pk: [] for case in locked}
    for event in RequestEvent.objects.filter(
        request__in=locked, kind__in=DUE_STEP_KINDS
    ).order_by("created_at", "pk"):
        events[event.request_id].append(event)
    calendar = work_calendar_for(
        start=min(case.received_on for case in locked),
        end=max(case.due_on for case in locked),
    )
    moved = []
    for case in locked:
        record = _due_record(case, events[case.pk])
        new_due = due_date_after_calendar_change(
            record, change=change, calendar=calendar
        )
        if new_due != case.due_on:
            moved.append(_move(case, change=change, new_due=new_due, by=by))
    return moved


def _move(
    locked: CitizenRequest, *, change: CalendarChange, new_due: date, by: User | None
) -> CitizenRequest:
    old_due = locked.due_on
    locked.due_on = new_due
    locked.save(update_fields=["due_on", "updated_at"])
    with translation.override(locked.language):
        text = explain_calendar_move(
            change=change, old_due_on=old_due, new_due_on=new_due
        )
    data = {
        "day": change.day.isoformat(),
        "before": str(change.before),
        "after": str(change.after),
        "old_due_on": old_due.isoformat(),
        "new_due_on": new_due.isoformat(),
    }
    moves_so_far = RequestEvent.objects.filter(
        request=locked, kind=EventKind.CALENDAR_MOVE
    ).count()
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.CALENDAR_MOVE,
        actor=by,
        is_public=True,
        text=text,
        data=data,
    )
    audit_record(actor=by, action="request.calendar_moved", target=locked, details=data)
    citizen_notice_create(
        citizen_request=locked,
        kind="calendar_move",
        template="requests_app/email/calendar_move",
        context={"old_due_on": old_due, "new_due_on": new_due, "text": text},
        # The n-th move of a case by the calendar is told once, however often the
        # change is applied (an admin save repeated, a retried transaction).
        dedupe_key=(
            f"calendar_move:{locked.pk}:{moves_so_far}:"
            f"{change.day.isoformat()}:{new_due.isoformat()}"
        ),
    )
    return locked
