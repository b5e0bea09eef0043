"""Outside clients on a live server (#6): the georeport package and schemathesis."""

import time

import pytest
import schemathesis
from georeport import GeoReport
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from open311.ids import request_id_encode

from .conftest import assert_schema

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_georeport_client_lists_services_and_reads_requests(
    live_server, service, filed, settings
):
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, jurisdiction=settings.OPEN311_JURISDICTION_ID)
    services = client.get_service_list()
    assert_schema(services, "services")
    assert [item["service_code"] for item in services] == ["street-light"]
    definition = client.get_service_definition("street-light")
    assert [item["code"] for item in definition["attributes"]][:2] == [
        "pole",
        "urgency",
    ]
    listed = client.get_service_requests(service_code="street-light", status="open")
    assert [item["service_request_id"] for item in listed] == [
        request_id_encode(filed.registry_number)
    ]
    one = client.get_service_request(request_id_encode(filed.registry_number))
    assert one == listed[0]

    xml_client = GeoReport(root, output_format="xml")
    xml_service = xml_client.get_service_list()  # one service: xmltodict gives a dict
    assert xml_service["service_code"] == "street-light"
    assert xml_service["metadata"] == "true"
    xml_one = xml_client.get_service_request(request_id_encode(filed.registry_number))
    assert xml_one["expected_datetime"] == one["expected_datetime"]
    assert xml_one["status"] == "open"


def _fuzz(operation, *, base_url: str, plain_key: str) -> list[int]:
    """Call one operation with generated data; return the statuses seen."""
    statuses: list[int] = []

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case):
        # Half the POST bodies carry a real key, to reach the validation behind it,
        # and half of those a real service, its required attribute and a place.
        is_form = case.method == "POST" and isinstance(case.body, dict)
        if is_form and len(statuses) % 2 == 0:
            case.body["api_key"] = plain_key
        if is_form and len(statuses) % 4 == 0:
            case.body["service_code"] = "street-light"
            case.body["attribute[pole]"] = "P-1"
            case.body.setdefault("address_string", "ул. Раковски 1")
        response = case.call(base_url=base_url, timeout=10)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    call()
    return statuses


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, service, filed, api_key, settings
):
    """Generated calls to every operation answer as the OpenAPI description says."""
    settings.OPEN311_RATE_LIMIT = "100000/m"
    base_url = f"{live_server.url}/open311/v2"
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14  # 7 operations, each as .json and .xml
    started = time.monotonic()
    calls = {
        operation.label: _fuzz(operation, base_url=base_url, plain_key=api_key.plain)
        for operation in operations
    }
    assert time.monotonic() - started < 60
    assert all(calls.values())
    seen = {status for statuses in calls.values() for status in statuses}
    assert 200 in seen
    assert max(seen) < 500
    posted = calls["POST /requests.json"] + calls["POST /requests.xml"]
    assert {200, 400, 403} <= set(posted)
