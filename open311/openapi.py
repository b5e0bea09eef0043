"""The OpenAPI 3 description of the Open311 endpoints, written by hand after views.py.

Each endpoint is listed twice, once per format (`.json`, `.xml`), so every path states
exactly the media type it answers with.
"""

from django.conf import settings

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_DATETIME = {"type": "string", "format": "date-time", "nullable": True}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status code."},
            "description": {"type": "string"},
        },
    },
    "Errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}},
    "Discovery": {
        "type": "object",
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": {"type": "string", "format": "date-time"},
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["specification", "url", "type", "formats"],
                    "properties": {
                        "specification": {"type": "string"},
                        "url": {"type": "string"},
                        "changeset": {"type": "string", "format": "date-time"},
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "Service": {
        "type": "object",
        "required": ["service_code", "service_name", "metadata", "type"],
        "properties": {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": NULLABLE_STRING,
            "metadata": {"type": "boolean"},
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": NULLABLE_STRING,
            "group": NULLABLE_STRING,
        },
    },
    "Services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["variable", "code", "datatype", "required"],
                    "properties": {
                        "variable": {"type": "boolean"},
                        "code": {"type": "string"},
                        "datatype": {
                            "type": "string",
                            "enum": ["string", "number", "datetime", "singlevaluelist"],
                        },
                        "required": {"type": "boolean"},
                        "datatype_description": NULLABLE_STRING,
                        "order": {"type": "integer"},
                        "description": {"type": "string"},
                        "values": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "name"],
                                "properties": {
                                    "key": {"type": "string"},
                                    "name": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "Request": {
        "type": "object",
        "required": [
            "service_request_id",
            "status",
            "service_code",
            "requested_datetime",
        ],
        "properties": {
            "service_request_id": {
                "type": "string",
                "description": "The registry number, with `/` written `_` "
                "(`_` as `~_`, `~` as `~~`).",
            },
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": NULLABLE_STRING,
            "service_name": NULLABLE_STRING,
            "service_code": {"type": "string"},
            "description": {
                "type": "string",
                "maxLength": 4000,
                "nullable": True,
                "description": "Null unless the municipality publishes citizens' text.",
            },
            "agency_responsible": NULLABLE_STRING,
            "service_notice": NULLABLE_STRING,
            "requested_datetime": {"type": "string", "format": "date-time"},
            "updated_datetime": NULLABLE_DATETIME,
            "expected_datetime": {
                **NULLABLE_DATETIME,
                "description": "The due date (last second of the day, local time); "
                "moves with extensions.",
            },
            "address": NULLABLE_STRING,
            "address_id": NULLABLE_STRING,
            "zipcode": NULLABLE_STRING,
            "lat": {"type": "number", "nullable": True},
            "long": {"type": "number", "nullable": True},
            "media_url": {"type": "string", "format": "uri", "nullable": True},
        },
    },
    "Requests": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}},
    "RequestCreated": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_request_id", "token"],
            "properties": {
                "service_request_id": {"type": "string"},
                "token": {"type": "string"},
                "service_notice": NULLABLE_STRING,
                "account_id": NULLABLE_STRING,
            },
        },
    },
    "TokenResult": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_request_id", "token"],
            "properties": {
                "service_request_id": {"type": "string"},
                "token": {"type": "string"},
            },
        },
    },
    "RequestCreate": {
        "type": "object",
        "required": ["api_key", "service_code"],
        "description": "Also `attribute[<code>]` fields, one per service attribute. "
        "A location is required: lat and long, address_string or address_id.",
        "properties": {
            "api_key": {"type": "string"},
            "jurisdiction_id": {"type": "string"},
            "service_code": {"type": "string", "maxLength": 50},
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "address_string": {"type": "string", "maxLength": 300},
            "address_id": {"type": "string", "maxLength": 100},
            "email": {"type": "string", "format": "email"},
            "device_id": {"type": "string", "maxLength": 100},
            "account_id": {"type": "string", "maxLength": 100},
            "first_name": {"type": "string", "maxLength": 100},
            "last_name": {"type": "string", "maxLength": 100},
            "phone": {"type": "string", "maxLength": 50},
            "description": {"type": "string", "maxLength": 4000},
            "media_url": {"type": "string", "format": "uri", "maxLength": 500},
        },
    },
}

JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "required": False,
    "description": "Optional: this endpoint serves one jurisdiction; any other is 404.",
    "schema": {"type": "string"},
}

MEDIA_TYPES = {"json": "application/json", "xml": "text/xml"}


def _content(fmt: str, schema: str) -> dict:
    if fmt == "xml":
        return {"text/xml": {"schema": {"type": "string"}}}
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _responses(fmt: str, ok_schema: str, *errors: int) -> dict:
    texts = {
        400: "Bad input: the errors list says what.",
        403: "api_key missing, unknown or revoked.",
        404: "Unknown service, request, token or jurisdiction.",
        429: "Too many requests with this api_key.",
    }
    responses = {"200": {"description": "OK", "content": _content(fmt, ok_schema)}}
    for status in errors:
        responses[str(status)] = {
            "description": texts[status],
            "content": _content(fmt, "Errors"),
        }
    return responses


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query(name: str, description: str, **schema: object) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", **schema},
    }


REQUEST_FILTERS = [
    _query(
        "service_request_id",
        "Comma-separated ids; overrides every other filter.",
    ),
    _query("service_code", "Comma-separated service codes."),
    _query(
        "start_date",
        "Earliest requested_datetime (ISO 8601). Default: 90 days before end_date.",
        format="date-time",
    ),
    _query(
        "end_date",
        "Latest requested_datetime (ISO 8601), at most 90 days after start_date.",
        format="date-time",
    ),
    _query("status", "open, closed, or open,closed."),
]


def _paths_for(fmt: str) -> dict:
    return {
        f"/discovery.{fmt}": {
            "get": {
                "operationId": f"discovery_{fmt}",
                "summary": "Service discovery",
                "parameters": [JURISDICTION],
                "responses": _responses(fmt, "Discovery", 404),
            }
        },
        f"/services.{fmt}": {
            "get": {
                "operationId": f"services_{fmt}",
                "summary": "List the services that may be filed",
                "parameters": [JURISDICTION],
                "responses": _responses(fmt, "Services", 404),
            }
        },
        f"/services/{{service_code}}.{fmt}": {
            "get": {
                "operationId": f"service_definition_{fmt}",
                "summary": "The attributes (questions) of a service",
                "parameters": [_path_param("service_code"), JURISDICTION],
                "responses": _responses(fmt, "ServiceDefinition", 404),
            }
        },
        f"/requests.{fmt}": {
            "get": {
                "operationId": f"requests_{fmt}",
                "summary": "List requests (at most 1000, newest first)",
                "parameters": [*REQUEST_FILTERS, JURISDICTION],
                "responses": _responses(fmt, "Requests", 400, 404),
            },
            "post": {
                "operationId": f"request_create_{fmt}",
                "summary": "File a request",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/RequestCreate"}
                        }
                    },
                },
                "responses": _responses(fmt, "RequestCreated", 400, 403, 404, 429),
            },
        },
        f"/requests/{{service_request_id}}.{fmt}": {
            "get": {
                "operationId": f"request_{fmt}",
                "summary": "One request (a list of one, as the standard says)",
                "parameters": [_path_param("service_request_id"), JURISDICTION],
                "responses": _responses(fmt, "Requests", 404),
            }
        },
        f"/tokens/{{token}}.{fmt}": {
            "get": {
                "operationId": f"token_{fmt}",
                "summary": "The service_request_id of a token",
                "parameters": [_path_param("token"), JURISDICTION],
                "responses": _responses(fmt, "TokenResult", 404),
            }
        },
    }


def openapi_document(*, base_url: str) -> dict:
    """Return the OpenAPI 3.0 document of the API served at `base_url`."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Open311 GeoReport v2",
            "version": "2",
            "description": "Service catalogue and requests of the municipality "
            f"(jurisdiction_id {settings.OPEN311_JURISDICTION_ID}). "
            "Responses carry no personal data.",
        },
        "servers": [{"url": base_url}],
        "paths": {**_paths_for("json"), **_paths_for("xml")},
        "components": {"schemas": SCHEMAS},
    }
