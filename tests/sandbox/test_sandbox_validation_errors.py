from __future__ import annotations

import copy
import io
import json

import pytest
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


def test_an_unknown_schema_version_is_404_with_the_endpoint_wording(
    publisher: Api, document: dict
) -> None:
    document["schemaVersion"] = "9.9.9"
    body = publisher.post("dtros/createFromBody", document)
    assert body.status_code == 404
    assert body.json() == {"message": "Dtro not found", "error": "Schema Template not found"}
    file = io.BytesIO(json.dumps(document).encode())
    file.name = "file.json"
    upload = publisher.client.post(
        publisher.base + "dtros/createFromFile", data={"file": file}, headers=publisher.headers()
    )
    assert upload.status_code == 404
    assert upload.json() == {"message": " not found", "error": "Schema Template not found"}


def test_an_inactive_schema_version_is_400_with_the_schema_version_error(
    publisher: Api, document: dict
) -> None:
    from django.test import override_settings

    from dtro_validation import reset_registry

    document["schemaVersion"] = "3.4.0"
    try:
        with override_settings(DTRO_INACTIVE_SCHEMA_VERSIONS="3.4.0"):
            reset_registry()
            response = publisher.post("dtros/createFromBody", document)
    finally:
        reset_registry()
    assert response.status_code == 400
    assert response.json() == {
        "schemaVersionError": {
            "error": "Schema version '3.4.0' is not active",
            "message": "Not found",
        }
    }


def test_a_schema_failure_is_400_with_rule_errors_of_the_schema_shape(
    publisher: Api, document: dict
) -> None:
    broken = copy.deepcopy(document)
    broken["data"]["source"]["traCreator"] = "not a number"
    response = publisher.post("dtros/createFromBody", broken)
    assert response.status_code == 400
    errors = response.json()
    assert "ruleError_0" in errors
    assert list(errors["ruleError_0"]) == ["message", "path", "value", "errorType"]


def test_a_payload_for_another_tra_is_400_with_semantic_rule_errors(
    publisher: Api, document: dict
) -> None:
    foreign = copy.deepcopy(document)
    foreign["data"]["source"]["traCreator"] = 12345
    foreign["data"]["source"]["currentTraOwner"] = 12345
    response = publisher.post("dtros/createFromBody", foreign)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors["ruleError_0"]) == ["name", "message", "path", "rule"]


def test_a_body_that_is_not_json_is_a_model_binding_error(publisher: Api) -> None:
    response = publisher.client.post(
        publisher.base + "dtros/createFromBody",
        data="{not json",
        content_type="application/json",
        headers=publisher.headers(),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "One or more validation errors occurred."
    assert body["status"] == 400
    assert body["type"] == "https://tools.ietf.org/html/rfc7231#section-6.5.1"


def test_an_envelope_without_schema_version_is_a_model_binding_error(
    publisher: Api, document: dict
) -> None:
    response = publisher.post("dtros/createFromBody", {"data": document["data"]})
    assert response.status_code == 400
    assert "errors" in response.json()


def test_a_body_that_is_not_json_content_is_415(publisher: Api) -> None:
    response = publisher.client.post(
        publisher.base + "dtros/createFromBody",
        data="x",
        content_type="text/plain",
        headers=publisher.headers(),
    )
    assert response.status_code == 415


def test_a_non_guid_id_is_a_json_404(publisher: Api) -> None:
    response = publisher.get("dtros/not-a-guid")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found"
