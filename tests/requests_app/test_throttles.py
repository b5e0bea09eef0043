"""Throttles on the citizens' forms, and the client address they count by (#10)."""

import re

from django.test import RequestFactory

import pytest

from requests_app.models import CitizenRequest, Notice
from requests_app.services.submission import request_submit
from requests_app.throttles import (
    REQUEST_FILING,
    Rate,
    client_address,
    rate_parse,
    throttle_count,
)
from tests.servicedesk.test_health import closed_local_port

from .factories import CitizenRequestFactory, ServiceFactory
from .filing_files import filing_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


@pytest.fixture
def rates(settings):
    """Small limits, so that the tests send few posts; each test may change one."""
    settings.THROTTLE_RATES = {
        "filing": "3/h",
        "filing-email": "2/d",
        "lookup": "3/10m",
        "lookup-email": "2/d",
        "forms": "3/h",
    }
    settings.TRUSTED_PROXIES = []
    return settings.THROTTLE_RATES


def file(client, service, email="maria@example.org", **extra):
    return client.post(
        f"/en/services/{service.code}/apply/", filing_data(citizen_email=email), **extra
    )


def acknowledgements_to(address: str) -> int:
    return Notice.objects.filter(
        kind="acknowledgement", request__citizen_email=address
    ).count()


# --- Filing a request -----------------------------------------------------------------


def test_thirty_filings_in_a_row_from_one_client_are_not_all_accepted(client, settings):
    """The attack of the issue, with the default limits: 30 posts, 10 requests (#10)."""
    service = ServiceFactory()
    answers = [
        file(client, service, email=f"citizen{n}@example.org").status_code
        for n in range(30)
    ]

    assert settings.THROTTLE_RATES["filing"] == "10/h"  # the documented default
    assert answers == [302] * 10 + [429] * 20
    assert CitizenRequest.objects.count() == 10


def test_a_limited_visitor_is_told_when_to_try_again(client, rates):
    service = ServiceFactory()
    for n in range(3):
        assert file(client, service, email=f"c{n}@example.org").status_code == 302

    response = file(client, service, email="c9@example.org")

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many attempts" in html
    assert re.search(r"Please try again in \d+ minutes?\.", html)
    assert "You can send it again from" in html


def test_the_limit_page_is_in_the_page_language(client, rates):
    service = ServiceFactory()
    for n in range(4):
        response = client.post(
            f"/bg/services/{service.code}/apply/",
            filing_data(citizen_email=f"c{n}@example.org"),
        )

    assert response.status_code == 429
    assert '<html lang="bg">' in response.content.decode()


def test_form_errors_never_count_against_the_limit(client, rates):
    """A citizen correcting mistakes is never locked out (#10)."""
    service = ServiceFactory()
    for _ in range(10):
        mistyped = client.post(
            f"/en/services/{service.code}/apply/",
            filing_data(citizen_email="not an address"),
        )
        assert mistyped.status_code == 200

    answers = [
        file(client, service, email=f"c{n}@example.org").status_code for n in range(3)
    ]

    assert answers == [302, 302, 302]


