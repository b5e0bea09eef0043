"""One payload, two formats: JSON and the XML element names of GeoReport v2."""

import json
import re
from datetime import date, datetime, time
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")

# The element that wraps each item of a list, by the list's own element name.
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry, even escaped; stored text may hold them.
XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def iso_datetime(value: datetime | None) -> str | None:
    """Return ISO 8601 with the offset of the municipality's time zone."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def iso_due(day: date | None) -> str | None:
    """Return a due date as the last second of that day, local time."""
    if day is None:
        return None
    return iso_datetime(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def _text(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return XML_INVALID.sub("", str(value))


def _fill(element: ElementTree.Element, value: object) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    elif isinstance(value, list):
        item_name = LIST_ITEMS[element.tag]
        for child in value:
            _fill(ElementTree.SubElement(element, item_name), child)
    else:
        element.text = _text(value)


def to_xml(payload: object, *, root: str) -> bytes:
    """Serialise a payload: a list becomes `root` with one element per item."""
    element = ElementTree.Element(root)
    _fill(element, payload)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def respond(payload: object, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """Answer in the format asked for by the URL (`.json` or `.xml`)."""
    if fmt == "xml":
        return HttpResponse(
            to_xml(payload, root=root), content_type=XML_TYPE, status=status
        )
    return HttpResponse(to_json(payload), content_type=JSON_TYPE, status=status)


def error_payload(status: int, descriptions: list[str]) -> list[dict]:
    return [{"code": status, "description": text} for text in descriptions]


def respond_error(status: int, descriptions: list[str], *, fmt: str) -> HttpResponse:
    """Answer the standard error body: a list of {code, description}."""
    return respond(
        error_payload(status, descriptions), fmt=fmt, root="errors", status=status
    )
