"""The benchmark's results: the table, the targets, the JSON file and the EXPLAINs."""

import json
import re
import resource
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from requests_app.models import CitizenRequest, RequestEvent
from requests_app.workflow import OPEN_STATUSES
from standards.benchmark.pages import Timing

Write = Callable[[str], None]
# Statements worth explaining: not SET, SAVEPOINT, BEGIN, ...
EXPLAINABLE = ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class DataSize:
    requests: int
    open: int
    events: int
    vendor: str

    @property
    def line(self) -> str:
        return (
            f"data: {self.requests:,} requests, {self.open:,} open, "
            f"{self.events:,} events ({self.events / max(self.requests, 1):.2f} per "
            f"request), database {self.vendor}"
        )


def data_size() -> DataSize:
    return DataSize(
        requests=CitizenRequest.objects.count(),
        open=CitizenRequest.objects.filter(status__in=OPEN_STATUSES).count(),
        events=RequestEvent.objects.count(),
        vendor=connection.vendor,
    )


def peak_rss_mb() -> float:
    """Return the peak resident memory of this process (ru_maxrss: KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table_write(timings: list[Timing], write: Write) -> None:
    """Print page, median, p95, queries and the SQL time of the last run."""
    write(f"{'page':<15} {'median ms':>10} {'p95 ms':>10} {'queries':>8} {'sql ms':>8}")
    for t in timings:
        write(
            f"{t.name:<15} {t.median_ms:>10.1f} {t.p95_ms:>10.1f} {t.queries:>8} "
            f"{t.sql_ms:>8.0f}"
        )


def targets_missed(
    timings: list[Timing],
    *,
    limits: dict[str, float | None],
    max_queries: int | None,
    max_sql_ms: float | None = None,
) -> list[str]:
    """Return what missed its target: a page's median over its group's limit, a
    page with more queries than `max_queries`, or whose statements took longer than
    `max_sql_ms` in the database (last run; steadier than the page's time on a busy
    machine, and what grows when a statement reads the whole table)."""
    missed = []
    for t in timings:
        if max_sql_ms is not None and t.sql_ms > max_sql_ms:
            missed.append(
                f"{t.name}: {t.sql_ms:.1f} ms in the database > {max_sql_ms:g} ms "
                "(--max-sql-ms)"
            )
        limit = limits.get(t.group)
        if limit is not None and t.median_ms > limit:
            missed.append(
                f"{t.name}: median {t.median_ms:.1f} ms > {limit:g} ms "
                f"(--max-{t.group}-ms)"
            )
        if max_queries is not None and t.queries > max_queries:
            missed.append(
                f"{t.name}: {t.queries} queries > {max_queries} (--max-queries)"
            )
    return missed


def results_save(
    path: Path,
    *,
    timings: list[Timing],
    size: DataSize,
    extra: dict,
    missed: list[str],
) -> None:
    payload = {
        "data": {
            "requests": size.requests,
            "open": size.open,
            "events": size.events,
            "vendor": size.vendor,
        },
        "pages": [
            {
                "page": t.name,
                "group": t.group,
                "url": t.url,
                "median_ms": round(t.median_ms, 2),
                "p95_ms": round(t.p95_ms, 2),
                "queries": t.queries,
                "sql_ms_last_run": round(t.sql_ms, 1),
                "runs_ms": [round(ms, 2) for ms in t.times_ms],
            }
            for t in timings
        ],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **extra,
        "targets_missed": missed,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _abridged(sql: str, limit: int = 3000) -> str:
    """Return the statement with a long column list shortened to "…"."""
    match = re.match(r"(\s*SELECT\s)(.{300,}?)(\sFROM\s.*)", sql, re.DOTALL)
    if match:
        sql = f"{match.group(1)}…{match.group(3)}"
    return sql if len(sql) <= limit else sql[:limit] + " …"


def _slowest(timing: Timing) -> tuple[dict | None, list[str]]:
    """Return the slowest statement of the page's last run, and the SETs before it."""
    slowest, sets, sets_before = None, [], []
    for statement in timing.statements:
        sql = statement["sql"].lstrip()
        head = sql[:10].upper()
        if head.startswith("SET "):
            sets.append(sql)
        elif head.startswith(EXPLAINABLE) and (
            slowest is None or float(statement["time"]) > float(slowest["time"])
        ):
            slowest, sets_before = statement, list(sets)
    return slowest, sets_before


def explain_write(timings: list[Timing], write: Write) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) of each page's slowest statement.

    The statement runs again inside a transaction that is rolled back (a filing's
    INSERT leaves nothing), after the `SET LOCAL`s its page ran before it.
    """
    if connection.vendor != "postgresql":
        write("EXPLAIN: PostgreSQL only.")
        return
    for timing in timings:
        slowest, sets = _slowest(timing)
        if slowest is None:
            continue
        write("")
        seconds = float(slowest["time"])
        write(f"== {timing.name}: slowest statement {seconds * 1000:.1f} ms")
        write(_abridged(slowest["sql"]))
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in sets:
                cursor.execute(sql)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            for (line,) in cursor.fetchall():
                write(line)
            transaction.set_rollback(True)
