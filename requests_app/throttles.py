"""Throttles on the public forms: how often one client, or one e-mail address, may send.

Every public form's limit is declared here and applied the same way:

    @throttled(throttles.REQUEST_FILING)        # per client address, POSTs only
    def request_create(request, code): ...
        throttle_take(request, throttles.FILING_PER_EMAIL, email)   # per recipient
        ...the service files it...
        throttle_accept(request)

Only accepted submissions count: the decorator reserves a place before the view runs
and gives it back unless the view calls `throttle_accept`, so a citizen correcting form
errors is never locked out. Reserving first (an atomic increment) keeps a burst of
parallel posts from slipping through between a check and a count. A visitor over a
limit gets the 429 page with `Retry-After` and the time to try again.

Counters live in the default cache, in fixed windows (a "10/d" window is the calendar
day in UTC), under hashed keys: no address is stored in clear. With the cache down the
throttles fail open and log a warning: the forms keep working.

The client address comes from `client_address`, the one function that decides it: the
peer's address, or behind reverse proxies listed in `settings.TRUSTED_PROXIES`, the
address the outermost trusted proxy saw. Staff sign-in (django-axes) uses it too.
"""

import hashlib
import ipaddress
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from redis.exceptions import RedisError

from requests_app.emails import email_key

logger = logging.getLogger(__name__)

# Errors of an unreachable cache: Redis (Django's backend) or a refused socket.
CACHE_ERRORS = (RedisError, OSError)

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_USAGE_ATTRIBUTE = "_throttle_usage"


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def rate_parse(text: str) -> Rate:
    """Return the rate of "<count>/<period>": "10/h", "5/10m", "20/d"."""
    match = _RATE.match(text.strip())
    if match is None:
        raise ValueError(f'A rate is "<count>/<period>", like "5/10m": {text!r}.')
    count, multiple, unit = match.groups()
    return Rate(limit=int(count), seconds=int(multiple or 1) * _UNIT_SECONDS[unit])


@dataclass(frozen=True)
class Throttle:
    """A counter of one form's accepted submissions; its rate is a setting."""

    name: str  # the counter, unique
    rate_name: str  # its key in settings.THROTTLE_RATES

    @property
    def rate(self) -> Rate:
        return rate_parse(settings.THROTTLE_RATES[self.rate_name])


# Per client address, each form counted on its own.
REQUEST_FILING = Throttle("request-filing", "filing")
COMPLAINT_FILING = Throttle("complaint-filing", "filing")
TRACKING_LOOKUP = Throttle("tracking-lookup", "lookup")
CITIZEN_SIGN_IN = Throttle("citizen-sign-in", "lookup")
COMPLAINT_FOLLOW_UP = Throttle("complaint-follow-up", "lookup")
CITIZEN_REPLY = Throttle("citizen-reply", "forms")
COMPLAINT_INFORMATION = Throttle("complaint-information", "forms")
SURVEY = Throttle("survey", "forms")
SUGGESTION = Throttle("suggestion", "forms")

# Per recipient address (its email_key). Every filing with an address (requests and
# complaints together) sends it an acknowledgement, so this also caps the
# acknowledgements one address receives: a filing over the cap is refused, never filed
# without its acknowledgement, which is the citizen's proof (registry number, due
# date, tracking link) and the only sign that a statutory term has started.
FILING_PER_EMAIL = Throttle("filing-email", "filing-email")
# Links mailed on request (tracking link, citizen sign-in link) to one address.
LINK_PER_EMAIL = Throttle("link-email", "lookup-email")


# --- The client address ---------------------------------------------------------------


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address, never one taken from a header anyone can send.

    Without TRUSTED_PROXIES: REMOTE_ADDR. With it, X-Forwarded-For is read from the
    right, one entry per trusted proxy the request came through, and the first address
    that is not a trusted proxy is the client's. Entries left of it were written by the
    client and are ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = _ip(remote)
    if address is None:
        return remote
    proxies = _trusted_proxies()
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while hops and any(address in network for network in proxies):
        previous = _ip(hops.pop())
        if previous is None:  # a trusted proxy wrote nothing usable: stop at it
            break
        address = previous
    return str(address)


