"""Registry numbers: consecutive, without gaps or duplicates, even under load (#2)."""

import os
import threading
from datetime import date

from django.db import connection, connections

import pytest

from requests_app.models import CitizenRequest, Notice
from requests_app.services.submission import registry_number_next, request_submit

from .factories import DepartmentFactory, ServiceFactory

FILINGS = 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{index}-{sequence}/{received_on:%d.%m.%Y}", "94-00-1/05.01.2027"),
        ("{index}/{year}/{sequence:06d}", "94-00/2027/000001"),
        ("{sequence}", "1"),
    ],
    ids=["default", "zero-padded", "sequence-only"],
)
def test_format_comes_from_settings(settings, template, expected):
    settings.REGISTRY_NUMBER_FORMAT = template
    department = DepartmentFactory(registry_index="94-00")
    assert registry_number_next(
        department=department, received_on=date(2027, 1, 5)
    ) == (expected)


def _requires_postgresql() -> None:
    if connection.vendor == "postgresql":
        return
    message = "Concurrent filings need PostgreSQL (row locks); set DATABASE_URL."
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI runs on PostgreSQL.")
    pytest.skip(message)


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_consecutive_numbers():
    """Ten filings at the same moment in one department get 1..10 exactly (#2)."""
    _requires_postgresql()
    service = ServiceFactory(department__registry_index="94-00")
    received_on = date(2026, 11, 24)
    start = threading.Barrier(FILINGS)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def file_one(n: int) -> None:
        try:
            start.wait(timeout=30)
            citizen_request = request_submit(
                service=service,
                citizen_name=f"Гражданин {n}",
                citizen_email=f"citizen{n}@example.org",
                details="Едновременно подадено заявление.",
                received_on=received_on,
            )
            numbers.append(citizen_request.registry_number)
        except BaseException as error:  # reported below, with the thread's number
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file_one, args=(n,)) for n in range(FILINGS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    expected = [f"94-00-{n}/24.11.2026" for n in range(1, FILINGS + 1)]
    assert sorted(
        numbers, key=lambda number: int(number.split("-")[2].split("/")[0])
    ) == (expected)
    assert CitizenRequest.objects.count() == FILINGS
    assert Notice.objects.count() == FILINGS
