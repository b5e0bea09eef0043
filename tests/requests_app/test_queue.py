"""The clerk's queue: reach, order, tiers, filters, pagination, query count (#3)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from requests_app.models import Channel
from requests_app.selectors.queue import QueueFilters, Tier, request_queue_for
from requests_app.workflow import Status

from .casework_helpers import (
    TODAY,
    case,
    clerk,
    department,
    in_english,  # noqa: F401 -- autouse fixture
)
from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def numbers(queue) -> list[str]:
    return [r.registry_number for r in queue.requests]


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep):
    return clerk(dep)


def test_the_queue_holds_my_departments_open_requests_by_due_date_then_filing(dep, me):
    now = timezone.now()
    later = case(service__department=dep, due_on=D(2026, 12, 9), registry_number="C")
    second = case(
        service__department=dep,
        due_on=D(2026, 12, 1),
        submitted_at=now,
        registry_number="B",
    )
    first = case(
        service__department=dep,
        due_on=D(2026, 12, 1),
        submitted_at=now - datetime.timedelta(hours=1),
        registry_number="A",
    )
    case(service__department=dep, closed=True, registry_number="closed")
    case(service__department=department(), registry_number="elsewhere")
    queue = request_queue_for(viewer=me, today=TODAY)
    assert numbers(queue) == [first.registry_number, second.registry_number, "C"]
    assert later.registry_number == "C"


def test_tiers_are_counted_with_working_days(dep, me):
    # Today is Tuesday 24 November 2026; three working days later is Friday 27.
    for day, number in [
        (D(2026, 11, 23), "overdue"),
        (D(2026, 11, 24), "today"),
        (D(2026, 11, 26), "soon-1"),
        (D(2026, 11, 27), "soon-2"),
        (D(2026, 11, 30), "on-track"),
    ]:
        case(service__department=dep, due_on=day, registry_number=number)
    queue = request_queue_for(viewer=me, today=TODAY)
    assert queue.counts == {
        Tier.OVERDUE: 1,
        Tier.TODAY: 1,
        Tier.SOON: 2,
        Tier.ON_TRACK: 1,
    }
    assert [r.tier for r in queue.requests] == [
        Tier.OVERDUE,
        Tier.TODAY,
        Tier.SOON,
        Tier.SOON,
        Tier.ON_TRACK,
    ]
    soon = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(tier=Tier.SOON)
    )
    assert numbers(soon) == ["soon-1", "soon-2"]
    assert soon.counts[Tier.OVERDUE] == 1  # the summary still shows every tier


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(QueueFilters(status=Status.IN_PROGRESS), ["mine"], id="status"),
        pytest.param(QueueFilters(assigned="me"), ["mine"], id="assigned-me"),
        pytest.param(QueueFilters(assigned="none"), ["desk", "web"], id="unassigned"),
        pytest.param(QueueFilters(channel=Channel.DESK), ["desk"], id="channel"),
        pytest.param(
            QueueFilters(filed_from=D(2026, 11, 20), filed_to=D(2026, 11, 21)),
            ["web"],
            id="filed-range",
        ),
        pytest.param(QueueFilters(search="94-77-2"), ["desk"], id="registry-number"),
        pytest.param(QueueFilters(search="Петрова"), ["mine"], id="name"),
        pytest.param(QueueFilters(search="GEORGI@"), ["web"], id="e-mail-any-case"),
        pytest.param(QueueFilters(status=Status.CLOSED), ["done"], id="closed"),
    ],
)
def test_filters(dep, me, filters, expected):
    case(
        service__department=dep,
        registry_number="mine",
        status=Status.IN_PROGRESS,
        assigned_to=me,
        citizen_name="Мария Петрова",
        due_on=D(2026, 12, 1),
    )
    case(
        service__department=dep,
        registry_number="desk",
        channel=Channel.DESK,
        citizen_name="Иван Стоянов",
        due_on=D(2026, 12, 2),
    )
    case(
        service__department=dep,
        registry_number="web",
        received_on=D(2026, 11, 20),
        citizen_name="Georgi Dimitrov",
        citizen_email="georgi@example.org",
        due_on=D(2026, 12, 3),
    )
    case(service__department=dep, registry_number="done", closed=True)
    # The registry number search looks inside the number.
    from requests_app.models import CitizenRequest

    CitizenRequest.objects.filter(registry_number="desk").update(
        registry_number="94-77-2/24.11.2026"
    )
    expected = ["94-77-2/24.11.2026" if n == "desk" else n for n in expected]
    assert numbers(request_queue_for(viewer=me, today=TODAY, filters=filters)) == (
        expected
    )


def test_the_service_filter(dep, me):
    service = ServiceFactory(department=dep)
    case(service=service, registry_number="wanted")
    case(service__department=dep, registry_number="other")
    queue = request_queue_for(
        viewer=me, today=TODAY, filters=QueueFilters(service=service.pk)
    )
    assert numbers(queue) == ["wanted"]


def test_a_case_referred_to_me_from_another_department_is_in_my_queue(me):
    mine = case(service__department=department(), assigned_to=me)
    assert numbers(request_queue_for(viewer=me, today=TODAY)) == [mine.registry_number]


def _queue_queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_depend_on_the_number_of_rows(client, dep):
    """Two queue sizes, the same number of queries (#3)."""
    url = reverse("requests_app:staff-queue")
    small_dep, large_dep = dep, department()
    small_clerk, large_clerk = clerk(small_dep), clerk(large_dep)
    for _ in range(2):
        case(service__department=small_dep, assigned_to=clerk(small_dep))
    for _ in range(20):
        case(service__department=large_dep, assigned_to=clerk(large_dep))
    small = _queue_queries(client, small_clerk, url)
    large = _queue_queries(client, large_clerk, url)
    assert small == large
    assert large <= 12


def test_the_queue_is_paginated_and_keeps_the_filters(client, dep, me):
    today = timezone.localdate()  # the page uses the real date
    for n in range(30):
        case(service__department=dep, registry_number=f"N-{n:02}", due_on=today)
    client.force_login(me)
    url = reverse("requests_app:staff-queue")
    response = client.get(url, {"tier": Tier.TODAY})
    page = response.content.decode()
    assert "N-00" in page
    assert "N-29" not in page
    assert "tier=today&amp;page=2" in page
    second = client.get(url, {"tier": Tier.TODAY, "page": 2}).content.decode()
    assert "N-29" in second
    assert "N-00" not in second


def test_htmx_gets_only_the_rows(client, dep, me):
    case(service__department=dep, registry_number="ROW-1")
    client.force_login(me)
    response = client.get(
        reverse("requests_app:staff-queue"),
        {"q": "ROW"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "ROW-1" in body
    assert 'id="queue-rows"' in body
    assert "<html" not in body
    assert 'id="queue-filters"' not in body


def test_the_full_page_works_without_javascript_and_shows_tiers_in_words(
    client, dep, me
):
    case(service__department=dep, registry_number="LATE", due_on=D(2020, 1, 6))
    client.force_login(me)
    body = client.get(reverse("requests_app:staff-queue")).content.decode()
    assert '<form method="get"' in body
    assert "Overdue: 1" in body
    assert 'class="badge text-bg-danger">Overdue</span>' in body
    assert "htmx.min.js" in body


@pytest.mark.parametrize(
    "query",
    [
        {"filed_from": "not-a-date"},
        {"status": "bogus"},
        {"service": "999999"},
        {"page": "x"},
        {"tier": "<script>"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_ignored_never_a_500(client, dep, me, query):
    case(service__department=dep, registry_number="STILL-HERE")
    client.force_login(me)
    response = client.get(reverse("requests_app:staff-queue"), query)
    assert response.status_code == 200
