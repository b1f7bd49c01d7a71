"""Every error body shape of the D-TRO service becomes the portal's own kind of issue."""

from __future__ import annotations

import json

from dtro_app.drafting.guided.problems import field_for_pointer
from dtro_validation import translate_service_error


def pairs(issues) -> list[tuple[str, str]]:
    assert all(i.stage == "service" for i in issues)
    assert all(i.message and "valid against" not in i.message for i in issues)
    return [(i.code, i.path) for i in issues]


def test_it_translates_an_e1_message_and_error_body() -> None:
    issues = translate_service_error(
        404, {"message": "Schema version", "error": "Schema Template not found"}
    )
    assert pairs(issues) == [("schema_version_unknown", "/schemaVersion")]


def test_it_translates_an_e1_internal_server_error() -> None:
    body = b'{"message":"Internal Server Error","error":"An unexpected error occurred: boom"}'
    issues = translate_service_error(500, body)
    assert pairs(issues) == [("service_error", "")]
    assert "boom" in issues[0].message


def test_it_translates_e2_rule_errors_with_pointers() -> None:
    body = {
        "ruleError_0": {
            "name": "'2' duplication reference",
            "message": "Provision reference 'A1' is present 2 times.",
            "path": "Source -> Provision -> reference",
            "rule": "Each provision 'reference' must be unique and of type 'string'",
        },
        "ruleError_1": {
            "name": "Invalid coordinates",
            "message": "Geometry grid linked to 'LinearGeometry'",
            "path": "Source -> Provision -> RegulatedPlace -> LinearGeometry -> linestring",
            "rule": "Coordinates 'SRID=27700;LINESTRING(1 1, 0 -1)' are incorrect or not within "
            "Great Britain",
        },
        "ruleError_2": {
            "name": "Traffic regulation authority code submitted is invalid",
            "message": "TRA '5' cannot add/update a TRO for another TRA. (This D-TRO creator ID "
            "is '6', owner ID is '6' )",
            "path": "Source -> traCreator and Source -> currentTraOwner",
            "rule": "'5' must be '6' or '6'",
        },
    }
    issues = translate_service_error(400, json.dumps(body))
    assert pairs(issues) == [
        ("duplicate_provision_reference", "/data/source/provision"),
        ("geometry_invalid", "/data/source/provision"),
        ("tra_not_submitter", "/data/source/traCreator"),
    ]
    assert issues[0].service == body["ruleError_0"]
    assert field_for_pointer(issues[2].path) == (None, "traCreator")


def test_it_translates_e3_schema_errors_and_hides_one_of_noise() -> None:
    body = {
        "ruleError_0": {
            "message": "Invalid type. Expected Integer but got String.",
            "path": "source.currentTraOwner",
            "value": "1050",
            "errorType": "Type",
        },
        "ruleError_1": {
            "message": "Required properties are missing from object: actionType.",
            "path": "source",
            "value": ["actionType"],
            "errorType": "Required",
        },
        "ruleError_2": {
            "message": "JSON is valid against no schemas from 'oneOf'.",
            "path": "root",
            "value": None,
            "errorType": "OneOf",
        },
        "ruleError_3": {
            "message": "Property 'apples' has not been defined and the schema does not allow "
            "additional properties.",
            "path": "apples",
            "value": "apples",
            "errorType": "AdditionalProperties",
        },
        "ruleError_4": {
            "message": 'Value "x" is not defined in enum.',
            "path": "source.provision[0].source.provision[0].actionType",
            "value": "x",
            "errorType": "Enum",
        },
    }
    issues = translate_service_error(400, body)
    assert pairs(issues) == [
        ("type", "/data/source/currentTraOwner"),
        ("required", "/data/source/actionType"),
        ("additional_property", "/data/apples"),
        ("enum", "/data/source/provision/0/actionType"),
    ]
    assert field_for_pointer(issues[1].path) == (None, "actionType")
    assert field_for_pointer(issues[3].path) == (0, "actionType")


def test_it_translates_an_e4_inactive_schema_version() -> None:
    body = {
        "schemaVersionError": {
            "error": "Schema version '3.4.0' is not active",
            "message": "Not found",
        }
    }
    issues = translate_service_error(400, body)
    assert pairs(issues) == [("schema_version_inactive", "/schemaVersion")]
    assert "3.4.0" in issues[0].message


def test_it_translates_e5_problem_details() -> None:
    body = {
        "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        "title": "One or more validation errors occurred.",
        "status": 400,
        "errors": {"SchemaVersion": ["The SchemaVersion field is required."]},
        "traceId": "00-abc",
    }
    issues = translate_service_error(400, body)
    assert pairs(issues) == [("request_invalid", "/schemaVersion")]


def test_it_translates_e6_apigee_faults() -> None:
    forbidden = {
        "fault": {
            "faultstring": "Required scope(s): [cso, dsp]",
            "detail": {"errorcode": "steps.oauth.v2.InsufficientScope"},
        }
    }
    assert pairs(translate_service_error(403, forbidden)) == [("forbidden", "")]
    expired = {"fault": {"faultstring": "Invalid access token", "detail": {"errorcode": "x"}}}
    assert pairs(translate_service_error(401, expired)) == [("not_authorised", "")]
    spike = {
        "fault": {
            "faultstring": "Spike arrest violation",
            "detail": {"errorcode": "policies.ratelimit.SpikeArrestViolation"},
        }
    }
    assert pairs(translate_service_error(429, spike)) == [("rate_limited", "")]


def test_it_translates_e7_plain_text() -> None:
    issues = translate_service_error(500, b"An error occurred: Object reference not set")
    assert pairs(issues) == [("service_error", "")]


def test_it_translates_e8_file_is_empty_as_text_or_json_string() -> None:
    assert pairs(translate_service_error(400, "File is empty")) == [("empty", "")]
    assert pairs(translate_service_error(400, '"File is empty"')) == [("empty", "")]


def test_it_translates_the_icd_errors_list() -> None:
    body = {
        "message": "Validation failed",
        "errors": [
            {
                "message": "Required properties are missing from object: troName.",
                "path": "source",
                "value": ["troName"],
                "errorType": "Required",
            },
            "Something else went wrong",
        ],
    }
    issues = translate_service_error(400, body)
    assert pairs(issues) == [("required", "/data/source/troName"), ("service_rejected", "")]


def test_it_translates_an_exact_duplicate_rejection() -> None:
    body = {"message": "Bad Request", "error": "Duplicate D-TRO submission"}
    assert pairs(translate_service_error(400, body)) == [("duplicate_submission", "")]


def test_it_copes_with_no_body() -> None:
    assert pairs(translate_service_error(502, None)) == [("service_error", "")]
    assert pairs(translate_service_error(429, b"")) == [("rate_limited", "")]