def _client_value(request: HttpRequest) -> str:
    """Return what a per-client throttle counts: the address, or its IPv6 /64."""
    address = client_address(request)
    parsed = _ip(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        # One IPv6 subscriber holds a whole /64: counting single addresses would let
        # them change address at every post.
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


# --- Counting -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    key: str


class Throttled(Exception):
    """Raised inside a throttled view when a limit is reached."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Throttled; retry after {retry_after} s")
        self.retry_after = retry_after


def _cache_key(name: str, rate: Rate, window: int, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"throttle:{name}:{rate.seconds}:{window}:{digest}"


def _reserve(name: str, rate: Rate, value: str) -> _Slot | None:
    """Take one place in the current window; raise Throttled when none is left.

    Return None when the cache is unreachable: nothing was counted (fail open).
    """
    now = time.time()
    window = int(now // rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    key = _cache_key(name, rate, window, value)
    try:
        cache.add(key, 0, timeout=retry_after + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=retry_after + 1)
            count = 1
        if count > rate.limit:
            cache.decr(key)  # a refused post does not count either
            raise Throttled(retry_after)
    except CACHE_ERRORS as error:
        logger.warning("Throttle %s not applied: cache unreachable (%s)", name, error)
        return None
    return _Slot(key=key)


def throttle_count(*, name: str, rate: str, value: str) -> int | None:
    """Count one use by `value` at `rate` ("60/m"); return seconds to wait if over.

    For limits where every call counts (an API key's calls), outside the forms. Like
    the forms' throttles it fails open: None when the cache is unreachable.
    """
    try:
        _reserve(name, rate_parse(rate), value)
    except Throttled as limited:
        return limited.retry_after
    return None


def _release(slot: _Slot) -> None:
    try:
        cache.decr(slot.key)
    except ValueError:  # the window has ended meanwhile: nothing to give back
        pass
    except CACHE_ERRORS as error:
        logger.warning("Throttle place not given back: cache unreachable (%s)", error)


@dataclass
class _Usage:
    """The places one request holds until the view accepts the submission."""

    slots: list[_Slot] = field(default_factory=list)
    is_accepted: bool = False
    is_cache_down: bool = False  # once it failed, wait for it no more in this request

    def take(self, throttle: Throttle, value: str) -> None:
        if self.is_cache_down:
            return
        slot = _reserve(throttle.name, throttle.rate, value)
        if slot is None:
            self.is_cache_down = True
        else:
            self.slots.append(slot)

    def release(self) -> None:
        while self.slots:
            _release(self.slots.pop())


def throttle_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    """Answer 429 with the page saying when to try again, and Retry-After."""
    context = {
        "retry_minutes": math.ceil(retry_after / 60),
        "retry_at": timezone.now() + timedelta(seconds=retry_after),
        "is_soon": retry_after <= 3600,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def throttled(*throttles: Throttle) -> Callable:
    """Limit the view's POSTs per client address; only accepted submissions count."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            usage = _Usage()
            setattr(request, _USAGE_ATTRIBUTE, usage)
            try:
                value = _client_value(request)
                for throttle in throttles:
                    usage.take(throttle, value)
                return view(request, *args, **kwargs)
            except Throttled as limited:
                usage.release()
                return throttle_response(request, limited.retry_after)
            finally:
                if not usage.is_accepted:
                    usage.release()

        return wrapper

    return decorator


def _usage(request: HttpRequest) -> _Usage:
    usage = getattr(request, _USAGE_ATTRIBUTE, None)
    if not isinstance(usage, _Usage):
        raise RuntimeError("Decorate the view with @throttled(...) first.")
    return usage


def throttle_take(request: HttpRequest, throttle: Throttle, email: str) -> None:
    """Count the submission against the recipient `email` too; raise Throttled if full.

    An empty or unusable address counts nothing (the form asked for none).
    """
    key = email_key(email)
    if key:
        _usage(request).take(throttle, key)


def throttle_accept(request: HttpRequest) -> None:
    """Keep the places taken by this submission: it was accepted."""
    _usage(request).is_accepted = True


# The longest user name a staff account can have (Django's `User.username`).
USERNAME_MAX_LENGTH = 150


def staff_sign_in_username(request: HttpRequest, credentials: dict | None) -> str:
    """Return the user name a sign-in attempt is counted under (django-axes).

    Cut to the longest possible user name: the attempt log's column is finite, and a
    longer name is never an account, so counting it under its first characters locks
    out nobody real.
    """
    source = credentials if credentials else request.POST
    username = source.get("username") or ""
    return str(username)[:USERNAME_MAX_LENGTH]
