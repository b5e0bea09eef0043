"""Seed N synthetic requests into the configured database, as a large municipality has.

12 % of the requests are open (spread over the queue's tiers: overdue, due today, due
within 3 working days, on track), the rest completed (93 % closed, 7 % rejected); each
has 2.7 timeline events on average, 5 % an extension and 3 % a suspension. Requests
are received over the last three years (open ones in the last months), due dates come
from the real work calendar, and most are handled within their term.

A database holding any request outside the benchmark's catalogue is refused before
anything is written. Re-runs reuse what is there, or add the missing requests.
"""

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from requests_app.deadlines import Term, due_date
from requests_app.emails import email_key
from requests_app.models import (
    Channel,
    CitizenRequest,
    Extension,
    Notice,
    RegistryCounter,
    RequestEvent,
    Service,
)
from requests_app.selectors.calendar import work_calendar_for
from requests_app.selectors.queue import Tier, soon_until, tier_of
from requests_app.tokens import token_hash
from requests_app.workflow import Status
from standards.benchmark import PREFIX, RealDataFound
from standards.benchmark.catalogue import Bench, bench_catalogue_ensure
from standards.benchmark.citizens import DETAILS, citizen_make
from standards.benchmark.timeline import (
    Plan,
    events_make,
    extensions_make,
    letters_make,
)
from standards.benchmark.writer import bench_requests_delete, rows_write, tables_analyze

OPEN_SHARE = 0.12
REJECTED_SHARE = 0.07  # of the completed requests
EXTENSION_SHARE = 0.05
SUSPENSION_SHARE = 0.03
LATE_SHARE = 0.12  # completed after their due date
YEARS = 3
OPEN_WINDOW_DAYS = 150  # open requests were received in the last months
BATCH = 10_000
PROGRESS_EVERY = 100_000
OPEN_STATUSES = {
    Status.SUBMITTED: 30,
    Status.IN_PROGRESS: 55,
    Status.WAITING_FOR_CITIZEN: 15,
}
TIERS = {Tier.OVERDUE: 12, Tier.TODAY: 4, Tier.SOON: 14, Tier.ON_TRACK: 70}
CHANNELS = {Channel.ONLINE: 70, Channel.DESK: 20, Channel.PHONE: 5, Channel.POST: 5}

Write = Callable[[str], None]


@dataclass(frozen=True)
class SeedResult:
    requests: int  # benchmark requests in the database now
    added: int
    seconds: float


def bench_guard() -> None:
    """Refuse a database that holds a request outside the benchmark's catalogue."""
    foreign = CitizenRequest.objects.exclude(department__code__startswith=PREFIX)
    if foreign.exists():
        raise RealDataFound(
            "This database holds requests that are not benchmark data (their "
            f"department's code does not start with {PREFIX!r}). The benchmark writes "
            "only to a database of its own: point DATABASE_URL at an empty one."
        )


def bench_request_count() -> int:
    return CitizenRequest.objects.filter(department__code__startswith=PREFIX).count()


