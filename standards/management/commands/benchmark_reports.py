"""`manage.py benchmark_reports --requests N`: time the annual report on N requests.

Synthetic requests (with extensions and suspensions) are bulk-created inside one
transaction that is rolled back at the end: nothing stays in the database. Use a
database of your own (DATABASE_URL=postgres://.../sd_benchmark) for large N.
"""

import random
import resource
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from requests_app.models import (
    CitizenRequest,
    Department,
    EventKind,
    Extension,
    ExtensionReason,
    RequestEvent,
    Service,
    User,
)
from requests_app.pdf import render_pdf
from requests_app.workflow import Status
from standards.exports import report_charts, report_csv
from standards.indicators.measures import Scope
from standards.periods import Period
from standards.selectors.report_data import report_build

BATCH = 10_000


class Rollback(Exception):
    """Raised to undo the synthetic data."""


class Command(BaseCommand):
    help = "Time the annual report over N synthetic requests (rolled back afterwards)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument(
            "--pdf", action="store_true", help="Also render the PDF and CSV."
        )
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=None,
            help="Fail (exit 1) when the report's numbers take longer than this.",
        )
        parser.add_argument(
            "--max-memory-mb",
            type=float,
            default=None,
            help="Fail (exit 1) when the process's peak memory exceeds this.",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Commit the synthetic data (only on a throw-away database), so that "
            "the timing is not that of rows still inside an open transaction.",
        )

    def handle(
        self,
        *args,
        requests: int,
        year: int,
        seed: int,
        pdf: bool,
        keep: bool,
        max_seconds: float | None = None,
        max_memory_mb: float | None = None,
        **opts,
    ) -> None:
        self.verbosity = opts.get("verbosity", 1)
        random.seed(seed)
        if keep:
            self._create(requests, year)
            elapsed = self._time(year, pdf)
        else:
            try:
                with transaction.atomic():
                    self._create(requests, year)
                    elapsed = self._time(year, pdf)
                    raise Rollback
            except Rollback:
                self.stdout.write("Synthetic data rolled back.")
        # ru_maxrss is in kilobytes on Linux.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Peak memory of this process: {peak_mb:.0f} MB.")
        failures = []
        if max_seconds is not None and elapsed > max_seconds:
            failures.append(f"{elapsed:.2f} s > {max_seconds:.2f} s")
        if max_memory_mb is not None and peak_mb > max_memory_mb:
            failures.append(f"{peak_mb:.0f} MB > {max_memory_mb:.0f} MB")
        if failures:
            raise CommandError("Target missed: " + "; ".join(failures), returncode=1)
        if max_seconds is not None or max_memory_mb is not None:
            self.stdout.write(self.style.SUCCESS("Targets met."))

    def _create(self, total: int, year: int) -> None:
        zone = ZoneInfo(settings.TIME_ZONE)
        started = time.perf_counter()
        suffix = f"{time.time_ns()}"[-8:]
        departments = [
            Department.objects.create(
                code=f"bench-{suffix}-{i}",
                registry_index=f"99-{i:02d}",
                name=f"Bench {i}",
            )
            for i in range(8)
        ]
        services = [
            Service.objects.create(
                code=f"bench-{suffix}-{i}",
                department=departments[i % len(departments)],
                name=f"Bench service {i}",
                summary="Synthetic.",
                term_days=14,
            )
            for i in range(40)
        ]
        clerk = User.objects.create(username=f"bench-{suffix}", is_staff=True)
        reason = ExtensionReason.objects.create(code=f"bench-{suffix}", name="Bench")
        first = date(year, 1, 1)
        made = 0
        while made < total:
            size = min(BATCH, total - made)
            batch = []
            for i in range(made, made + size):
                service = services[i % len(services)]
                received = first + timedelta(days=random.randrange(365))
                due = received + timedelta(days=14)
                handled = random.choice((2, 3, 5, 7, 9, 12, 14, 16, 21))
                closed = datetime.combine(
                    received + timedelta(days=handled), datetime.min.time(), zone
                ) + timedelta(hours=10)
                is_open = i % 20 == 0
                batch.append(
                    CitizenRequest(
                        registry_number=f"BENCH-{suffix}-{i}",
                        service=service,
                        department_id=service.department_id,
                        status=Status.IN_PROGRESS
                        if is_open
                        else (Status.REJECTED if i % 30 == 0 else Status.CLOSED),
                        citizen_name="Synthetic",
                        details="Synthetic.",
                        term_days=14,
                        received_on=received,
                        original_due_on=due,
                        due_on=due,
                        tracking_token_hash=f"bench-{suffix}-{i}",
                        closed_at=None if is_open else closed,
                    )
                )
            created = CitizenRequest.objects.bulk_create(batch)
            extensions = [
                Extension(
                    request=r,
                    old_due_on=r.due_on,
                    new_due_on=r.due_on + timedelta(days=7),
                    reason=reason,
                    is_late=k % 4 == 0,
                    by=clerk,
                    created_at=datetime.combine(
                        r.received_on, datetime.min.time(), zone
                    )
                    + timedelta(days=5),
                )
                for k, r in enumerate(created[::20])
            ]
            Extension.objects.bulk_create(extensions)
            RequestEvent.objects.bulk_create(
                RequestEvent(
                    request=r,
                    kind=EventKind.SUSPENSION,
                    created_at=datetime.combine(
                        r.received_on, datetime.min.time(), zone
                    )
                    + timedelta(days=2),
                )
                for r in created[5::25]
            )
            made += size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (CitizenRequest, Extension, RequestEvent):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(
            f"Created {total} requests in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor})."
        )

    def _time(self, year: int, pdf: bool) -> float:
        period = Period("year", date(year, 1, 1), date(year, 12, 31))
        timings: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context):
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - begun, sql))

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            data = report_build(period=period, scope=Scope("municipality", name="All"))
        elapsed = time.perf_counter() - started
        if self.verbosity > 1:
            for seconds, sql in sorted(timings, reverse=True)[:5]:
                self.stdout.write(f"  {seconds:.3f} s  {sql[:300]}")
        on_time = next(r for r in data.rows if r.indicator.code == "on_time_share")
        median = next(r for r in data.rows if r.indicator.code == "handling_median")
        self.stdout.write(
            f"Annual report numbers ({len(data.rows)} indicators, "
            f"{len(data.handling_by_service)} services, previous year included): "
            f"{elapsed:.2f} s. On time {on_time.value_text}, median "
            f"{median.value_text} working days."
        )
        if pdf:
            started = time.perf_counter()
            render_pdf(
                "standards/pdf/report.html",
                {"data": data, "report": None, **report_charts(data)},
            )
            report_csv(data)
            self.stdout.write(
                f"PDF and CSV rendered in {time.perf_counter() - started:.2f} s."
            )
        return elapsed
