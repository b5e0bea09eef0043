"""Fixtures of the Open311 tests: a service with questions, API keys, schema checks."""

import json
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from django.core.cache import cache

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from requests_app.services import request_submit
from tests.requests_app.factories import (
    DepartmentFactory,
    ServiceFactory,
    ServiceQuestionFactory,
)

from .factories import ApiKeyFactory

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "open311-schemas"
SCHEMA_BASE = "https://open311.test/schema/"
BASE = "/open311/v2"


def _registry() -> Registry:
    resources = []
    for name in ("request", "requests", "service", "services", "service-definition"):
        contents = json.loads((SCHEMAS / f"{name}.json").read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((f"{SCHEMA_BASE}{name}.json", resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def assert_schema(payload: object, name: str) -> None:
    """Validate a JSON payload against an official Open311 schema (`requests`, ...)."""
    validator = Draft202012Validator(
        {"$ref": f"{SCHEMA_BASE}{name}.json"}, registry=REGISTRY
    )
    errors = [error.message for error in validator.iter_errors(payload)]
    assert errors == []


def xml_root(response) -> ElementTree.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def xml_value(element: ElementTree.Element) -> object:
    """Turn an XML element back into plain data (lists for repeated children)."""
    children = list(element)
    if not children:
        return element.text or ""
    tags = [child.tag for child in children]  # list items have their own tag names
    if tags[0] in LIST_ITEM_TAGS:
        return [xml_value(child) for child in children]
    return {child.tag: xml_value(child) for child in children}


LIST_ITEM_TAGS = {
    "service",
    "request",
    "error",
    "attribute",
    "value",
    "endpoint",
    "format",
}


def json_as_xml_text(value: object) -> object:
    """Spell JSON data as the XML carries it: text, "true"/"false", "" for null."""
    if isinstance(value, dict):
        return {key: json_as_xml_text(item) for key, item in value.items()}
    if isinstance(value, list):  # an empty list is an empty element
        return [json_as_xml_text(item) for item in value] if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def assert_same_in_xml(
    client, url: str, json_payload: object, params=None, language: str = "bg"
) -> None:
    """GET the .xml twin of a .json URL and compare it field by field with the JSON."""
    response = client.get(
        url.removesuffix(".json") + ".xml", params or {}, HTTP_ACCEPT_LANGUAGE=language
    )
    root = xml_root(response)
    xml_data = [] if len(root) == 0 else xml_value(root)
    expected = json_as_xml_text(json_payload) if json_payload != [] else []
    if isinstance(expected, list):
        assert isinstance(xml_data, list)
        assert len(xml_data) == len(expected)
        for got, want in zip(xml_data, expected, strict=True):
            assert got == want
    else:
        assert xml_data == expected


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def department():
    return DepartmentFactory(
        code="lighting",
        registry_index="94-00",
        name_bg="Улично осветление",
        name_en="Street lighting",
    )


@pytest.fixture
def service(department):
    """A service with a required text, a choice, a date and a number question."""
    service = ServiceFactory(
        code="street-light",
        department=department,
        name_bg="Подмяна на улична лампа",
        name_en="Replace a street light",
        term_days=14,
        max_extension_days=30,
        keywords_bg="лампа, осветление",
        keywords_en="lamp, lighting",
    )
    ServiceQuestionFactory(
        service=service,
        code="pole",
        required=True,
        order=1,
        label_bg="Номер на стълба",
        label_en="Pole number",
    )
    ServiceQuestionFactory(
        service=service,
        code="urgency",
        choice=True,
        order=2,
        choices_bg="low|Ниска\nhigh|Висока",
        choices_en="low|Low\nhigh|High",
    )
    ServiceQuestionFactory(service=service, code="noticed", date=True, order=3)
    ServiceQuestionFactory(service=service, code="lamps", number=True, order=4)
    return service


@pytest.fixture
def api_key():
    return ApiKeyFactory()


@pytest.fixture
def filed(service):
    """A request filed online, full of personal data that the API must not show."""
    return request_submit(
        service=service,
        citizen_name="Мария Петрова",
        citizen_email="maria.petrova@example.bg",
        citizen_phone="+359 888 123 456",
        citizen_address="ул. Витоша 15, София",
        details="Лампата пред дома ми на ул. Витоша 15 не свети. ЕГН 8001011234.",
        location="ул. Витоша 15",
        answers={service.questions.get(code="pole"): "P-17"},
        received_on=date.today(),
    )


def post_fields(key, **overrides) -> dict:
    """A valid POST requests body for the `service` fixture, with `key`'s secret."""
    fields = {
        "api_key": key.plain,
        "service_code": "street-light",
        "lat": "42.697708",
        "long": "23.321868",
        "email": "ivan.ivanov@example.bg",
        "first_name": "Иван",
        "last_name": "Иванов",
        "phone": "+359 888 000 111",
        "description": "Лампата на стълб P-17 мига от седмица.",
        "attribute[pole]": "P-17",
        "attribute[urgency]": "high",
        "attribute[noticed]": "2026-11-20",
        "attribute[lamps]": "2",
        "device_id": "device-42",
        "account_id": "account-7",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}
