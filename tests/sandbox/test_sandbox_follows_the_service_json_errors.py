"""Errors the OpenAPI describes as JSON are JSON in the service's {message, error} shape."""

from __future__ import annotations

import pytest
from django.test import Client
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


def test_a_non_guid_id_answers_a_json_404(publisher: Api) -> None:
    response = publisher.get("dtros/not-a-guid")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Not found", "error": "/dtros/not-a-guid"}


def test_an_unsigned_export_answers_a_json_403(publisher: Api) -> None:
    response = Client().get(publisher.base + "dtros/all.csv?X-Sandbox-Signature=forged")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "message": "Forbidden",
        "error": "The request signature we calculated does not match",
    }
