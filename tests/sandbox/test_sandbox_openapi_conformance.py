"""Property-based check: the sandbox never answers 5xx and always matches its description."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from sandbox_helpers import Api
from schemathesis import checks

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 60
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def test_the_description_is_served_and_names_every_endpoint(publisher: Api) -> None:
    paths = publisher.client.get("/sandbox/v1/openapi.json").json()["paths"]
    assert {
        "/oauth-generator", "/dtros/createFromBody", "/dtros/createFromFile",
        "/dtros/updateFromBody/{dtroId}", "/dtros/updateFromFile/{dtroId}", "/dtros/{dtroId}",
        "/dtros/sourceHistory/{dtroId}", "/dtros/provisionHistory/{dtroId}", "/dtros/all",
        "/events", "/search", "/rules/versions", "/rules", "/rules/{version}",
        "/schemas/versions", "/schemas", "/schemas/{version}",
    } == set(paths)  # fmt: skip


@contextmanager
def keep_connection() -> Iterator[None]:
    """Like Django's test client: a request must not close the test's open transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_generated_requests_get_no_5xx_and_answers_that_match_the_description(
    publisher: Api, document: dict
) -> None:
    # Some records to read, update and find, so the generator reaches the success paths.
    publisher.create(document)
    headers = {"Authorization": f"Bearer {publisher.token}"}
    with keep_connection():
        schema = schemathesis.openapi.from_wsgi("/sandbox/v1/openapi.json", WSGIHandler())
        failures = list(_exercise_every_operation(schema, headers))
    assert not failures, "\n\n".join(failures)


def _exercise_every_operation(schema: Any, headers: dict[str, str]) -> Iterator[str]:
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/oauth-generator":
            continue  # needs Basic credentials; covered by the OAuth tests

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
            yield f"{operation.method.upper()} {operation.path}: {exc}"
