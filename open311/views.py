"""HTTP endpoints of the Open311 GeoReport v2 API.

No sessions, no CSRF tokens (clients are other programs; the POST needs an API key),
no login. Every answer is JSON or XML by the URL's suffix; every error is the standard
list of {code, description}.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from requests_app.selectors.public import (
    open311_request_get,
    open311_request_list,
    open311_service_get,
    open311_service_list,
)
from requests_app.throttles import throttle_count

from .errors import Open311Error
from .formats import respond, respond_error
from .forms import (
    RequestCreateForm,
    attributes_clean,
    coordinate,
    form_errors,
    request_filter_parse,
)
from .ids import request_id_candidates, request_id_encode
from .openapi import openapi_document
from .payloads import (
    date_text,
    discovery_payload,
    request_payload,
    service_definition_payload,
    service_notice,
    service_payload,
)
from .selectors import submission_get_by_token, submissions_by_request_id
from .services import api_key_authenticate, open311_request_file

READ = ("GET", "HEAD")


def endpoint(*methods: str) -> Callable:
    """Wrap a view: public, no CSRF, method and jurisdiction checks, standard errors."""

    def decorate(view: Callable) -> Callable:
        @login_not_required
        @csrf_exempt
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args, fmt: str = "json", **kwargs):
            try:
                if request.method not in methods:
                    response = respond_error(
                        405,
                        [
                            gettext("Method %(method)s is not allowed here.")
                            % {"method": request.method}
                        ],
                        fmt=fmt,
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                _body_check(request)
                _jurisdiction_check(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return respond_error(error.status, error.descriptions, fmt=fmt)

        return wrapper

    return decorate


def _body_check(request: HttpRequest) -> None:
    """Parse a POST body now, so a broken or oversized one gets the standard 400."""
    if request.method != "POST":
        return
    try:
        request.POST  # noqa: B018 -- parsing is the point
    except (MultiPartParserError, SuspiciousOperation) as error:
        raise Open311Error(
            400, gettext("The request body cannot be read: send it form-encoded.")
        ) from error


def _jurisdiction_check(request: HttpRequest) -> None:
    given = request.GET.get("jurisdiction_id", "")
    if not given and request.method == "POST":
        given = request.POST.get("jurisdiction_id", "")
    if given and given != settings.OPEN311_JURISDICTION_ID:
        raise Open311Error(
            404,
            gettext("jurisdiction_id: unknown here; this endpoint serves %(id)s.")
            % {"id": settings.OPEN311_JURISDICTION_ID},
        )


def _language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


@endpoint(*READ)
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(discovery_payload(), fmt=fmt, root="discovery")


@endpoint(*READ)
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    payload = [service_payload(service) for service in open311_service_list()]
    return respond(payload, fmt=fmt, root="services")


@endpoint(*READ)
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    service = open311_service_get(code=code)
    if service is None:
        raise Open311Error(404, gettext("service_code: no such service."))
    return respond(
        service_definition_payload(service), fmt=fmt, root="service_definition"
    )


@endpoint(*READ, "POST")
def requests_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, fmt)
    filters = request_filter_parse(request.GET, now=timezone.now())
    items = open311_request_list(
        registry_numbers=filters.registry_numbers,
        service_codes=filters.service_codes,
        is_open=filters.is_open,
        submitted_from=filters.submitted_from,
        submitted_to=filters.submitted_to,
        with_description=settings.OPEN311_PUBLISH_CITIZEN_CONTENT,
    )
    submissions = submissions_by_request_id(
        registry_numbers=[item.registry_number for item in items]
    )
    payload = [request_payload(i, submissions.get(i.registry_number)) for i in items]
    return respond(payload, fmt=fmt, root="service_requests")


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    plain = request.POST.get("api_key") or request.GET.get("api_key", "")
    api_key = api_key_authenticate(plain=plain)
    if api_key is None:
        raise Open311Error(403, gettext("api_key: missing, unknown or revoked."))
    if throttle_count(
        name="open311-request-create",
        rate=settings.OPEN311_RATE_LIMIT,
        value=f"key-{api_key.pk}",
    ):
        raise Open311Error(
            429, gettext("Too many requests with this api_key: try again later.")
        )
    code = request.POST.get("service_code", "").strip()
    service = open311_service_get(code=code) if code else None
    if code and service is None:
        raise Open311Error(404, gettext("service_code: no such service."))
    form = RequestCreateForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    assert service is not None  # the form requires service_code
    answers = attributes_clean(service=service, data=request.POST)
    data = form.cleaned_data
    submission = open311_request_file(
        api_key=api_key,
        service=service,
        answers=answers,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=data["phone"],
        description=data["description"],
        address_string=data["address_string"],
        address_id=data["address_id"],
        latitude=coordinate(data["lat"]),
        longitude=coordinate(data["long"]),
        media_url=data["media_url"],
        device_id=data["device_id"],
        account_id=data["account_id"],
        language=_language(),
    )
    number = submission.service_request_id
    payload = [
        {
            "service_request_id": request_id_encode(number),
            "token": submission.token,
            "service_notice": service_notice(
                registry_number=number,
                due_on_text=date_text(submission.citizen_request.due_on),
            ),
            "account_id": submission.account_id or None,
        }
    ]
    return respond(payload, fmt=fmt, root="service_requests")


@endpoint(*READ)
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    item = open311_request_get(
        registry_numbers=request_id_candidates(request_id),
        with_description=settings.OPEN311_PUBLISH_CITIZEN_CONTENT,
    )
    if item is None:
        raise Open311Error(404, gettext("service_request_id: no such request."))
    submissions = submissions_by_request_id(registry_numbers=[item.registry_number])
    payload = [request_payload(item, submissions.get(item.registry_number))]
    return respond(payload, fmt=fmt, root="service_requests")


@endpoint(*READ)
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    submission = submission_get_by_token(token=token)
    if submission is None:
        raise Open311Error(404, gettext("token: no such token."))
    payload = [
        {
            "service_request_id": request_id_encode(submission.service_request_id),
            "token": submission.token,
        }
    ]
    return respond(payload, fmt=fmt, root="service_requests")


@endpoint(*READ, "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def not_found(request: HttpRequest, fmt: str, rest: str = "") -> HttpResponse:
    raise Open311Error(
        404, gettext("No such endpoint. See discovery.json and openapi.json.")
    )


@login_not_required
def openapi(request: HttpRequest) -> JsonResponse:
    """Serve the OpenAPI 3 description of this API."""
    base_url = request.build_absolute_uri(reverse("open311:openapi")).removesuffix(
        "/openapi.json"
    )
    return JsonResponse(
        openapi_document(base_url=base_url), json_dumps_params={"ensure_ascii": False}
    )
