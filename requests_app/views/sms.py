"""The SMS gateway's delivery reports: a webhook outside the language prefix.

The gateway POSTs `{"id": "<its id of the message>", "status": "delivered" | "failed"
| ..., "at": "<ISO 8601 time>"}` with `Authorization: Bearer SMS_GATEWAY_WEBHOOK_TOKEN`.
Answers: 200 recorded (again: reports are idempotent), 400 not a report, 403 wrong or
no token, 404 no SMS with that id. Never a 500 for what the gateway sends.
"""

import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from requests_app.services.outbox import (
    SMS_DELIVERED_STATES,
    SMS_FAILED_STATES,
    sms_delivery_record,
)

# A report is a few fields: anything longer is not one.
REPORT_MAX_BYTES = 4096


def _authorised(request: HttpRequest) -> bool:
    expected = settings.SMS_GATEWAY_WEBHOOK_TOKEN
    if not expected:  # not configured: nobody may report
        return False
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), expected.encode()
    )


def _bad(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400)


@login_not_required
@csrf_exempt  # a machine with a bearer token, no cookies
@require_POST
def sms_delivery(request: HttpRequest) -> JsonResponse:
    if not _authorised(request):
        return JsonResponse({"error": "forbidden"}, status=403)
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > REPORT_MAX_BYTES:
        return _bad("too long")
    try:
        report = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _bad("not JSON")
    if not isinstance(report, dict):
        return _bad("not an object")
    gateway_id, status, at = report.get("id"), report.get("status"), report.get("at")
    if not isinstance(gateway_id, str | int) or isinstance(gateway_id, bool):
        return _bad("no id")
    gateway_id = str(gateway_id)
    if not gateway_id or len(gateway_id) > 100:
        return _bad("no id")
    if status not in SMS_DELIVERED_STATES | SMS_FAILED_STATES:
        return _bad("unknown status")
    when = None
    if at is not None:
        try:
            when = parse_datetime(at) if isinstance(at, str) else None
        except ValueError:
            when = None
        if when is None:
            return _bad("bad time")
        if is_naive(when):
            when = make_aware(when)
    notice = sms_delivery_record(gateway_id=gateway_id, status=status, at=when)
    if notice is None:
        return JsonResponse({"error": "unknown id"}, status=404)
    return JsonResponse({"id": gateway_id, "state": notice.delivery_state})
