"""The clerks' queue search: Cyrillic in any case, registry numbers as clerks type
them, partial names; the same results on SQLite and on PostgreSQL (#15).

The table runs on the suite's database; `test_the_table_gives_the_same_results_on_
the_other_database` runs it again in a child pytest on the other one: on SQLite when
the suite runs on PostgreSQL (CI), on PostgreSQL when it runs on SQLite (locally:
QUEUE_SEARCH_POSTGRES_URL, default postgres://postgres@127.0.0.1/sd_queue; skipped
when that server is unreachable, except in CI).
"""

import datetime
import os

from django.db import connection
from django.db.models import F, Value

import psycopg
import pytest

from requests_app.models import CitizenRequest
from requests_app.selectors.queue import QueueFilters, request_queue_for
from tests.conftest import _skip_or_fail_outside_ci
from tests.servicedesk.inner_pytest import inner_pytest

from .casework_helpers import TODAY, case, clerk, department

PETYA = "94-00-1244/01.12.2026"  # Петя Иванова Георгиева
LONGER = "94-00-12440/02.12.2026"  # starts with Петя's number without its date
INSIDE = "94-00-31244/03.12.2026"  # holds Петя's sequence
TWELVE = "94-00-12/24.11.2026"
GEORGI = "94-00-5/01.12.2026"
YORDANKA = "94-00-7/01.12.2026"
LETTERS = "АБ-12-3/24.11.2026"  # a registry index with letters
ELSEWHERE = "94-01-1244/01.12.2026"  # the same name and sequence, another department
CLOSED = "94-00-99/20.11.2026"

TABLE = [
    # Cyrillic in any case
    ("петя", [PETYA]),
    ("ПЕТЯ", [PETYA]),
    ("пЕТя иВАНОВА", [PETYA]),
    ("иванова", [PETYA]),
    ("йорданка", [YORDANKA]),
    ("ЦВЕТКОВА-ЖЕЛЕВА", [YORDANKA]),
    ("желева", [YORDANKA]),
    ("georgi", [GEORGI]),
    ("DIMITROV", [GEORGI]),
    # Partial names: every word inside the name, in any order
    ("Петя Георгиева", [PETYA]),
    ("георгиева петя", [PETYA]),
    ("  Петя   Георгиева ", [PETYA]),
    ("Петя Петрова", []),
    ("петров", [LONGER, INSIDE]),
    ("Петрова", [INSIDE]),
    ("ова", [PETYA, INSIDE, YORDANKA]),  # a short fragment, as before
    ("ев", [PETYA, TWELVE, YORDANKA]),
    ("нищо", []),
    ("%", []),  # LIKE's wildcards are text here
    ("_", []),
    # Registry numbers: with or without the date part, spaces, only the sequence
    ("94-00-1244/01.12.2026", [PETYA]),
    ("94-00-1244", [PETYA]),
    ("94-00-1244 / 01.12.2026", [PETYA]),
    ("94 - 00 - 1244", [PETYA]),
    ("№ 94-00-1244", [PETYA]),
    ("вх. № 94-00-1244/01.12.2026", [PETYA]),
    ("1244", [PETYA]),
    ("1244/01.12.2026", [PETYA]),
    ("12", [TWELVE]),
    ("94-00-124", [PETYA, LONGER]),  # no such number: those that start with it
    ("94-00-1244/", [PETYA]),
    ("01.12.2026", [PETYA, GEORGI, YORDANKA]),
    ("аб-12-3", [LETTERS]),
    ("АБ-12-3/24.11.2026", [LETTERS]),
    ("94-00-99", []),  # closed: not in the queue
    ("94-01-1244", []),  # another department's
]


@pytest.fixture
def me():
    mine, other = department(), department()
    for name, number, due in [
        ("Петя Иванова Георгиева", PETYA, 1),
        ("Петър Петров", LONGER, 2),
        ("Мария Петрова", INSIDE, 3),
        ("Иван Георгиев", TWELVE, 4),
        ("GEORGI Dimitrov", GEORGI, 5),
        ("ЙОРДАНКА ЦВЕТКОВА-ЖЕЛЕВА", YORDANKA, 6),
        ("Стефан Стефанов", LETTERS, 7),
    ]:
        case(
            service__department=mine,
            citizen_name=name,
            registry_number=number,
            due_on=TODAY + datetime.timedelta(days=due),
        )
    case(
        service__department=other,
        citizen_name="Петя Иванова",
        registry_number=ELSEWHERE,
    )
    case(
        service__department=mine,
        citizen_name="Петя Колева",
        registry_number=CLOSED,
        closed=True,
    )
    return clerk(mine)


