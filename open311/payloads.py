"""Build the GeoReport v2 payloads (plain dicts and lists): catalogue and requests."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext

from requests_app.links import absolute_url
from requests_app.models import QuestionKind, Service, ServiceQuestion
from requests_app.questions import question_choices
from requests_app.selectors.public import PublicRequest

from .formats import iso_datetime, iso_due
from .ids import request_id_encode
from .models import Submission

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's behaviour last changed (discovery `changeset`).
CHANGESET = "2026-11-24T00:00:00+02:00"

DATATYPES = {
    QuestionKind.TEXT: "string",
    QuestionKind.CHOICE: "singlevaluelist",
    QuestionKind.DATE: "datetime",
    QuestionKind.NUMBER: "number",
}


def discovery_payload() -> dict:
    url = absolute_url(reverse("open311:discovery", kwargs={"fmt": "json"}))
    return {
        "changeset": CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url.removesuffix("discovery.json").rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service_payload(service: Service) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.summary,
        "metadata": bool(getattr(service, "has_questions", False)),
        "type": "realtime",
        "keywords": service.keywords or None,
        "group": service.department.name,
    }


def _datatype_description(question: ServiceQuestion) -> str | None:
    hints = {
        QuestionKind.DATE: gettext("A date, written YYYY-MM-DD."),
        QuestionKind.NUMBER: gettext("A number, for example 2 or 2.5."),
        QuestionKind.CHOICE: gettext("One of the keys listed in values."),
    }
    parts = [part for part in (question.help_text, hints.get(question.kind)) if part]
    return " ".join(parts) or None


def attribute_payload(question: ServiceQuestion, order: int) -> dict:
    attribute = {
        "variable": True,
        "code": question.code,
        "datatype": DATATYPES[QuestionKind(question.kind)],
        "required": question.is_required,
        "datatype_description": _datatype_description(question),
        "order": order,
        "description": question.label,
    }
    if question.kind == QuestionKind.CHOICE:
        attribute["values"] = [
            {"key": key, "name": name} for key, name in question_choices(question)
        ]
    return attribute


def service_definition_payload(service: Service) -> dict:
    questions = sorted(service.questions.all(), key=lambda q: (q.order, q.pk))
    return {
        "service_code": service.code,
        "attributes": [
            attribute_payload(question, order)
            for order, question in enumerate(questions, start=1)
        ],
    }


def request_payload(item: PublicRequest, submission: Submission | None) -> dict:
    """Return a request as GeoReport v2 says: no names, e-mails or phones, ever."""
    publish = settings.OPEN311_PUBLISH_CITIZEN_CONTENT
    latitude, longitude = item.latitude, item.longitude
    return {
        "service_request_id": request_id_encode(item.registry_number),
        "status": "open" if item.is_open else "closed",
        "status_notes": item.status_notes,
        "service_name": item.service_name,
        "service_code": item.service_code,
        "description": item.description if publish else None,
        "agency_responsible": item.department_name,
        "service_notice": None,
        "requested_datetime": iso_datetime(item.submitted_at),
        "updated_datetime": iso_datetime(
            item.updated_at if item.is_open else (item.closed_at or item.updated_at)
        ),
        "expected_datetime": iso_due(item.due_on),
        "address": item.location or None,
        "address_id": (submission.address_id or None) if submission else None,
        "zipcode": None,
        "lat": float(latitude) if latitude is not None else None,
        "long": float(longitude) if longitude is not None else None,
        "media_url": (
            (submission.media_url or None) if submission and publish else None
        ),
    }


def service_notice(*, registry_number: str, due_on_text: str) -> str:
    return gettext(
        "Registered under number %(number)s. The answer is due by %(due)s at the "
        "latest; the citizen is told if the term is extended."
    ) % {"number": registry_number, "due": due_on_text}


def date_text(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")
