"""The sandbox's OpenAPI components: the bodies it reads and answers with."""

from __future__ import annotations

from typing import Any

JSON = "application/json"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict[str, Any], description: str) -> dict[str, Any]:
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
            ref("ApiError"),
            ref("ValidationProblem"),
            ref("RuleErrors"),
            ref("SchemaVersionError"),
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
            "regulationStart": ref("DateOperator"),
            "regulationEnd": ref("DateOperator"),
            "geometry": {
                "type": "string",
                "nullable": True,
                "description": (
                    "WKT in British National Grid; an `SRID=27700;` prefix is ignored. Matches "
                    "D-TROs whose regulated places intersect it (or, with "
                    "SANDBOX_SEARCH_GEOMETRY_MATCH=within, lie within it)."
                ),
            },
        },
    },
    "SearchRequest": {
        "type": "object",
        "required": ["page", "pageSize", "queries"],
        "properties": {
            "page": {"type": "integer", "minimum": 1, "maximum": 2147483647},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": 50},
            "queries": {"type": "array", "minItems": 1, "items": ref("SearchQuery")},
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
            "results": {"type": "array", "items": ref("SearchResult")},
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
            "regulationStart": ref("DateOperator"),
            "regulationEnd": ref("DateOperator"),
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
            "events": {"type": "array", "items": ref("Event")},
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
