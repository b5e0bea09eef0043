"""Two clerks take the same case at once: exactly one succeeds (#3).

Real concurrency needs two database connections and row locks: PostgreSQL only. CI runs
on PostgreSQL, so there (env CI set) a missing PostgreSQL fails instead of skipping.
Locally: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_clerk pytest this file.
"""

import os
import threading

from django.db import connection, transaction

import pytest

from requests_app.models import CitizenRequest, EventKind
from requests_app.services.casework import request_take
from requests_app.services.casework.common import AlreadyTaken

from .casework_helpers import (
    case,
    clerk,
    department,
    in_english,  # noqa: F401 -- autouse fixture
)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        message = "The concurrency test needs PostgreSQL (set DATABASE_URL)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _in_thread(target, results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = target()
        except Exception as error:
            results[name] = error
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_the_second_clerk_waits_for_the_lock_then_is_told_who_has_the_case():
    dep = department()
    first = clerk(dep, first_name="Мария", last_name="Петрова")
    second = clerk(dep, first_name="Иван", last_name="Стоянов")
    citizen_request = case(service__department=dep)
    holding = threading.Event()
    release = threading.Event()
    results: dict = {}

    def first_takes() -> CitizenRequest:
        with transaction.atomic():  # keep the row lock until released
            taken = request_take(citizen_request=citizen_request, by=first)
            holding.set()
            release.wait(10)
        return taken

    a = _in_thread(first_takes, results, "first")
    assert holding.wait(10)
    b = _in_thread(
        lambda: request_take(citizen_request=citizen_request, by=second),
        results,
        "second",
    )
    b.join(0.5)
    assert b.is_alive() is True  # blocked on the row lock, not reading stale data
    release.set()
    a.join(10)
    b.join(10)
    assert isinstance(results["first"], CitizenRequest)
    assert isinstance(results["second"], AlreadyTaken)
    assert "Мария Петрова" in str(results["second"])
    citizen_request.refresh_from_db()
    assert citizen_request.assigned_to == first
    assert citizen_request.events.filter(kind=EventKind.ASSIGNMENT).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_at_the_same_moment_exactly_one_wins():
    dep = department()
    clerks = [clerk(dep), clerk(dep)]
    for _round in range(5):
        citizen_request = case(service__department=dep)
        barrier = threading.Barrier(2)
        results: dict = {}

        def take(who, citizen_request=citizen_request, barrier=barrier):
            barrier.wait(10)
            return request_take(citizen_request=citizen_request, by=who)

        threads = [
            _in_thread(lambda who=who: take(who), results, str(i))
            for i, who in enumerate(clerks)
        ]
        for thread in threads:
            thread.join(10)
        wins = [r for r in results.values() if isinstance(r, CitizenRequest)]
        losses = [r for r in results.values() if isinstance(r, AlreadyTaken)]
        assert (len(wins), len(losses)) == (1, 1), results
        citizen_request.refresh_from_db()
        assert citizen_request.assigned_to == wins[0].assigned_to
        assert citizen_request.events.filter(kind=EventKind.ASSIGNMENT).count() == 1