class RequestMaker:
    """Makes requests for one seeding run (one random generator, one calendar)."""

    def __init__(self, bench: Bench, rng: random.Random) -> None:
        self.bench, self.rng = bench, rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.zone = timezone.get_current_timezone()
        self.calendar = work_calendar_for(
            start=date(self.today.year - YEARS - 1, 1, 1),
            end=self.today + timedelta(days=400),
        )
        self.soon = soon_until(today=self.today)
        self.extendable = [s for s in bench.services if s.max_extension_days > 0]
        self.departments = {d.pk: d for d in bench.departments}
        self.nonce = secrets.token_hex(6)
        self.made = 0
        self._due: dict[tuple[date, int, bool], date] = {}
        self._open: dict[tuple[int, bool], dict[str, list[tuple[date, date]]]] = {}
        self.counters = {
            (c.department_id, c.year): c.last
            for c in RegistryCounter.objects.filter(department__code__startswith=PREFIX)
        }

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
        """Return a time in office hours on `day`, not before `after`."""
        minutes = self.rng.randrange(8 * 60 + 30, 17 * 60)
        at = datetime.combine(day, clock(minutes // 60, minutes % 60), self.zone)
        if after is not None and at <= after:
            at = after + timedelta(minutes=self.rng.randrange(5, 240))
        return min(at, self.now)

    def open_dates(self, service: Service) -> tuple[date, date]:
        """Return (received, due) of an open request, its tier drawn from TIERS."""
        key = (service.term_days, service.term_working_days)
        if key not in self._open:
            tiers: dict[str, list[tuple[date, date]]] = {t: [] for t in Tier.ORDER}
            for back in range(OPEN_WINDOW_DAYS):
                received = self.today - timedelta(days=back)
                due = self.due(received, *key)
                tiers[tier_of(due_on=due, today=self.today, soon=self.soon)].append(
                    (received, due)
                )
            self._open[key] = tiers
        tiers = self._open[key]
        wanted = self.rng.choices(list(TIERS), weights=list(TIERS.values()))[0]
        # "Due today" is empty on a day off (a term never ends on one).
        pool = tiers[wanted] or tiers[Tier.ON_TRACK] or tiers[Tier.OVERDUE]
        return self.rng.choice(pool)

    # --- One request -----------------------------------------------------------------

    def assignee(self, department_id: int) -> int:
        if department_id in self.bench.clerk_department_ids and self.rng.random() < 0.5:
            return self.bench.clerk.pk
        return self.bench.colleagues[department_id].pk

    def plan(self, status: Status, *, extended: bool, suspended: bool) -> Plan:
        rng = self.rng
        service = rng.choice(self.extendable if extended else self.bench.services)
        days, working = service.term_days, service.term_working_days
        is_open = status not in {Status.CLOSED, Status.REJECTED}
        if is_open:
            received, original_due = self.open_dates(service)
        else:
            received = self.today - timedelta(days=rng.randrange(1, YEARS * 365))
            original_due = self.due(received, days, working)
        submitted_at = self.moment(received)
        due = original_due
        if extended:
            longer = rng.randint(3, service.max_extension_days)
            due = self.working_on_or_after(original_due + timedelta(days=longer))
        closed_at = None
        if not is_open:
            if rng.random() < LATE_SHARE:
                done = due + timedelta(days=rng.randint(1, 20))
            else:
                done = received + timedelta(days=rng.randint(0, (due - received).days))
            done = max(received, min(done, self.today - timedelta(days=1)))
            done = min(self.working_on_or_after(done), self.today - timedelta(days=1))
            closed_at = self.moment(max(done, received), after=submitted_at)
        end = closed_at or self.now
        last_day = timezone.localdate(end)
        plan_extension = None
        if extended:
            made_on = received + timedelta(
                days=rng.randint(1, max(1, (original_due - received).days))
            )
            made_on = min(made_on, last_day)
            at = min(self.moment(made_on, after=submitted_at), end)
            plan_extension = (original_due, due, at, made_on >= original_due)
        suspension = None
        suspended_on = None
        if suspended:
            on = min(received + timedelta(days=rng.randint(1, 3)), last_day)
            at = min(self.moment(on, after=submitted_at), end)
            resumed_at = None
            data: dict[str, object] = {
                "suspended_on": on.isoformat(),
                "due_on": due.isoformat(),
                "rule": service.suspension_rule,
            }
            if status == Status.WAITING_FOR_CITIZEN:
                suspended_on = on
            else:
                back = min(on + timedelta(days=rng.randint(2, 10)), last_day)
                resumed_at = min(self.moment(back, after=at), end)
                old_due = due
                due = self.working_on_or_after(due + (back - on))
                data = {
                    "rule": service.suspension_rule,
                    "suspended_on": on.isoformat(),
                    "resumed_on": back.isoformat(),
                    "paused_days": (back - on).days,
                    "working_days": False,
                    "old_due_on": old_due.isoformat(),
                    "new_due_on": due.isoformat(),
                }
            suspension = (at, resumed_at, data)
        citizen = citizen_make(rng)
        self.made += 1
        token = f"{PREFIX}{self.nonce}-{self.made}"
        assigned = None if status == Status.SUBMITTED else self.assignee(
            service.department_id
        )  # fmt: skip
        request = CitizenRequest(
            service=service,
            department_id=service.department_id,
            channel=rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0],
            status=status,
            citizen_name=citizen.name,
            citizen_email=citizen.email,
            citizen_email_key=email_key(citizen.email),
            citizen_phone=citizen.phone,
            citizen_address=citizen.address,
            language="bg" if rng.random() < 0.95 else "en",
            details=rng.choice(DETAILS),
            term_days=days,
            term_working_days=working,
            received_on=received,
            original_due_on=original_due,
            due_on=due,
            suspended_on=suspended_on,
            assigned_to_id=assigned,
            tracking_token_hash=token_hash(token),
            tracking_token=token,
            submitted_at=submitted_at,
            closed_at=closed_at,
            created_at=submitted_at,
            updated_at=end,
        )
        # Closed requests passed through "in progress"; 40 % of them show no entry for
        # it (taken at the desk), which keeps the timeline near 2.7 entries.
        in_progress = (
            status in {Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN}
            or suspension is not None
            or (status == Status.CLOSED and rng.random() < 0.6)
        )
        return Plan(request, end, plan_extension, suspension, in_progress)

    def number(self, request: CitizenRequest) -> str:
        """Return the next registry number of the department and year (real format)."""
        key = (request.department_id, request.received_on.year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return settings.REGISTRY_NUMBER_FORMAT.format(
            index=self.departments[request.department_id].registry_index,
            sequence=self.counters[key],
            year=request.received_on.year,
            received_on=request.received_on,
        )

    def batch(self, size: int) -> list[Plan]:
        """Return `size` requests in the shares of the mix, numbered by filing date."""
        rng = self.rng
        indexes = range(size)
        opened = set(rng.sample(indexes, round(size * OPEN_SHARE)))
        completed = [i for i in indexes if i not in opened]
        rejected = set(rng.sample(completed, round(len(completed) * REJECTED_SHARE)))
        statuses = {}
        for i in indexes:
            if i in opened:
                weights = list(OPEN_STATUSES.values())
                statuses[i] = rng.choices(list(OPEN_STATUSES), weights=weights)[0]
            else:
                statuses[i] = Status.REJECTED if i in rejected else Status.CLOSED
        extended = set(rng.sample(indexes, round(size * EXTENSION_SHARE)))
        # Every request waiting for the citizen is suspended; others make up the 3 %.
        waiting = {i for i in indexes if statuses[i] == Status.WAITING_FOR_CITIZEN}
        others = [i for i in indexes if i not in waiting]
        wanted = max(0, round(size * SUSPENSION_SHARE) - len(waiting))
        suspended = waiting | set(rng.sample(others, min(wanted, len(others))))
        plans = [
            self.plan(statuses[i], extended=i in extended, suspended=i in suspended)
            for i in indexes
        ]
        plans.sort(key=lambda p: (p.request.received_on, p.request.submitted_at))
        for plan in plans:
            plan.request.registry_number = self.number(plan.request)
        return plans

    def counters_save(self) -> None:
        for (department_id, year), last in self.counters.items():
            RegistryCounter.objects.update_or_create(
                department_id=department_id, year=year, defaults={"last": last}
            )


def figures_rebuild_if_available(write: Write) -> None:
    """Recompute the stored daily figures (COPY bypasses the marks that keep them)."""
    try:
        from requests_app.services.figures import figures_rebuild
    except ImportError:
        write("figures summary: not available")
        return
    started = time.perf_counter()
    figures_rebuild()
    write(f"figures summary rebuilt in {time.perf_counter() - started:.1f} s")


def bench_seed(
    *, requests: int, seed: int, reseed: bool = False, write: Write = print
) -> SeedResult:
    """Make the database hold at least `requests` benchmark requests; return counts.

    Raise RealDataFound, touching nothing, when another request is there.
    """
    bench_guard()
    started = time.perf_counter()
    bench = bench_catalogue_ensure()
    if reseed:
        removed = bench_requests_delete()
        write(f"removed {removed:,} benchmark requests")
    existing = bench_request_count()
    if existing >= requests:
        write(f"reusing {existing:,} requests")
        return SeedResult(requests=existing, added=0, seconds=0.0)
    missing = requests - existing
    write(f"seeding {missing:,} requests (there are {existing:,})")
    maker = RequestMaker(bench, random.Random(f"{seed}:{existing}"))
    added = 0
    while added < missing:
        size = min(BATCH, missing - added)
        plans = maker.batch(size)
        with transaction.atomic():
            rows_write(CitizenRequest, [p.request for p in plans])
            extensions = extensions_make(plans, bench)
            rows_write(Extension, [e for _, e in extensions])
            events = events_make(plans, extensions, bench, maker.rng)
            rows_write(RequestEvent, events)
            rows_write(Notice, letters_make(plans, maker.rng))
            maker.counters_save()
        added += size
        if added % PROGRESS_EVERY == 0 or added == missing:
            seconds = time.perf_counter() - started
            write(f"  {added:,}/{missing:,} requests in {seconds:.1f} s")
    analyze_started = time.perf_counter()
    tables_analyze([CitizenRequest, RequestEvent, Extension, Notice])
    write(f"statistics refreshed in {time.perf_counter() - analyze_started:.1f} s")
    figures_rebuild_if_available(write)
    seconds = time.perf_counter() - started
    write(f"seeded {added:,} requests in {seconds:.1f} s")
    return SeedResult(requests=existing + added, added=added, seconds=seconds)
