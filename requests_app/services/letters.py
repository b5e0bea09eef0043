"""Letters by post: marking a printed batch as posted, and flagging letters left behind.

A notice by letter is written with the change it announces, like every notice, and
waits for the day's batch (`requests_app.selectors.letters`). The clerk prints the
batch, puts the letters in window envelopes and marks the batch as posted: each letter
then records the day and who posted it, and counts as sent. A letter still waiting
after the next working day is flagged each working morning to the heads of its
department (a complaint's letter: to those who may see it), once a day.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from requests_app.links import page_url
from requests_app.models import Notice, User
from requests_app.models.requests import NotifyBy
from requests_app.selectors.alerts import department_heads_of
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.letters import (
    LetterRow,
    letter_reach_for,
    letter_rows,
    letters_waiting_for,
)
from requests_app.services.audit import audit_record
from requests_app.services.outbox import notice_create


@transaction.atomic
def letters_mark_posted(*, viewer: User, notice_ids: Iterable[int], today: date) -> int:
    """Record the letters `notice_ids` as posted today by `viewer`; return how many.

    Only letters the viewer may see and that are still waiting are marked: a letter
    posted already keeps its first date, and a letter written after the batch was
    printed (not in `notice_ids`) keeps waiting for the next one.
    """
    ids = sorted({int(pk) for pk in notice_ids})
    letters = list(
        Notice.objects.select_for_update()
        .filter(pk__in=ids, channel=NotifyBy.POST, posted_on__isnull=True)
        .filter(letter_reach_for(viewer=viewer))
        .order_by("pk")
    )
    if not letters:
        return 0
    now = timezone.now()
    for letter in letters:
        letter.posted_on = today
        letter.posted_by = viewer
        letter.sent_at = now
        letter.attempts += 1
    Notice.objects.bulk_update(
        letters, ["posted_on", "posted_by", "sent_at", "attempts"]
    )
    for letter in letters:
        audit_record(
            actor=viewer,
            action="letter.posted",
            target=letter,
            details={"on": today.isoformat()},
        )
    return len(letters)


@transaction.atomic
def late_letter_alerts_send(*, today: date) -> int:
    """Tell, once a working day, who is in charge which letters wait past their day.

    A letter is late once the next working day after it was written has passed
    without it being posted. A letter about a request goes to the heads of the
    request's department; any other letter (a complaint's, a suggestion's) to those
    who may see it, as its app decides: naming a complaint to a head who may not read
    it would tell them more than they may know. Each person gets one alert a day
    listing their late letters. Return the number of alerts written now (0 on a day
    off or on a second run the same day).
    """
    if not work_calendar_for(start=today, end=today).is_working_day(today):
        return 0
    waiting = Notice.objects.filter(
        channel=NotifyBy.POST, posted_on__isnull=True
    ).select_related("request")
    late = [row for row in letter_rows(letters=waiting, today=today) if row.is_late]
    if not late:
        return 0
    people: dict[int, User] = {}
    rows_of: dict[int, list[LetterRow]] = defaultdict(list)
    heads: dict[int, list[User]] = {}
    others = []
    for row in late:
        if row.notice.request is None:
            others.append(row)
            continue
        department_id = row.notice.request.department_id
        if department_id not in heads:
            heads[department_id] = list(
                department_heads_of(department_id=department_id)
            )
        for head in heads[department_id]:
            people[head.pk] = head
            rows_of[head.pk].append(row)
    if others:
        by_pk = {row.notice.pk: row for row in others}
        staff = User.objects.filter(is_active=True, groups__isnull=False).exclude(
            email=""
        )
        for person in staff.distinct().order_by("pk"):
            seen = letters_waiting_for(viewer=person).filter(pk__in=list(by_pk))
            for notice_id in seen.values_list("pk", flat=True):
                people[person.pk] = person
                rows_of[person.pk].append(by_pk[notice_id])
    sent = 0
    for person_id, person in people.items():
        rows = sorted(
            rows_of[person_id], key=lambda row: (row.written_on, row.notice.pk)
        )
        notice = notice_create(
            kind="staff:letters_late",
            recipient=person.email,
            language=person.language,
            template="requests_app/email/staff_letters_late",
            context={
                "user": person,
                "rows": rows,
                "letters_url": page_url("requests_app:staff-letters", person.language),
            },
            dedupe_key=f"letters-late:{person_id}:{today.isoformat()}",
        )
        sent += notice is not None
    return sent
