"""OpenAPI 3.1 description of the sandbox, built in code so it stays next to the views.

Every operation lists every status the sandbox can answer, including the gateway's
401/403/413/429 faults and the injected 5xx faults.
"""

from __future__ import annotations

from typing import Any

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


_STRING_LIST = {"type": "array", "items": {"type": "string"}}
_INT_OR_NULL = {"type": ["integer", "null"]}

SCHEMAS: dict[str, Any] = {
    "Fault": {
        "type": "object",
        "required": ["fault"],
        "properties": {
            "fault": {
                "type": "object",
                "required": ["faultstring", "detail"],
                "properties": {
                    "faultstring": {"type": "string"},
                    "detail": {
                        "type": "object",
                        "required": ["errorcode"],
                        "properties": {"errorcode": {"type": "string"}},
                    },
                },
            }
        },
    },
    "ApiError": {
        "type": "object",
        "required": ["message", "error"],
        "properties": {"message": {"type": "string"}, "error": {"type": "string"}},
        "additionalProperties": False,
    },
    "ValidationProblem": {
        "type": "object",
        "required": ["type", "title", "status", "errors", "traceId"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "errors": {"type": "object", "additionalProperties": _STRING_LIST},
            "traceId": {"type": "string"},
        },
    },
    "UnsupportedMediaType": {
        "type": "object",
        "required": ["title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
        },
    },
    "RuleErrors": {
        "description": "ruleError_N objects: {message, path, value, errorType} for schema "
        "failures, {name, message, path, rule} for semantic and rule failures.",
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": "^ruleError_[0-9]+$"},
        "additionalProperties": {"type": "object"},
    },
    "SchemaVersionError": {
        "type": "object",
        "required": ["schemaVersionError"],
        "properties": {
            "schemaVersionError": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    },
    "SubmissionRejected": {
        "anyOf": [
            _ref("ApiError"),
            _ref("ValidationProblem"),
            _ref("RuleErrors"),
            _ref("SchemaVersionError"),
        ]
    },
    "DtroSubmit": {
        "type": "object",
        "required": ["schemaVersion", "data"],
        "properties": {
            "schemaVersion": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"},
            "data": {"type": "object"},
        },
    },
    "DtroFile": {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}},
    },
    "Id": {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string", "format": "uuid"}},
        "additionalProperties": False,
    },
    "Dtro": {
        "type": "object",
        "required": ["id", "schemaVersion", "data", "created", "lastUpdated"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "schemaVersion": {"type": "string"},
            "data": {"type": "object"},
            "created": {"type": "string"},
            "lastUpdated": {"type": "string"},
        },
    },
    "SourceHistory": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["created", "lastUpdated", "schemaVersion"],
            "properties": {
                "actionType": {"type": "string"},
                "created": {"type": "string"},
                "lastUpdated": {"type": "string"},
                "reference": {"type": "string"},
                "schemaVersion": {"type": "string"},
                "section": {"type": "string"},
                "trafficAuthorityCreatorId": {"type": "integer"},
                "trafficAuthorityOwnerId": {"type": "integer"},
                "troName": {"type": "string"},
            },
        },
    },
    "ProvisionHistory": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["created", "data", "lastUpdated", "schemaVersion"],
            "properties": {
                "actionType": {"type": ["string", "null"]},
                "created": {"type": "string"},
                "data": {"type": "object"},
                "lastUpdated": {"type": "string"},
                "reference": {"type": ["string", "null"]},
                "schemaVersion": {"type": "string"},
            },
        },
    },
    "DateOperator": {
        "type": "object",
        "required": ["operator", "value"],
        "properties": {
            "operator": {"type": "string", "enum": ["=", ">", ">=", "<", "<="]},
            "value": {"type": "string", "format": "date-time"},
        },
    },
    "SearchQuery": {
        "type": "object",
        "properties": {
            "publicationTime": {"type": "string", "format": "date-time"},
            "modificationTime": {"type": "string", "format": "date-time"},
            "deletionTime": {"type": "string", "format": "date-time"},
            "traCreator": {"type": "integer"},
            "currentTraOwner": {"type": "integer"},
            "troName": {"type": "string", "maxLength": 500},
            "regulationType": {"type": "string", "maxLength": 60},
            "vehicleType": {"type": "string", "maxLength": 40},
            "orderReportingPoint": {"type": "string", "maxLength": 50},
            "regulatedPlaceType": {"type": "string", "maxLength": 20},
            "regulationStart": _ref("DateOperator"),
            "regulationEnd": _ref("DateOperator"),
        },
    },
    "SearchRequest": {
        "type": "object",
        "required": ["page", "pageSize", "queries"],
        "properties": {
            "page": {"type": "integer", "minimum": 1, "maximum": 2147483647},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": 50},
            "queries": {"type": "array", "minItems": 1, "items": _ref("SearchQuery")},
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["id", "troName", "publicationTime"],
        "properties": {
            "troName": {"type": "string"},
            "publicationTime": {"type": "string"},
            "trafficAuthorityCreatorId": _INT_OR_NULL,
            "trafficAuthorityOwnerId": _INT_OR_NULL,
            "regulationType": _STRING_LIST,
            "vehicleType": _STRING_LIST,
            "orderReportingPoint": _STRING_LIST,
            "regulatedPlaceTypes": _STRING_LIST,
            "regulationStart": _STRING_LIST,
            "regulationEnd": _STRING_LIST,
            "id": {"type": "string", "format": "uuid"},
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": ["results", "page", "pageSize", "totalCount"],
        "properties": {
            "results": {"type": "array", "items": _ref("SearchResult")},
            "page": {"type": "integer"},
            "pageSize": {"type": "integer"},
            "totalCount": {"type": "integer"},
        },
    },
    "EventsRequest": {
        "type": "object",
        "required": ["page", "pageSize", "since", "to"],
        "properties": {
            "page": {"type": "integer", "minimum": 1, "maximum": 2147483647},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": 50},
            "since": {"type": "string", "format": "date-time"},
            "to": {"type": "string", "format": "date-time"},
            "eventType": {"type": "string", "enum": ["create", "update", "delete"]},
            "traCreator": {"type": "integer"},
            "currentTraOwner": {"type": "integer"},
            "troName": {"type": "string", "maxLength": 500},
            "regulationType": {"type": "string", "maxLength": 60},
            "vehicleType": {"type": "string", "maxLength": 40},
            "orderReportingPoint": {"type": "string", "maxLength": 50},
            "regulatedPlaceType": {"type": "string", "maxLength": 20},
            "regulationStart": _ref("DateOperator"),
            "regulationEnd": _ref("DateOperator"),
            "modifiedFrom": {"type": "string", "format": "date-time"},
            "modifiedTo": {"type": "string", "format": "date-time"},
            "deletedFrom": {"type": "string", "format": "date-time"},
            "deletedTo": {"type": "string", "format": "date-time"},
        },
    },
    "Event": {
        "type": "object",
        "required": ["id", "eventType", "eventTime", "publicationTime", "_links"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "publicationTime": {"type": "string"},
            "traCreator": _INT_OR_NULL,
            "currentTraOwner": _INT_OR_NULL,
            "troName": {"type": "string"},
            "regulationType": _STRING_LIST,
            "vehicleType": _STRING_LIST,
            "orderReportingPoint": _STRING_LIST,
            "regulationStart": _STRING_LIST,
            "regulationEnd": _STRING_LIST,
            "eventType": {"type": "string", "enum": ["create", "update", "delete"]},
            "eventTime": {"type": "string"},
            "_links": {
                "type": "object",
                "required": ["self"],
                "properties": {"self": {"type": "string"}},
            },
        },
    },
    "EventsResponse": {
        "type": "object",
        "required": ["events", "page", "pageSize", "totalCount"],
        "properties": {
            "events": {"type": "array", "items": _ref("Event")},
            "page": {"type": "integer"},
            "pageSize": {"type": "integer"},
            "totalCount": {"type": "integer"},
        },
    },
    "SchemaVersionInfo": {
        "type": "object",
        "required": ["schemaVersion", "isActive", "rulesExist"],
        "properties": {
            "schemaVersion": {"type": "string"},
            "isActive": {"type": "boolean"},
            "rulesExist": {"type": "boolean"},
        },
    },
    "SchemaTemplate": {
        "type": "object",
        "required": ["schemaVersion", "template", "isActive"],
        "properties": {
            "schemaVersion": {"type": "string"},
            "template": {"type": "object"},
            "isActive": {"type": "boolean"},
        },
    },
    "RuleTemplate": {
        "type": "object",
        "required": ["schemaVersion", "template"],
        "properties": {"schemaVersion": {"type": "string"}, "template": {"type": "string"}},
    },
    "Token": {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in", "scope", "client_id"],
        "properties": {
            name: {"type": "string"}
            for name in (
                "refresh_token_expires_in",
                "api_product_list",
                "organization_name",
                "developer.email",
                "token_type",
                "issued_at",
                "client_id",
                "access_token",
                "application_name",
                "scope",
                "expires_in",
                "refresh_count",
                "status",
            )
        }
        | {"api_product_list_json": _STRING_LIST},
    },
    "TokenError": {
        "type": "object",
        "required": ["ErrorCode", "Error"],
        "properties": {"ErrorCode": {"type": "string"}, "Error": {"type": "string"}},
    },
}

_GATEWAY = {
    "401": _json(_ref("Fault"), "Missing, unknown or expired bearer token"),
    "403": _json(
        {"anyOf": [_ref("Fault"), _ref("ApiError")]},
        "Scope not granted, or (writes) the D-TRO belongs to another TRA",
    ),
    "413": _json(_ref("Fault"), "Request body over 10 MB"),
    "429": _json(_ref("Fault"), "Spike arrest (one limit for the proxy) or an injected 429"),
    "500": _json(_ref("ApiError"), "Injected fault (error_5xx_status=500)"),
    "503": _json(_ref("Fault"), "Injected fault (before the view, or after a write committed)"),
}
_ID_PARAM = {
    "name": "dtroId",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
_CORRELATION = {
    "name": "X-Correlation-ID",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "format": "uuid"},
    "description": "Echoed in the response; generated when absent.",
}
_E1_404 = _json(_ref("ApiError"), "Not found")
_UNSUPPORTED = _json(_ref("UnsupportedMediaType"), "Body is not application/json")


def _operation(
    summary: str,
    responses: dict[str, Any],
    *,
    body: dict[str, Any] | None = None,
    parameters: list[dict[str, Any]] | None = None,
    secured: bool = True,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": [*(parameters or []), _CORRELATION],
        "responses": {**(_GATEWAY if secured else {}), **responses},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    if not secured:
        operation["security"] = []
    return operation


def _json_body(name: str) -> dict[str, Any]:
    return {JSON: {"schema": _ref(name)}}


_FILE_BODY = {"multipart/form-data": {"schema": _ref("DtroFile")}}
_SUBMIT_400 = _json(_ref("SubmissionRejected"), "Validation failed, or an exact duplicate")
_UPDATE_409 = _json(_ref("ApiError"), "Content identical to an active D-TRO (this one included)")
_FILE_400 = _json(
    {"anyOf": [_ref("SubmissionRejected"), {"type": "string", "const": "File is empty"}]},
    "Validation failed, an exact duplicate, an unreadable file or `File is empty`",
)


def _version_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def describe() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "D-TRO sandbox",
            "version": "1.0.0",
            "description": "A local emulator of the DfT D-TRO service (publisher ICD v2.3 and "
            "today's service). Same paths as https://dtro-integration.dft.gov.uk/v1.",
        },
        "servers": [{"url": "/sandbox/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
            },
        },
        "paths": {
            "/oauth-generator": {
                "post": {
                    **_operation(
                        "Exchange client credentials for a 30-minute bearer token",
                        {
                            "200": _json(_ref("Token"), "Token issued"),
                            "400": _json(_ref("TokenError"), "Unsupported grant type"),
                            "401": _json(_ref("TokenError"), "Invalid client credentials"),
                        },
                        body={
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["grant_type"],
                                    "properties": {
                                        "grant_type": {
                                            "type": "string",
                                            "enum": ["client_credentials"],
                                        }
                                    },
                                }
                            }
                        },
                        secured=False,
                    ),
                    "security": [{"basic": []}],
                }
            },
            "/dtros/createFromBody": {
                "post": _operation(
                    "Create a D-TRO from a JSON body",
                    {
                        "201": _json(_ref("Id"), "Created"),
                        "400": _SUBMIT_400,
                        "404": _json(_ref("ApiError"), "Unknown schema version"),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("DtroSubmit"),
                )
            },
            "/dtros/createFromFile": {
                "post": _operation(
                    "Create a D-TRO from a JSON or gzip file (part `file`)",
                    {
                        "201": _json(_ref("Id"), "Created"),
                        "400": _FILE_400,
                        "404": _json(_ref("ApiError"), "Unknown schema version"),
                    },
                    body=_FILE_BODY,
                )
            },
            "/dtros/updateFromBody/{dtroId}": {
                "put": _operation(
                    "Replace a D-TRO from a JSON body",
                    {
                        "200": _json(_ref("Id"), "Updated"),
                        "400": _SUBMIT_400,
                        "404": _json(_ref("ApiError"), "Unknown or deleted D-TRO, unknown version"),
                        "409": _UPDATE_409,
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("DtroSubmit"),
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/updateFromFile/{dtroId}": {
                "put": _operation(
                    "Replace a D-TRO from a JSON or gzip file (part `file`)",
                    {
                        "200": _json(_ref("Id"), "Updated"),
                        "400": _FILE_400,
                        "404": _json(_ref("ApiError"), "Unknown or deleted D-TRO, unknown version"),
                        "409": _UPDATE_409,
                    },
                    body=_FILE_BODY,
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/{dtroId}": {
                "get": _operation(
                    "Get a D-TRO",
                    {"200": _json(_ref("Dtro"), "The D-TRO"), "404": _E1_404},
                    parameters=[_ID_PARAM],
                ),
                "delete": _operation(
                    "Soft-delete a D-TRO of the caller's TRA",
                    {"204": {"description": "Deleted"}, "404": _E1_404},
                    parameters=[_ID_PARAM],
                ),
            },
            "/dtros/sourceHistory/{dtroId}": {
                "get": _operation(
                    "Source history, newest first (404 when never updated)",
                    {"200": _json(_ref("SourceHistory"), "History"), "404": _E1_404},
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/provisionHistory/{dtroId}": {
                "get": _operation(
                    "Provision history",
                    {"200": _json(_ref("ProvisionHistory"), "History"), "404": _E1_404},
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/all": {
                "get": _operation(
                    "A signed URL (valid 60 minutes) to a CSV of all live D-TROs",
                    {"200": _json({"type": "string", "format": "uri"}, "Signed URL")},
                )
            },
            "/search": {
                "post": _operation(
                    "Search D-TROs (queries OR-ed, fields AND-ed)",
                    {
                        "200": _json(_ref("SearchResponse"), "Results"),
                        "400": _json(_ref("ValidationProblem"), "Invalid request"),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("SearchRequest"),
                )
            },
            "/events": {
                "post": _operation(
                    "Create, update and delete events",
                    {
                        "200": _json(_ref("EventsResponse"), "Events"),
                        "400": _json(
                            {"anyOf": [_ref("ValidationProblem"), _ref("ApiError")]},
                            "Invalid request",
                        ),
                        "404": _json(_ref("ApiError"), "No event found matching the criteria"),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("EventsRequest"),
                )
            },
            "/schemas/versions": {
                "get": _operation(
                    "Schema versions",
                    {
                        "200": _json(
                            {"type": "array", "items": _ref("SchemaVersionInfo")}, "Versions"
                        )
                    },
                )
            },
            "/schemas": {
                "get": _operation(
                    "All schemas",
                    {"200": _json({"type": "array", "items": _ref("SchemaTemplate")}, "Schemas")},
                )
            },
            "/schemas/{version}": {
                "get": _operation(
                    "A schema by version (x.y.z) or by its id (a UUID)",
                    {
                        "200": _json(_ref("SchemaTemplate"), "Schema"),
                        "400": _json(_ref("ApiError"), "Malformed version"),
                        "404": _E1_404,
                    },
                    parameters=[_version_param("version")],
                )
            },
            "/rules/versions": {
                "get": _operation(
                    "Versions that have rules",
                    {
                        "200": _json(
                            {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["schemaVersion"],
                                    "properties": {"schemaVersion": {"type": "string"}},
                                },
                            },
                            "Versions",
                        )
                    },
                )
            },
            "/rules": {
                "get": _operation(
                    "All rule sets",
                    {"200": _json({"type": "array", "items": _ref("RuleTemplate")}, "Rules")},
                )
            },
            "/rules/{version}": {
                "get": _operation(
                    "A rule set by version (x.y.z) or by its id (a UUID)",
                    {"200": _json(_ref("RuleTemplate"), "Rules"), "404": _E1_404},
                    parameters=[_version_param("version")],
                )
            },
        },
    }
