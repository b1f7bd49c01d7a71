"""The sandbox's OpenAPI operations: every path, with every status it can answer."""

from __future__ import annotations

from typing import Any

from sandbox.openapi.schemas import JSON, SCHEMAS, json_response, ref

_GATEWAY = {
    "401": json_response(ref("Fault"), "Missing, unknown or expired bearer token"),
    "403": json_response(
        {"anyOf": [ref("Fault"), ref("ApiError")]},
        "Scope not granted, or (writes) the D-TRO belongs to another TRA",
    ),
    "413": json_response(ref("Fault"), "Request body over 10 MB"),
    "429": json_response(ref("Fault"), "Spike arrest (one limit for the proxy) or an injected 429"),
    "500": json_response(ref("ApiError"), "Injected fault (error_5xx_status=500)"),
    "503": json_response(
        ref("Fault"), "Injected fault (before the view, or after a write committed)"
    ),
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
_E1_404 = json_response(ref("ApiError"), "Not found")
_UNSUPPORTED = json_response(ref("UnsupportedMediaType"), "Body is not application/json")


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
    return {JSON: {"schema": ref(name)}}


_FILE_BODY = {"multipart/form-data": {"schema": ref("DtroFile")}}
_SUBMIT_400 = json_response(ref("SubmissionRejected"), "Validation failed, or an exact duplicate")
_UPDATE_409 = json_response(
    ref("ApiError"), "Content identical to an active D-TRO (this one included)"
)
_FILE_400 = json_response(
    {"anyOf": [ref("SubmissionRejected"), {"type": "string", "const": "File is empty"}]},
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
                            "200": json_response(ref("Token"), "Token issued"),
                            "400": json_response(ref("TokenError"), "Unsupported grant type"),
                            "401": json_response(ref("TokenError"), "Invalid client credentials"),
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
                        "201": json_response(ref("Id"), "Created"),
                        "400": _SUBMIT_400,
                        "404": json_response(ref("ApiError"), "Unknown schema version"),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("DtroSubmit"),
                )
            },
            "/dtros/createFromFile": {
                "post": _operation(
                    "Create a D-TRO from a JSON or gzip file (part `file`)",
                    {
                        "201": json_response(ref("Id"), "Created"),
                        "400": _FILE_400,
                        "404": json_response(ref("ApiError"), "Unknown schema version"),
                    },
                    body=_FILE_BODY,
                )
            },
            "/dtros/updateFromBody/{dtroId}": {
                "put": _operation(
                    "Replace a D-TRO from a JSON body",
                    {
                        "200": json_response(ref("Id"), "Updated"),
                        "400": _SUBMIT_400,
                        "404": json_response(
                            ref("ApiError"), "Unknown or deleted D-TRO, unknown version"
                        ),
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
                        "200": json_response(ref("Id"), "Updated"),
                        "400": _FILE_400,
                        "404": json_response(
                            ref("ApiError"), "Unknown or deleted D-TRO, unknown version"
                        ),
                        "409": _UPDATE_409,
                    },
                    body=_FILE_BODY,
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/{dtroId}": {
                "get": _operation(
                    "Get a D-TRO",
                    {"200": json_response(ref("Dtro"), "The D-TRO"), "404": _E1_404},
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
                    {"200": json_response(ref("SourceHistory"), "History"), "404": _E1_404},
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/provisionHistory/{dtroId}": {
                "get": _operation(
                    "Provision history",
                    {"200": json_response(ref("ProvisionHistory"), "History"), "404": _E1_404},
                    parameters=[_ID_PARAM],
                )
            },
            "/dtros/all": {
                "get": _operation(
                    "A signed URL (valid 60 minutes) to a CSV of all live D-TROs",
                    {"200": json_response({"type": "string", "format": "uri"}, "Signed URL")},
                )
            },
            "/search": {
                "post": _operation(
                    "Search D-TROs (queries OR-ed, fields AND-ed)",
                    {
                        "200": json_response(ref("SearchResponse"), "Results"),
                        "400": json_response(ref("ValidationProblem"), "Invalid request"),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("SearchRequest"),
                )
            },
            "/events": {
                "post": _operation(
                    "Create, update and delete events",
                    {
                        "200": json_response(ref("EventsResponse"), "Events"),
                        "400": json_response(
                            {"anyOf": [ref("ValidationProblem"), ref("ApiError")]},
                            "Invalid request",
                        ),
                        "404": json_response(
                            ref("ApiError"), "No event found matching the criteria"
                        ),
                        "415": _UNSUPPORTED,
                    },
                    body=_json_body("EventsRequest"),
                )
            },
            "/schemas/versions": {
                "get": _operation(
                    "Schema versions",
                    {
                        "200": json_response(
                            {"type": "array", "items": ref("SchemaVersionInfo")}, "Versions"
                        )
                    },
                )
            },
            "/schemas": {
                "get": _operation(
                    "All schemas",
                    {
                        "200": json_response(
                            {"type": "array", "items": ref("SchemaTemplate")}, "Schemas"
                        )
                    },
                )
            },
            "/schemas/{version}": {
                "get": _operation(
                    "A schema by version (x.y.z) or by its id (a UUID)",
                    {
                        "200": json_response(ref("SchemaTemplate"), "Schema"),
                        "400": json_response(ref("ApiError"), "Malformed version"),
                        "404": _E1_404,
                    },
                    parameters=[_version_param("version")],
                )
            },
            "/rules/versions": {
                "get": _operation(
                    "Versions that have rules",
                    {
                        "200": json_response(
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
                    {
                        "200": json_response(
                            {"type": "array", "items": ref("RuleTemplate")}, "Rules"
                        )
                    },
                )
            },
            "/rules/{version}": {
                "get": _operation(
                    "A rule set by version (x.y.z) or by its id (a UUID)",
                    {"200": json_response(ref("RuleTemplate"), "Rules"), "404": _E1_404},
                    parameters=[_version_param("version")],
                )
            },
        },
    }