def test_filings_for_one_address_are_limited_from_any_client(client, rates):
    """Acknowledgements to one address are capped, whoever files (#10).

    A filing over the cap is refused rather than filed without its acknowledgement:
    the acknowledgement is the citizen's proof of filing and of the due date.
    """
    service = ServiceFactory()
    answers = [
        file(client, service, email=email, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n, email in enumerate(
            ["maria@example.org", "MARIA@Example.ORG", "maria@EXAMPLE.org"]
        )
    ]

    assert answers == [302, 302, 429]
    assert acknowledgements_to("maria@example.org") == 1
    assert acknowledgements_to("MARIA@Example.ORG") == 1
    assert acknowledgements_to("maria@EXAMPLE.org") == 0
    other = file(client, service, email="ivan@example.org", REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302


def test_a_refused_filing_does_not_use_up_the_address_limit(client, rates):
    """A post refused for its client does not count against its e-mail address."""
    service = ServiceFactory()
    for n in range(3):
        file(client, service, email=f"c{n}@example.org")
    assert file(client, service).status_code == 429  # the client's limit

    answers = [
        file(client, service, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert answers == [302, 302, 429]


def test_a_post_arriving_while_another_is_filed_cannot_slip_past(
    client, rates, monkeypatch
):
    """The place is taken before the filing runs, so parallel posts see it taken."""
    rates["filing"] = "1/h"
    service = ServiceFactory()
    meanwhile = []

    def submit_while_another_post_arrives(**kwargs):
        if not meanwhile:
            meanwhile.append(file(client, service, email="ivan@example.org"))
        return request_submit(**kwargs)

    monkeypatch.setattr(
        "requests_app.views.filing.request_submit", submit_while_another_post_arrives
    )

    assert file(client, service).status_code == 302
    assert meanwhile[0].status_code == 429
    assert CitizenRequest.objects.count() == 1


def test_filing_without_an_e_mail_counts_per_client_only(client, rates):
    service = ServiceFactory()
    data = filing_data(citizen_email="", citizen_phone="+359 888 123 456")
    answers = [
        client.post(
            f"/en/services/{service.code}/apply/", data, REMOTE_ADDR=f"192.0.2.{n}"
        ).status_code
        for n in range(4)
    ]

    assert answers == [302] * 4


# --- Tracking lookup and citizen sign-in ----------------------------------------------

LOOKUP = {"registry_number": "94-00-1/01.01.2026", "email": "eve@example.org"}


@pytest.mark.parametrize(
    ("url", "data", "mistyped"),
    [
        ("/en/track/", LOOKUP, {**LOOKUP, "email": "nope"}),
        ("/en/my/sign-in/", {"email": "eve@example.org"}, {"email": "nope"}),
    ],
    ids=["tracking-lookup", "citizen-sign-in"],
)
def test_lookups_count_only_forms_without_errors(client, rates, url, data, mistyped):
    for _ in range(10):
        assert client.post(url, mistyped).status_code == 200

    answers = [client.post(url, data).status_code for _ in range(3)]

    assert answers == [302, 302, 429]  # the per-address limit, 2 a day
    limited = client.post(url, data, REMOTE_ADDR="192.0.2.7")
    assert limited.status_code == 429  # the address is full, from any client


def test_links_for_one_address_are_limited_across_lookup_and_sign_in(client, rates):
    """Tracking and sign-in links to one mailbox share one daily limit (#10)."""
    CitizenRequestFactory(citizen_email="maria@example.org")
    first = client.post("/en/track/", {**LOOKUP, "email": "maria@example.org"})
    second = client.post(
        "/en/my/sign-in/", {"email": "Maria@example.org"}, REMOTE_ADDR="192.0.2.1"
    )
    third = client.post(
        "/en/my/sign-in/", {"email": "maria@example.org"}, REMOTE_ADDR="192.0.2.2"
    )

    assert [first.status_code, second.status_code, third.status_code] == [
        302,
        302,
        429,
    ]


def test_lookup_limit_per_client(client, rates):
    rates["lookup-email"] = "100/d"
    answers = [
        client.post("/en/track/", {**LOOKUP, "email": f"e{n}@example.org"}).status_code
        for n in range(4)
    ]

    assert answers == [302, 302, 302, 429]


# --- Citizen reply --------------------------------------------------------------------


def test_empty_replies_do_not_count_against_the_reply_limit(client, rates):
    citizen_request = CitizenRequestFactory()
    url = f"/en/track/{citizen_request.tracking_token}/reply/"
    for _ in range(5):
        assert client.post(url, {"text": ""}).status_code == 200

    answers = [client.post(url, {"text": f"Answer {n}"}).status_code for n in range(4)]

    assert answers == [302, 302, 302, 429]


# --- The client address -------------------------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "", "203.0.113.7"),
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # forged: ignored
        (["10.0.0.1"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not via proxy
        (["10.0.0.1"], "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (
            ["10.0.0.0/24"],
            "10.0.0.2",
            "1.2.3.4, 198.51.100.1, 10.0.0.9",
            "198.51.100.1",
        ),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),  # no header: the proxy itself
        (["10.0.0.1"], "10.0.0.1", "garbage", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, garbage", "10.0.0.1"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
    ids=[
        "no-proxy",
        "no-proxy-forged-header",
        "untrusted-peer-forged-header",
        "one-proxy",
        "one-proxy-forged-left",
        "two-proxies",
        "proxy-no-header",
        "proxy-garbage",
        "proxy-garbage-right",
        "ipv6-proxy",
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )

    assert client_address(request) == expected


def test_forged_forwarded_for_does_not_escape_the_limit_by_default(client, rates):
    """Anyone can send X-Forwarded-For: without a trusted proxy it is ignored (#10)."""
    service = ServiceFactory()
    answers = [
        file(
            client,
            service,
            email=f"c{n}@example.org",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]

    assert answers == [302, 302, 302, 429]


def test_forwarded_for_is_honoured_through_the_trusted_proxy(client, rates, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    service = ServiceFactory()

    def through_proxy(n: int, client_ip: str):
        return file(
            client,
            service,
            email=f"c{n}@example.org",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {client_ip}",  # the left part is forged
        ).status_code

    answers = [through_proxy(n, "198.51.100.1") for n in range(4)]

    assert answers == [302, 302, 302, 429]
    assert through_proxy(9, "198.51.100.2") == 302  # another client behind the proxy


def test_one_ipv6_subscriber_cannot_change_address_to_escape(client, rates):
    """IPv6 clients are counted per /64, the block one subscriber gets."""
    service = ServiceFactory()
    answers = [
        file(
            client, service, email=f"c{n}@example.org", REMOTE_ADDR=f"2001:db8:1:2::{n}"
        ).status_code
        for n in range(1, 5)
    ]

    assert answers == [302, 302, 302, 429]
    other = file(client, service, email="x@example.org", REMOTE_ADDR="2001:db8:1:3::1")
    assert other.status_code == 302


# --- Rates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/h", Rate(limit=10, seconds=3600)),
        ("5/10m", Rate(limit=5, seconds=600)),
        ("20/d", Rate(limit=20, seconds=86400)),
        (" 1/30s ", Rate(limit=1, seconds=30)),
    ],
    ids=["per-hour", "per-10-minutes", "per-day", "spaces"],
)
def test_rate_parse(text, rate):
    assert rate_parse(text) == rate


@pytest.mark.parametrize("text", ["10", "10/w", "ten/h", "10/h/2", ""])
def test_rate_parse_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="A rate is"):
        rate_parse(text)


def test_throttles_read_their_rate_from_settings(rates):
    rates["filing"] = "7/2h"
    assert REQUEST_FILING.rate == Rate(limit=7, seconds=7200)


# --- Counting every call (API keys) ---------------------------------------------------


def test_throttle_count_counts_every_call_and_says_how_long_to_wait():
    answers = [throttle_count(name="api", rate="2/m", value="key-1") for _ in range(3)]

    assert answers[:2] == [None, None]
    assert 0 < answers[2] <= 60
    assert throttle_count(name="api", rate="2/m", value="key-2") is None


def test_throttle_count_fails_open_with_the_cache_down(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_local_port()}/0",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }

    answers = [throttle_count(name="api", rate="1/m", value="key-1") for _ in range(3)]

    assert answers == [None, None, None]
    assert "cache unreachable" in caplog.text
