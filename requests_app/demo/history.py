"""A year of made-up requests for the demo, so that every figure has data at once.

`history_demo_load()` writes, once, a few thousand requests received over the last
twelve months (relative to today: the demo stays "living"), in a realistic mix: most
closed on time, some late, some rejected, the open ones spread over the queue's tiers,
with referrals, suspensions, extensions and messages on their timelines. A fixed seed
makes the same history for the same day.

The rules come from the services: registry numbers from `registry_number_next`, terms
from `term_for`, due dates from the stored work calendar. Rows are written in bulk (one
by one through the casework services would take minutes); the stored daily figures
are rebuilt afterwards (`figures_rebuild`), so the reports read what a recomputation
gives. The history is recognised by its citizens' e-mail domain, so a second run adds
nothing. It needs the demo staff: without them nothing is written.
"""

import base64
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import cast

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext

from requests_app.deadlines import Term, due_date
from requests_app.demo.casework import extension_reasons_load
from requests_app.emails import email_key
from requests_app.models import (
    Channel,
    CitizenRequest,
    EventKind,
    Extension,
    ExtensionReason,
    RegistryCounter,
    RequestEvent,
    Service,
    User,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.queue import Tier, soon_until, tier_of
from requests_app.services.submission import registry_number_next, term_for
from requests_app.tokens import token_hash
from requests_app.workflow import Status

# The history's citizens write from this domain: it marks the history (and no notice
# is ever sent to it: bulk writes make none).
HISTORY_EMAIL_DOMAIN = "history.demo.example.org"
HISTORY_REQUESTS = 3000
SEED = 20260101
DAYS = 365
OPEN_WINDOW_DAYS = 45  # open requests were received in the last weeks
OPEN_SHARE = 0.08
REJECTED_SHARE = 0.06  # of the completed requests
LATE_SHARE = 0.07  # completed after their due date
EXTENSION_SHARE = 0.3  # of the requests of services whose term may be extended
SUSPENSION_SHARE = 0.04
REFERRAL_SHARE = 0.04
OPEN_STATUSES = {
    Status.SUBMITTED: 30,
    Status.IN_PROGRESS: 55,
    Status.WAITING_FOR_CITIZEN: 15,
}
TIERS = {Tier.OVERDUE: 10, Tier.TODAY: 5, Tier.SOON: 20, Tier.ON_TRACK: 65}
CHANNELS = {Channel.ONLINE: 60, Channel.DESK: 30, Channel.PHONE: 3, Channel.POST: 7}
# How often each service is asked for, relative to the others (default 2).
POPULARITY = {
    "birth-certificate-duplicate": 9,
    "marital-status-certificate": 7,
    "permanent-address-certificate": 9,
    "current-address-certificate": 8,
    "heirs-certificate": 8,
    "tax-valuation-certificate": 10,
    "no-debts-certificate": 7,
    "property-tax-declaration": 6,
    "vehicle-tax-declaration": 4,
    "land-plot-sketch": 4,
    "building-permit": 1,
    "tolerance-certificate": 1,
}
# Demo staff who work cases (their departments come from the demo accounts).
CASE_WORKERS = ("clerk", "senior", "head")

# fmt: off
MALE_FIRST = ["Александър", "Борис", "Васил", "Георги", "Димитър", "Емил", "Иван",
              "Йордан", "Калоян", "Красимир", "Мартин", "Николай", "Пламен", "Петър",
              "Стефан", "Стоян", "Тодор", "Христо", "Цветан", "Явор"]
FEMALE_FIRST = ["Анна", "Борислава", "Вера", "Галина", "Гергана", "Десислава", "Елена",
                "Ивана", "Катерина", "Мария", "Милена", "Надежда", "Невена", "Петя",
                "Радка", "Росица", "Силвия", "Теодора", "Цветелина", "Яна"]
LAST = ["Иванов", "Петров", "Георгиев", "Димитров", "Николов", "Стоянов", "Христов",
        "Тодоров", "Илиев", "Василев", "Атанасов", "Петков", "Ангелов", "Колев",
        "Маринов", "Стефанов", "Попов", "Михайлов", "Костов", "Добрев", "Русев",
        "Лазаров", "Цветков", "Янков", "Павлов", "Спасов", "Борисов", "Танев"]
STREETS = ["Васил Левски", "Христо Ботев", "Цар Освободител", "Раковски", "Шипка",
           "Граф Игнатиев", "Оборище", "Витоша"]
# fmt: on
# fmt: off
_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
})
# fmt: on
DETAILS = (
    "Моля да ми бъде издаден документът, необходим ми за представяне пред работодател.",
    "Прилагам необходимите документи. Моля за издаване в законовия срок.",
    "Нужно ми е за представяне пред банка във връзка с кредит.",
    "Необходимо ми е за нотариално производство по продажба на имот.",
    "Искането е във връзка с наследствено производство.",
)
MESSAGES = (
    "Преписката Ви е разпределена и се разглежда.",
    "Моля, представете оригинала на документа за самоличност при получаване.",
    "Документът е готов и може да бъде получен на гише 3.",
)
NOTES = (
    "Проверено в регистъра, данните съвпадат.",
    "Изискано становище от юриста на общината.",
    "Обсъдено с началника на отдела.",
)
SUSPENSION_TEXT = "Моля, представете липсващия документ, посочен в услугата."
REFERRAL_REASON = "Случаят изисква решение на по-опитен колега."