@pytest.mark.django_db
@pytest.mark.parametrize(("search", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_the_queue_search_table(me, search, expected):
    queue = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(search=search)
    )
    assert sorted(r.registry_number for r in queue.requests) == sorted(expected)
    assert queue.total == len(expected)  # the counts agree with the rows


# --- The other database -------------------------------------------------------------

INNER = "SD_TEST_QUEUE_SEARCH_VENDOR"  # set in the child run: the database it needs
POSTGRES_URL = os.environ.get(
    "QUEUE_SEARCH_POSTGRES_URL", "postgres://postgres@127.0.0.1/sd_queue"
)


def _postgresql_reachable(url: str) -> bool:
    """Is the server of `url` answering? (Its maintenance database, not `url`'s.)"""
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def test_the_table_gives_the_same_results_on_the_other_database(tmp_path):
    """One query table, both databases: whichever the suite runs on, the other too."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in (
            "DATABASE_REPLICA_URL",
            "DATABASE_TRANSACTION_POOLING",
            "REDIS_URL",  # the search needs no cache: leave the suite's Redis alone
            "CELERY_BROKER_URL",
        )
    }
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'queue_search.sqlite3'}"
        other = "sqlite"
    else:
        if not _postgresql_reachable(POSTGRES_URL):
            _skip_or_fail_outside_ci(
                f"PostgreSQL is not reachable at {POSTGRES_URL} "
                "(set QUEUE_SEARCH_POSTGRES_URL)"
            )
        env["DATABASE_URL"] = POSTGRES_URL
        other = "postgresql"
    output = inner_pytest(
        f"{__file__}::test_the_queue_search_table",
        f"{__file__}::test_the_lookups_that_ignore_case_ignore_it_in_cyrillic",
        f"{__file__}::test_the_inner_run_uses_the_other_database",
        "--create-db",
        env={**env, INNER: other},
    )
    assert f"{len(TABLE) + len(LOOKUPS) + 1} passed" in output, output[-3000:]


if os.environ.get(INNER):

    @pytest.mark.django_db
    def test_the_inner_run_uses_the_other_database():
        """Run by the test above: the database is the one it asked for."""
        assert connection.vendor == os.environ[INNER]


# --- Every lookup that ignores case, on both databases (servicedesk/sqlite.py) ------

LOOKUPS = [
    ("icontains", {"citizen_name__icontains": "иванова"}, ["petya"]),
    ("istartswith", {"citizen_name__istartswith": "ПЕТЯ"}, ["petya"]),
    ("iendswith", {"citizen_name__iendswith": "георгиева"}, ["petya"]),
    ("iexact", {"citizen_name__iexact": "петя иванова георгиева"}, ["petya"]),
    ("latin-a", {"citizen_name__icontains": "ивановa"}, []),  # a Latin "a" at the end
    ("underscore", {"citizen_email__icontains": "A_I"}, ["petya"]),  # not a wildcard
    ("percent", {"citizen_name__icontains": "%"}, []),
    ("expression", {"citizen_name__istartswith": F("upper")}, ["petya"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lookup", "expected"),
    [(lookup, expected) for _, lookup, expected in LOOKUPS],
    ids=[name for name, _, _ in LOOKUPS],
)
def test_the_lookups_that_ignore_case_ignore_it_in_cyrillic(lookup, expected):
    """What the admin's searches use too."""
    case(
        citizen_name="Петя Иванова Георгиева",
        citizen_email="petya_ivanova@example.org",
        registry_number="petya",
    )
    case(
        citizen_name="Мария Петрова",
        citizen_email="petya.ivanova@example.org",
        registry_number="maria",
    )
    found = CitizenRequest.objects.annotate(upper=Value("ПЕТЯ")).filter(**lookup)
    assert sorted(found.values_list("registry_number", flat=True)) == expected


# --- PostgreSQL: the new statements read indexes, not the table ---------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "search", ["1244", "1244/01.12.2026", "94 - 00 - 1244", "Петя Георгиева"]
)
def test_no_statement_of_a_search_reads_the_whole_table(me, search):
    """As `test_queue_indexes` checks the searches of before (#12)."""
    if connection.vendor != "postgresql":
        pytest.skip("Plans are PostgreSQL's; CI runs this on PostgreSQL.")
    from .test_queue_indexes import TABLE as REQUESTS_TABLE
    from .test_queue_indexes import _page, _plans

    plans = _plans(lambda: _page(me, QueueFilters(search=search)))
    assert len(plans) >= 3  # the numbers' checks, the counts, the page
    for sql, plan in plans:
        assert f"Seq Scan on {REQUESTS_TABLE}" not in plan, f"{sql}\n{plan}"
