"""Deadline alerts for staff: morning digests and the overdue notice to the head.

Each alert is a notice with a `dedupe_key`, so running a job twice on the same day (a
retry, a second beat) sends nothing new: "never twice" is a unique row in the outbox.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from requests_app.links import page_url
from requests_app.models import CitizenRequest, User
from requests_app.roles import Role
from requests_app.selectors.alerts import (
    department_heads_of,
    open_cases_by_assignee,
    overdue_cases,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.queue import Tier, soon_until, tier_of
from requests_app.services.outbox import notice_create
from requests_app.workflow import Status


def _is_working_day(today: date) -> bool:
    return work_calendar_for(start=today, end=today).is_working_day(today)


@transaction.atomic
def deadline_digests_send(*, today: date) -> int:
    """Send each working morning one digest per member of staff with urgent cases.

    A clerk gets their running cases that are overdue, due today or due within 3
    working days; a department head also gets the overdue list of their departments.
    Return the number of digests written now (0 on a day off or on a second run).
    """
    if not _is_working_day(today):
        return 0
    soon = soon_until(today=today)
    mine: dict[int, dict[str, list[CitizenRequest]]] = defaultdict(
        lambda: {t: [] for t in Tier.ORDER}
    )
    clerks: dict[int, User] = {}
    for case in open_cases_by_assignee(due_until=soon):
        assert case.assigned_to is not None
        clerk = case.assigned_to
        clerks[clerk.pk] = clerk
        tier = tier_of(due_on=case.due_on, today=today, soon=soon)
        mine[clerk.pk][tier].append(case)
    overdue_by_department: dict[int, list[CitizenRequest]] = defaultdict(list)
    for case in overdue_cases(today=today):
        overdue_by_department[case.department_id].append(case)
    heads = (
        User.objects.filter(
            is_active=True,
            groups__name=Role.HEAD,
            departments__in=list(overdue_by_department),
        )
        .exclude(email="")
        .distinct()
        .prefetch_related("departments")
    )
    department_overdue: dict[int, list[CitizenRequest]] = {}
    for head in heads:
        clerks.setdefault(head.pk, head)
        department_overdue[head.pk] = [
            case
            for department in head.departments.all()
            for case in overdue_by_department.get(department.pk, [])
        ]
    sent = 0
    for user_id, user in clerks.items():
        if not user.email:
            continue
        own = mine.get(user_id, {t: [] for t in Tier.ORDER})
        notice = notice_create(
            kind="staff:digest",
            recipient=user.email,
            language=user.language,
            template="requests_app/email/staff_digest",
            context={
                "user": user,
                "today": today,
                "overdue": own[Tier.OVERDUE],
                "due_today": own[Tier.TODAY],
                "due_soon": own[Tier.SOON],
                "department_overdue": department_overdue.get(user_id, []),
                "queue_url": page_url("requests_app:staff-queue", user.language),
            },
            dedupe_key=f"digest:{user_id}:{today.isoformat()}",
        )
        sent += notice is not None
    return sent


@transaction.atomic
def overdue_alerts_send(*, today: date) -> int:
    """Tell the department head, once, about each case that has become overdue.

    The key holds the due date: a case extended and overdue again is a new alert.
    Return the number of notices written now.
    """
    sent = 0
    heads_cache: dict[int, list[User]] = {}
    for case in overdue_cases(today=today):
        if case.department_id not in heads_cache:
            heads_cache[case.department_id] = list(
                department_heads_of(department_id=case.department_id)
            )
        for head in heads_cache[case.department_id]:
            notice = notice_create(
                kind="staff:overdue",
                recipient=head.email,
                language=head.language,
                template="requests_app/email/staff_overdue",
                context={
                    "user": head,
                    "citizen_request": case,
                    "days_late": (today - case.due_on).days,
                    "case_url": page_url(
                        "requests_app:staff-request", head.language, pk=case.pk
                    ),
                },
                dedupe_key=f"overdue:{case.pk}:{case.due_on.isoformat()}:{head.pk}",
            )
            sent += notice is not None
    return sent


@transaction.atomic
def unanswered_alerts_send(*, today: date) -> int:
    """Put to the clerk each case that waited too long for the citizen's answer.

    Each working morning the person in charge (the department heads, if nobody is)
    gets the list of their cases waiting longer than `SUSPENSION_ABANDON_DAYS`, to
    close as not examined with a letter, until they are closed or answered. Return the
    number of letters written now (0 on a day off or on a second run that day).
    """
    if not _is_working_day(today):
        return 0
    asked_before = today - timedelta(days=settings.SUSPENSION_ABANDON_DAYS)
    cases = CitizenRequest.objects.filter(
        status=Status.WAITING_FOR_CITIZEN, suspended_on__lt=asked_before
    ).select_related("service", "assigned_to")
    recipients: dict[int, User] = {}
    by_user: dict[int, list[CitizenRequest]] = defaultdict(list)
    for case in cases.order_by("suspended_on", "pk"):
        if case.assigned_to is not None and case.assigned_to.is_active:
            people = [case.assigned_to]
        else:
            people = list(department_heads_of(department_id=case.department_id))
        for person in people:
            recipients[person.pk] = person
            by_user[person.pk].append(case)
    sent = 0
    for user_id, user in recipients.items():
        notice = notice_create(
            kind="staff:unanswered",
            recipient=user.email,
            language=user.language,
            template="requests_app/email/staff_unanswered",
            context={
                "user": user,
                "days": settings.SUSPENSION_ABANDON_DAYS,
                "cases": [
                    (
                        case,
                        page_url(
                            "requests_app:staff-request", user.language, pk=case.pk
                        ),
                    )
                    for case in by_user[user_id]
                ],
            },
            dedupe_key=f"unanswered:{user_id}:{today.isoformat()}",
        )
        sent += notice is not None
    return sent