@dataclass(slots=True)
class _Plan:
    request: CitizenRequest
    end: datetime
    in_progress: bool
    extension: tuple[date, date, datetime] | None = None  # old, new, at
    suspension: tuple[datetime, datetime | None, dict] | None = None
    referral: tuple[datetime, User] | None = None
    extras: list[tuple[str, datetime]] = field(default_factory=list)


def history_requests():
    """Return the requests of the demo history."""
    return CitizenRequest.objects.filter(
        citizen_email__endswith=f"@{HISTORY_EMAIL_DOMAIN}"
    )


class _Maker:
    def __init__(self, today: date, staff: dict[str, User]) -> None:
        self.rng = random.Random(f"{SEED}:{today.isoformat()}")
        self.today = today
        self.now = timezone.now()
        if timezone.localdate(self.now) != today:  # a history for another day
            self.now = timezone.make_aware(datetime.combine(today, clock(17, 30)))
        self.zone = timezone.get_current_timezone()
        self.calendar = work_calendar_for(
            start=today - timedelta(days=DAYS + 40), end=today + timedelta(days=120)
        )
        self.soon = soon_until(today=today)
        self.services = list(
            Service.objects.filter(is_active=True)
            .select_related("department")
            .prefetch_related("variants")
            .order_by("code")
        )
        self.weights = [POPULARITY.get(s.code, 2) for s in self.services]
        self.workers: dict[int, list[User]] = {}
        for user in staff.values():
            for department in user.departments.order_by("pk"):
                self.workers.setdefault(department.pk, []).append(user)
        self.seniors = {
            department: [u for u in users if u.username in ("senior", "head")]
            for department, users in self.workers.items()
        }
        self.reason = ExtensionReason.objects.order_by("order", "pk").first()
        self.staff_names = {
            f"{first} {last}"
            for first, last in User.objects.values_list("first_name", "last_name")
        }
        self._due: dict[tuple[date, int, bool], date] = {}

    # --- Dates ---------------------------------------------------------------------

    def due(self, received: date, days: int, working: bool) -> date:
        key = (received, days, working)
        if key not in self._due:
            term = Term(days=days, working_days=working)
            self._due[key] = due_date(
                received_on=received, term=term, calendar=self.calendar
            ).due_on
        return self._due[key]

    def working_on_or_after(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def moment(self, day: date, after: datetime | None = None) -> datetime:
        """Return a time in office hours on `day`, not before `after`, not after now."""
        minutes = self.rng.randrange(8 * 60 + 30, 17 * 60)
        at = datetime.combine(day, clock(minutes // 60, minutes % 60), self.zone)
        if after is not None and at <= after:
            at = after + timedelta(minutes=self.rng.randrange(5, 240))
        return min(at, self.now)

    def received_day(self, back_from: int, back_to: int) -> date:
        """Return a filing day: mostly working days (online requests come any day)."""
        day = self.today - timedelta(days=self.rng.randrange(back_from, back_to))
        if not self.calendar.is_working_day(day) and self.rng.random() < 0.8:
            day = min(self.working_on_or_after(day), self.today)
        return day

    def open_dates(self, days: int, working: bool) -> tuple[date, date]:
        """Return (received, due) of an open request, its tier drawn from TIERS."""
        tiers: dict[str, list[tuple[date, date]]] = {t: [] for t in Tier.ORDER}
        for back in range(OPEN_WINDOW_DAYS):
            received = self.today - timedelta(days=back)
            due = self.due(received, days, working)
            tiers[tier_of(due_on=due, today=self.today, soon=self.soon)].append(
                (received, due)
            )
        wanted = self.rng.choices(list(TIERS), weights=list(TIERS.values()))[0]
        pool = tiers[wanted] or tiers[Tier.ON_TRACK] or tiers[Tier.OVERDUE]
        return self.rng.choice(pool)

    # --- One request -----------------------------------------------------------------

    def citizen(self, number: int) -> tuple[str, str, str, str]:
        rng = self.rng
        while True:  # never a staff member's name: a citizen is not a colleague
            if rng.random() < 0.5:
                first, last = rng.choice(MALE_FIRST), rng.choice(LAST)
            else:
                first, last = rng.choice(FEMALE_FIRST), rng.choice(LAST) + "а"
            if f"{first} {last}" not in self.staff_names:
                break
        login = f"{first}.{last}".lower().translate(_LATIN)
        email = f"{login}{number}@{HISTORY_EMAIL_DOMAIN}"
        phone = f"08{rng.randrange(10**8):08d}" if rng.random() < 0.5 else ""
        address = ""
        if rng.random() < 0.4:
            address = f"ул. „{rng.choice(STREETS)}“ № {rng.randrange(1, 120)}"
        return f"{first} {last}", email, phone, address

    def plan(self, number: int, status: str) -> _Plan:
        rng = self.rng
        service = rng.choices(self.services, weights=self.weights)[0]
        variants = list(service.variants.all())
        variant = rng.choice(variants) if variants else None
        term = term_for(service=service, variant=variant)
        days, working = term.days, term.working_days
        is_open = status not in {Status.CLOSED, Status.REJECTED}
        if is_open:
            received, original_due = self.open_dates(days, working)
        else:
            received = self.received_day(1, DAYS)
            original_due = self.due(received, days, working)
        submitted_at = self.moment(received)
        due = original_due
        extended = (
            service.max_extension_days >= 3
            and self.reason is not None
            and rng.random() < EXTENSION_SHARE
        )
        if extended:
            longer = rng.randint(3, service.max_extension_days)
            due = self.working_on_or_after(original_due + timedelta(days=longer))
        closed_at = None
        if not is_open:
            if rng.random() < LATE_SHARE:
                done = due + timedelta(days=rng.randint(1, 12))
            else:
                done = received + timedelta(days=rng.randint(0, (due - received).days))
            done = min(self.working_on_or_after(max(done, received)), self.today)
            if done >= self.today:
                done = max(received, self.today - timedelta(days=1))
            closed_at = self.moment(done, after=submitted_at)
        end = closed_at or self.now
        last_day = timezone.localdate(end)
        department = service.department_id
        workers = self.workers.get(department, [])
        assigned = None
        if status != Status.SUBMITTED and workers:
            assigned = rng.choice(workers)
        if is_open and status != Status.SUBMITTED and assigned is None:
            status = Status.SUBMITTED  # nobody in that department takes cases yet
        name, email, phone, address = self.citizen(number)
        # Like `secrets.token_urlsafe(32)`, but from the seed: the same on every run.
        token = base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode()
        request = CitizenRequest(
            service=service,
            variant=variant,
            department_id=department,
            channel=rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0],
            status=status,
            citizen_name=name,
            citizen_email=email,
            citizen_email_key=email_key(email),
            citizen_phone=phone,
            citizen_address=address,
            language="bg" if rng.random() < 0.95 else "en",
            details=rng.choice(DETAILS),
            term_days=days,
            term_working_days=working,
            received_on=received,
            original_due_on=original_due,
            due_on=due,
            assigned_to=assigned,
            tracking_token_hash=token_hash(token),
            tracking_token=token,
            submitted_at=submitted_at,
            closed_at=closed_at,
        )
        in_progress = status != Status.SUBMITTED and (
            is_open or (assigned is not None and rng.random() < 0.7)
        )
        plan = _Plan(request=request, end=end, in_progress=in_progress)
        if extended:
            made_on = received + timedelta(
                days=rng.randint(1, max(1, (original_due - received).days))
            )
            if rng.random() < 0.1:  # now and then on the due date or after it
                made_on = original_due + timedelta(days=rng.randint(0, 2))
            at = min(self.moment(min(made_on, last_day), after=submitted_at), end)
            plan.extension = (original_due, due, at)
        waiting = status == Status.WAITING_FOR_CITIZEN
        if waiting or (assigned and rng.random() < SUSPENSION_SHARE):
            on = min(received + timedelta(days=rng.randint(1, 3)), last_day)
            at = min(self.moment(on, after=submitted_at), end)
            data: dict[str, object] = {
                "suspended_on": on.isoformat(),
                "due_on": request.due_on.isoformat(),
                "rule": service.suspension_rule,
            }
            resumed_at = None
            if waiting:
                request.suspended_on = on
            else:
                back = min(on + timedelta(days=rng.randint(2, 8)), last_day)
                resumed_at = min(self.moment(back, after=at), end)
                old_due = request.due_on
                if back > on:
                    request.due_on = self.working_on_or_after(old_due + (back - on))
                data |= {
                    "resumed_on": back.isoformat(),
                    "paused_days": (back - on).days,
                    "working_days": False,
                    "old_due_on": old_due.isoformat(),
                    "new_due_on": request.due_on.isoformat(),
                }
            plan.suspension = (at, resumed_at, data)
        seniors = [u for u in self.seniors.get(department, []) if u != assigned]
        if assigned and seniors and rng.random() < REFERRAL_SHARE:
            at = min(submitted_at + timedelta(hours=rng.randint(20, 60)), end)
            plan.referral = (at, rng.choice(seniors))
            request.assigned_to = plan.referral[1]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            span = max(1.0, (end - submitted_at).total_seconds())
            at = submitted_at + timedelta(seconds=rng.uniform(0, span))
            plan.extras.append((rng.choice((EventKind.MESSAGE, EventKind.NOTE)), at))
        return plan

    def plans(self, size: int) -> list[_Plan]:
        rng = self.rng
        statuses = []
        for _ in range(size):
            if rng.random() < OPEN_SHARE:
                weights = list(OPEN_STATUSES.values())
                statuses.append(rng.choices(list(OPEN_STATUSES), weights=weights)[0])
            elif rng.random() < REJECTED_SHARE:
                statuses.append(Status.REJECTED)
            else:
                statuses.append(Status.CLOSED)
        plans = [self.plan(n, status) for n, status in enumerate(statuses, start=1)]
        plans.sort(key=lambda p: (p.request.received_on, p.request.submitted_at))
        return plans


class _Counter:
    """A department's registry counter, locked, counted in memory and saved once.

    Stands in for the `RegistryCounter` row `registry_number_next` takes: the number
    follows the service's rule, without a write per request.
    """

    def __init__(self, row: RegistryCounter) -> None:
        self.row, self.last = row, row.last

    def save(self, **kwargs: object) -> None:
        """Saved by `store` at the end."""

    def store(self) -> None:
        RegistryCounter.objects.filter(pk=self.row.pk).update(last=self.last)


def _numbers_give(plans: list[_Plan]) -> None:
    """Give registry numbers in filing order, from the departments' counters."""
    counters: dict[tuple[int, int], _Counter] = {}
    for plan in plans:
        request = plan.request
        key = (request.department_id, request.received_on.year)
        if key not in counters:
            row, _ = RegistryCounter.objects.select_for_update().get_or_create(
                department_id=key[0], year=key[1]
            )
            counters[key] = _Counter(row)
        request.registry_number = registry_number_next(
            department=request.service.department,
            received_on=request.received_on,
            counter=cast(RegistryCounter, counters[key]),
        )
    for counter in counters.values():
        counter.store()


def _timeline(plans: list[_Plan], maker: _Maker) -> list[RequestEvent]:
    rng = maker.rng
    events: list[RequestEvent] = []
    extensions: list[tuple[_Plan, Extension]] = []
    for plan in plans:
        request = plan.request
        actor = request.assigned_to

        def event(kind: str, at: datetime, plan=plan, request=request, **fields):
            fields.setdefault("actor", request.assigned_to)
            at = max(request.submitted_at, min(at, plan.end))
            events.append(
                RequestEvent(request=request, kind=kind, created_at=at, **fields)
            )

        event(
            EventKind.STATUS,
            request.submitted_at,
            to_status=Status.SUBMITTED,
            is_public=True,
            actor=None,
            data={"channel": request.channel},
        )
        first_worker = actor
        if plan.referral is not None:  # taken by a colleague, then referred
            first_worker = next(
                (u for u in maker.workers[request.department_id] if u != actor), actor
            )
        if plan.in_progress:
            event(
                EventKind.STATUS,
                request.submitted_at + timedelta(hours=rng.randint(1, 20)),
                from_status=Status.SUBMITTED,
                to_status=Status.IN_PROGRESS,
                is_public=True,
                actor=first_worker,
            )
        if plan.referral is not None:
            at, to_user = plan.referral
            with translation.override(request.language):
                text = gettext(
                    "Your request has been referred to %(name)s, %(position)s."
                ) % {"name": to_user.display_name, "position": to_user.position}
            event(
                EventKind.REFERRAL,
                at,
                actor=first_worker,
                is_public=True,
                text=text,
                data={"to_user": to_user.pk, "to_name": to_user.display_name},
            )
            event(EventKind.NOTE, at, actor=first_worker, text=REFERRAL_REASON)
        if plan.suspension is not None:
            at, resumed_at, data = plan.suspension
            event(
                EventKind.SUSPENSION,
                at,
                is_public=True,
                text=SUSPENSION_TEXT,
                data=data,
            )
            if resumed_at is not None:
                event(EventKind.RESUMPTION, resumed_at, is_public=True, data=data)
        for kind, at in plan.extras:
            if actor is None:
                continue
            public = kind == EventKind.MESSAGE
            event(
                kind,
                at,
                is_public=public,
                text=rng.choice(MESSAGES if public else NOTES),
            )
        if plan.extension is not None and actor is not None:
            old, new, at = plan.extension
            extension = Extension(
                request=request,
                old_due_on=old,
                new_due_on=new,
                reason=maker.reason,
                text="Необходима е справка от друга институция.",
                is_late=timezone.localdate(at) >= old,
                by=actor,
                created_at=at,
            )
            extensions.append((plan, extension))
        if request.closed_at is not None:
            event(
                EventKind.STATUS,
                request.closed_at,
                from_status=Status.IN_PROGRESS
                if plan.in_progress
                else Status.SUBMITTED,
                to_status=request.status,
                is_public=True,
            )
    Extension.objects.bulk_create([e for _, e in extensions], batch_size=500)
    for plan, extension in extensions:
        request = plan.request
        latest = extension.old_due_on + timedelta(
            days=request.service.max_extension_days
        )
        events.append(
            RequestEvent(
                request=request,
                kind=EventKind.EXTENSION,
                actor=extension.by,
                is_public=True,
                text=extension.text,
                created_at=extension.created_at,
                data={
                    "old_due_on": extension.old_due_on.isoformat(),
                    "new_due_on": extension.new_due_on.isoformat(),
                    "extension": extension.pk,
                    "is_late": extension.is_late,
                    "original_due_on": request.original_due_on.isoformat(),
                    "max_extension_days": request.service.max_extension_days,
                    "latest_on": latest.isoformat(),
                },
            )
        )
    return events


@transaction.atomic
def history_demo_load(
    *, today: date | None = None, size: int = HISTORY_REQUESTS
) -> int:
    """Write the year of demo requests once; return how many were written.

    Needs the demo case workers; writes nothing when they are missing or when the
    history is there already. The caller rebuilds the stored figures.
    """
    if history_requests().exists():
        return 0
    staff = {
        u.username: u
        for u in User.objects.filter(username__in=CASE_WORKERS, is_active=True)
    }
    if not staff:
        return 0
    extension_reasons_load()  # the reasons the history's extensions give
    maker = _Maker(today or timezone.localdate(), staff)
    plans = maker.plans(size)
    _numbers_give(plans)
    requests = [plan.request for plan in plans]
    CitizenRequest.objects.bulk_create(requests, batch_size=500)
    # `auto_now_add` stamped the moment of loading: the history was filed earlier.
    history_requests().update(
        created_at=F("submitted_at"),
        updated_at=Coalesce(F("closed_at"), Value(maker.now)),
    )
    RequestEvent.objects.bulk_create(_timeline(plans, maker), batch_size=500)
    return len(requests)
