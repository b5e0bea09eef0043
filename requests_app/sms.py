"""Text messages: how many segments a text takes, and the gateway that sends them.

The gateway is a plain HTTPS JSON API (`SMS_GATEWAY_URL`, `SMS_GATEWAY_TOKEN`): a POST
of `{"to", "text", "reference"}` with `Authorization: Bearer <token>` answers
`{"id": "<the gateway's id of the message>"}`. `reference` is the same for every
attempt at one notice, and the gateway must not send a reference it has seen again:
a retry after an unknown outcome (a timeout after the gateway accepted the message)
then never sends it twice. Without `SMS_GATEWAY_URL` (the demo, `make run`) messages
are written to the console, as e-mails are by Django's console backend.
"""

import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings

from requests_app.errors import NoticeNotDelivered

logger = logging.getLogger(__name__)

# GSM 03.38: the basic alphabet takes one septet a character, the extension table two.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
# (characters in one message, characters per segment of a longer one)
GSM7_LIMITS = (160, 153)
UCS2_LIMITS = (70, 67)
MOST_SEGMENTS = 3


class SmsGatewayError(NoticeNotDelivered):
    """The gateway refused the message, or answered something that is not an id."""


class SmsGatewayUnreachable(SmsGatewayError):
    """The gateway could not be reached, timed out or failed (5xx): try later."""


def sms_is_gsm7(text: str) -> bool:
    """Return whether `text` fits the GSM 7-bit alphabet (else it goes as UCS-2)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def sms_units(text: str) -> int:
    """Return the length of `text` in its encoding's units (septets or UTF-16 units)."""
    if sms_is_gsm7(text):
        return sum(2 if char in GSM7_EXTENDED else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_segments(text: str) -> int:
    """Return how many segments `text` takes: one up to 160 (GSM-7) or 70 (UCS-2,
    e.g. any Cyrillic) units, else 153 or 67 units per segment. Empty: 0."""
    units = sms_units(text)
    if units == 0:
        return 0
    single, per_part = GSM7_LIMITS if sms_is_gsm7(text) else UCS2_LIMITS
    if units <= single:
        return 1
    return -(-units // per_part)


def sms_send(*, to: str, text: str, reference: str) -> str:
    """Send one SMS; return the gateway's id of the message.

    Raise SmsGatewayUnreachable on a network error, a timeout or a 5xx answer (the
    outbox retries later with the same `reference`), SmsGatewayError when the gateway
    refuses the message.
    """
    url = settings.SMS_GATEWAY_URL
    if not url:
        sys.stdout.write(
            f"SMS to {to} (reference {reference}, {sms_segments(text)} segments):\n"
            f"{text}\n{'-' * 79}\n"
        )
        sys.stdout.flush()
        return f"console:{reference}"
    payload = json.dumps({"to": to, "text": text, "reference": reference}).encode()
    http_request = urllib.request.Request(
        url,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(
            http_request, timeout=settings.SMS_GATEWAY_TIMEOUT
        ) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise SmsGatewayUnreachable(f"gateway answered {exc.code}") from exc
        raise SmsGatewayError(f"gateway refused the message: {exc.code}") from exc
    except (OSError, TimeoutError) as exc:  # URLError, refused, reset, timed out
        raise SmsGatewayUnreachable(f"gateway unreachable: {exc}") from exc
    try:
        gateway_id = json.loads(body)["id"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SmsGatewayUnreachable("gateway answered without a message id") from exc
    if not isinstance(gateway_id, str | int) or not str(gateway_id):
        raise SmsGatewayUnreachable("gateway answered without a message id")
    return str(gateway_id)[:100]
