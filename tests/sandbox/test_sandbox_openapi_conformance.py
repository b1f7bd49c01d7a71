"""The sandbox's contract is DfT's own openapi.yaml: served as published, and kept.

Generated requests for every operation of DfT's document that the sandbox implements get no 5xx
and answers that conform to the document, except the departures listed (and explained) in
docs/sandbox.md, "Where the sandbox departs from DfT's OpenAPI", which are excused here one by
one and nowhere else.
"""

from __future__ import annotations

import base64
import copy
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from sandbox_helpers import TRA, Api, with_tra
from schemathesis import checks

from sandbox.contract import contract_path
from sandbox.services import save_app

pytestmark = pytest.mark.django_db

JSON = "application/json"

MAX_EXAMPLES = 60
# Statuses the sandbox answers, as the live service does, that DfT's document leaves out.
# Each is listed in docs/sandbox.md ("Where the sandbox departs from DfT's OpenAPI").
UNDOCUMENTED_STATUSES = {
    (
        "GET",
        "/dtros/{id}",
        404,
    ): "an unknown or deleted id: the service answers 404 'TRO not found'",
    ("PUT", "/dtros/updateFromBody/{dtroId}", 415): "no body: the document does not require one",
    ("POST", "/events", 415): "no body: the document does not require one",
    ("POST", "/search", 415): "no body: the document does not require one",
    ("POST", "/provisions/createFromBody", 415): "no body: the document does not require one",
    ("POST", "/provisions/createFromBody", 404): "an unknown D-TRO id",
    ("PUT", "/provisions/{provisionId}", 415): "no body: the document does not require one",
    ("PUT", "/provisions/{provisionId}", 404): "an unknown provision id",
    ("DELETE", "/provisions/{provisionId}", 404): "an unknown provision id",
}


def status_code_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' status check, less exactly the departures listed above."""
    key = (case.operation.method.upper(), case.operation.path, response.status_code)
    if key in UNDOCUMENTED_STATUSES:
        return None
    return checks.status_code_conformance(ctx, response, case)


def response_schema_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' body check, except where DfT's document contradicts its own example:
    AccessTokenResponse types `api_product_list_json` as an object, yet its example, the
    quickstart and the sandbox give an array. The rest of the token body is still checked."""
    if case.operation.path != "/oauth-generator" or response.status_code != 200:
        return checks.response_schema_conformance(ctx, response, case)
    components = case.operation.schema.raw_schema["components"]["schemas"]
    token = copy.deepcopy(components["AccessTokenResponse"])
    token["properties"]["api_product_list_json"] = {"type": "array", "items": {"type": "string"}}
    jsonschema.validate(response.json(), token)
    return None


CHECKS = [
    checks.not_a_server_error,
    status_code_conformance,
    checks.content_type_conformance,
    response_schema_conformance,
]


def test_dfts_document_is_served_with_only_the_server_url_changed(publisher: Api) -> None:
    response = publisher.client.get("/sandbox/v1/openapi.yaml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    published = contract_path().read_text(encoding="utf-8")
    served = response.content.decode()
    assert served.replace("http://testserver/sandbox/v1", "https://dtro.dft.gov.uk/v1", 1) == (
        published
    )
    assert "servers:\n  - url: http://testserver/sandbox/v1\n" in served


@contextmanager
def keep_connection() -> Iterator[None]:
    """Like Django's test client: a request must not close the test's open transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_generated_requests_get_no_5xx_and_answers_that_match_dfts_document(
    publisher: Api, document: dict
) -> None:
    # Some records to read, update and find, so the generator reaches the success paths.
    publisher.create(document)
    headers = {
        "Authorization": f"Bearer {publisher.token}",
        "App-Id": str(publisher.app.application_name),  # type: ignore[attr-defined]
    }
    # The token endpoint takes the app's client id and secret instead (HTTP Basic).
    save_app(name="Conformance", tra_code=TRA, client_id="conformance", client_secret="secret")
    basic = {"Authorization": "Basic " + base64.b64encode(b"conformance:secret").decode()}
    with keep_connection():
        schema = schemathesis.openapi.from_wsgi("/sandbox/v1/openapi.yaml", WSGIHandler())
        failures = list(_exercise_every_operation(schema, headers, basic))
    assert not failures, "\n\n".join(failures)


def _example_3_4_0() -> dict[str, Any]:
    # DfT's DTROData sketches a 3.x record (regulation as a list), so a 3.4.0 one is read back.
    path = (
        Path(django_settings.DTRO_SPEC_DIR)
        / "examples/3.4.0/example-derbyshire-2024-dj388-partial.json"
    )
    return with_tra(json.loads(path.read_text(encoding="utf-8-sig")), TRA)


def test_successful_answers_match_dfts_document(publisher: Api) -> None:
    """Generated requests rarely name a real record; these do, so every 2xx body is checked."""
    document = _example_3_4_0()
    with keep_connection():
        schema = schemathesis.openapi.from_wsgi("/sandbox/v1/openapi.yaml", WSGIHandler())
        headers = {
            "Authorization": f"Bearer {publisher.token}",
            "App-Id": str(publisher.app.application_name),  # type: ignore[attr-defined]
        }

        def call(method: str, path: str, status: int, **parts: Any) -> Any:
            case = schema[path][method].Case(**parts)
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            assert response.status_code == status, (method, path, response.text[:500])
            return response

        created = call("POST", "/dtros/createFromBody", 201, body=document, media_type=JSON)
        dtro_id = created.json()["id"]
        call("GET", "/dtros/{id}", 200, path_parameters={"id": dtro_id})
        changed = copy.deepcopy(document)
        changed["data"]["source"]["troName"] += " (amended)"
        call(
            "PUT", "/dtros/updateFromBody/{dtroId}", 200,
            path_parameters={"dtroId": dtro_id}, body=changed, media_type=JSON,
        )  # fmt: skip
        window = {
            "since": "2000-01-01T00:00:00",
            "to": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        }
        call("POST", "/events", 200, body={"page": 1, "pageSize": 10, **window}, media_type=JSON)
        query = {
            "page": 1,
            "pageSize": 10,
            "queries": [{"troName": changed["data"]["source"]["troName"]}],
        }
        call("POST", "/search", 200, body=query, media_type=JSON)
        call("GET", "/dtros/all", 200)
        call("GET", "/schemas/versions", 200)
        extra = copy.deepcopy(changed["data"]["source"]["provision"][0])
        extra["reference"] = str(uuid.uuid4())
        added = call(
            "POST", "/provisions/createFromBody", 201,
            query={"dtroId": dtro_id}, body=[extra], media_type=JSON,
        )  # fmt: skip
        provision_id = added.json()["provisionIds"][0]
        extra["provisionDescription"] += " (amended)"
        provision = {"provisionId": provision_id}
        call(
            "PUT",
            "/provisions/{provisionId}",
            200,
            path_parameters=provision,
            body=extra,
            media_type=JSON,
        )
        call("DELETE", "/provisions/{provisionId}", 204, path_parameters=provision)
        call("DELETE", "/dtros/{dtroId}", 204, path_parameters={"dtroId": dtro_id})


def _exercise_every_operation(
    schema: Any, bearer: dict[str, str], basic: dict[str, str]
) -> Iterator[str]:
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = basic if operation.path == "/oauth-generator" else bearer
        try:
            _generated_calls(operation, headers)()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
            yield f"{operation.method.upper()} {operation.path}: {exc}"


def _generated_calls(operation: Any, headers: dict[str, str]) -> Any:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return exercise
