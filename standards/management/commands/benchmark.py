"""`manage.py benchmark`: seed N synthetic requests, then time the staff pages.

    DATABASE_URL=postgres://.../sd_bench manage.py benchmark --requests 1000000 \\
        --max-queue-ms 20 --max-search-ms 30 --max-case-ms 20 --max-dashboard-ms 300

The catalogue search (`service_search`) is timed too, over 500 services of its own,
against `--max-catalogue-search-ms` (default 20); `--only catalogue-search` times it
alone.

Writes to the configured database, and refuses one that holds any request outside the
benchmark's own catalogue. Exits 1 when a page fails or a `--max-*` target is missed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from standards.benchmark import BenchmarkError, TargetMissed
from standards.benchmark.pages import (
    GROUPS,
    PAGE_NAMES,
    annual_report_time,
    pages_measure,
)
from standards.benchmark.report import (
    data_size,
    explain_write,
    peak_rss_mb,
    results_save,
    table_write,
    targets_missed,
)
from standards.benchmark.search import NAME as CATALOGUE_SEARCH
from standards.benchmark.search import search_measure
from standards.benchmark.seed import (
    bench_guard,
    bench_seed,
    figures_rebuild_if_available,
)

MEASURES = [*PAGE_NAMES, CATALOGUE_SEARCH]


def _page_list(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(MEASURES))
    if unknown:
        raise CommandError(
            f"Unknown page: {', '.join(unknown)}. Pages: {', '.join(MEASURES)}.",
            returncode=2,
        )
    return names


class Command(BaseCommand):
    help = (
        "Seed N synthetic requests into the configured database (refusing one with "
        "real data) and time the staff pages in-process: median, p95, queries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=12, help="Random seed.")
        parser.add_argument(
            "--reseed", action="store_true", help="Delete the benchmark data first."
        )
        parser.add_argument(
            "--no-seed", action="store_true", help="Measure the data that is there."
        )
        parser.add_argument(
            "--repeat", type=int, default=15, help="Timed runs per page (after one)."
        )
        parser.add_argument(
            "--only",
            default="",
            help=f"Pages to measure, comma-separated: {', '.join(MEASURES)}.",
        )
        for group in GROUPS:
            parser.add_argument(
                f"--max-{group}-ms",
                type=float,
                default=None,
                help=f"Exit 1 when a {group} page's median is slower.",
            )
        parser.add_argument(
            f"--max-{CATALOGUE_SEARCH}-ms",
            type=float,
            default=20.0,
            help="Exit 1 when a catalogue search's median (500 services) is slower.",
        )
        parser.add_argument(
            "--max-queries",
            type=int,
            default=None,
            help="Exit 1 when a page runs more queries.",
        )
        parser.add_argument(
            "--max-sql-ms",
            type=float,
            default=None,
            help="Exit 1 when a page's statements take longer in the database.",
        )
        parser.add_argument("--json", default="", help="Write the results here.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="EXPLAIN (ANALYZE, BUFFERS) each page's slowest statement.",
        )
        parser.add_argument(
            "--rebuild-figures",
            action="store_true",
            help="Recompute the stored daily figures before measuring (seeding "
            "always does).",
        )
        parser.add_argument(
            "--pdf",
            action="store_true",
            help="Also time the last complete year's report PDF.",
        )

    def handle(self, *args, **options) -> None:
        write = self.stdout.write
        if options["repeat"] < 1:
            raise CommandError("--repeat must be 1 or more.", returncode=2)
        if options["requests"] < 0:
            raise CommandError("--requests cannot be negative.", returncode=2)
        names = _page_list(options["only"]) or MEASURES
        pages = [name for name in names if name in PAGE_NAMES]
        extra: dict = {}
        try:
            seeded = 0
            if options["no_seed"]:
                bench_guard()
            else:
                result = bench_seed(
                    requests=options["requests"],
                    seed=options["seed"],
                    reseed=options["reseed"],
                    write=write,
                )
                extra["seed_seconds"] = round(result.seconds, 1)
                seeded = result.added
            if options["rebuild_figures"] and not seeded:  # seeding rebuilds them
                figures_rebuild_if_available(write)
            timings = []
            if pages:
                write(f"measuring pages in-process, {options['repeat']} runs each")
                timings = pages_measure(
                    names=pages,
                    repeat=options["repeat"],
                    seed=options["seed"],
                    write=write,
                )
            if CATALOGUE_SEARCH in names:
                search, active = search_measure(repeat=options["repeat"], write=write)
                timings.append(search)
                extra["catalogue_search_services"] = active
            if options["pdf"]:
                extra.update(annual_report_time(write=write))
        except BenchmarkError as error:
            raise CommandError(str(error), returncode=error.returncode) from error
        size = data_size()
        write("")
        write(size.line)
        table_write(timings, write)
        write(f"peak RSS of this process: {peak_rss_mb():.0f} MB")
        if options["explain"]:
            explain_write(timings, write)
        limits = {group: options[f"max_{group}_ms"] for group in GROUPS}
        limits[CATALOGUE_SEARCH] = options["max_catalogue_search_ms"]
        missed = targets_missed(
            timings,
            limits=limits,
            max_queries=options["max_queries"],
            max_sql_ms=options["max_sql_ms"],
        )
        if options["json"]:
            results_save(
                Path(options["json"]),
                timings=timings,
                size=size,
                extra=extra,
                missed=missed,
            )
        if missed:
            for line in missed:
                write(self.style.ERROR(f"target missed: {line}"))
            raise CommandError(
                "Target missed: " + "; ".join(missed),
                returncode=TargetMissed.returncode,
            )
        if any(limits.values()) or options["max_queries"] is not None:
            write(self.style.SUCCESS("all targets met"))
