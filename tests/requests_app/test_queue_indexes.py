"""At a million requests the queue and its search read indexes, not the table (#12).

PostgreSQL picks a sequential scan on a small table whatever indexes exist, so these
tests forbid it (and bitmap scans) and read the plan: a statement that no index can
serve still shows a sequential scan of the requests table, and fails.
"""

import os

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from requests_app.selectors.queue import QueueFilters, Tier, request_queue_for

from .casework_helpers import TODAY, case, clerk, department

pytestmark = pytest.mark.django_db

TABLE = "requests_app_citizenrequest"


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        message = "The queue's index plans are PostgreSQL's (set DATABASE_URL)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def me():
    mine, other = department(), department()
    viewer = clerk(mine)
    for n in range(12):
        case(
            service__department=mine if n % 2 else other,
            registry_number=f"94-00-{n}/24.11.2026",
            citizen_name=f"Мария Петрова {n}",
            citizen_email=f"maria{n}@example.org",
        )
    case(service__department=other, assigned_to=viewer, registry_number="94-01-1/x")
    case(service__department=mine, closed=True, registry_number="94-00-99/x")
    return viewer


def _plans(run, *, index_only: bool = False) -> list[tuple[str, str]]:
    """Return (statement, plan) of every statement on the requests table that `run`
    makes, planned with sequential scans forbidden (and, with `index_only`, every
    scan that reads table rows: then an index-only scan shows only where an index
    holds every column the statement needs)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        # On a small table a bitmap scan may look cheaper than reading the index
        # alone; at size it is not. Forbidden too, so the test does not depend on it.
        cursor.execute("SET enable_bitmapscan = off")
        if index_only:
            cursor.execute("SET enable_indexscan = off")
        try:
            for query in captured.captured_queries:
                sql = query["sql"]
                if TABLE not in sql or not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
            cursor.execute("RESET enable_indexscan")
    return plans


def _page(viewer, filters: QueueFilters, number: int = 1) -> None:
    queue = request_queue_for(viewer=viewer, today=TODAY, filters=filters)
    start = (number - 1) * 25
    list(queue.rows()[start : start + 25])


@pytest.mark.parametrize(
    ("filters", "number"),
    [
        pytest.param(QueueFilters(), 1, id="first-page"),
        pytest.param(QueueFilters(tier=Tier.OVERDUE), 1, id="overdue"),
        pytest.param(QueueFilters(), 80, id="deep-page"),
        pytest.param(QueueFilters(search="94-00-3/24.11.2026"), 1, id="number"),
        pytest.param(QueueFilters(search="94-00-3"), 1, id="number-no-date"),
        pytest.param(QueueFilters(search="00-3/"), 1, id="inside-a-number"),
        pytest.param(QueueFilters(search="петрова 3"), 1, id="name"),
        pytest.param(QueueFilters(search="maria3@example.org"), 1, id="e-mail"),
        pytest.param(QueueFilters(search="maria3@"), 1, id="part-of-e-mail"),
    ],
)
def test_no_statement_of_a_queue_page_must_read_the_whole_table(me, filters, number):
    # Not "page": that name is the browser tests' fixture (pytest-playwright).
    plans = _plans(lambda: _page(me, filters, number))
    assert plans  # the page did read requests
    for sql, plan in plans:
        assert f"Seq Scan on {TABLE}" not in plan, f"{sql}\n{plan}"


@pytest.mark.parametrize(
    ("field", "index"),
    [
        ("citizen_name", "request_open_name_trgm"),
        ("registry_number", "request_open_number_trgm"),
        ("citizen_email", "request_open_email_trgm"),
    ],
)
def test_the_searches_inside_a_text_have_trigram_indexes_on_their_expression(
    me, field, index
):
    """The index must be on exactly what the search compares, `UPPER(column)`, and
    over the open requests that the queue shows; else the planner cannot use it (on a
    small test table it prefers others anyway, so the definition is what is checked;
    `manage.py benchmark` measures it at size)."""
    sql = str(
        request_queue_for(viewer=me, today=TODAY, filters=QueueFilters(search="x"))
        .requests.filter(**{f"{field}__icontains": "x"})
        .query
    )
    assert f'UPPER("{TABLE}"."{field}"::text) LIKE' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
    assert f"USING gin (upper(({field})::text) gin_trgm_ops)" in definition
    assert "WHERE ((status)::text = ANY" in definition
    for status in ("in_progress", "submitted", "waiting"):
        assert status in definition


def test_the_tier_counts_are_read_from_an_index_alone(me):
    """Counting the open requests of a department never visits the table's rows."""
    plans = _plans(lambda: request_queue_for(viewer=me, today=TODAY), index_only=True)
    counts = [plan for sql, plan in plans if "COUNT(" in sql]
    assert len(counts) == 2  # own departments, own cases elsewhere
    assert all("Index Only Scan" in plan for plan in counts), counts


def test_the_search_finds_the_same_rows_through_the_indexes(me):
    queue = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(search="ПЕТРОВА 3")
    )
    assert [r.citizen_name for r in queue.requests] == ["Мария Петрова 3"]
    by_number = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(search="94-00-3")
    )
    assert [r.registry_number for r in by_number.requests] == ["94-00-3/24.11.2026"]
    by_mail = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(search="Maria5@Example.org")
    )
    assert [r.citizen_email for r in by_mail.requests] == ["maria5@example.org"]
