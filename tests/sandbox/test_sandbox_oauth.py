from __future__ import annotations

import base64
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from sandbox_helpers import TRA, make_api

from sandbox.services import save_app

pytestmark = pytest.mark.django_db


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_a_publisher_gets_a_token_shaped_as_in_the_quickstart(client: Client) -> None:
    app, secret = save_app(name="Publisher", tra_code=TRA)
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(app.client_id, secret or "")},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "refresh_token_expires_in", "api_product_list", "api_product_list_json",
        "organization_name", "developer.email", "token_type", "issued_at", "client_id",
        "access_token", "application_name", "scope", "expires_in", "refresh_count", "status",
    }  # fmt: skip
    assert body["scope"] == "dsp"
    assert body["expires_in"] == "1799"
    assert body["token_type"] == "BearerToken"
    assert body["refresh_token_expires_in"] == "0"
    assert body["api_product_list_json"] == ["int-publisher"]
    assert body["client_id"] == app.client_id


def test_a_consumer_gets_scope_dc(client: Client) -> None:
    app, secret = save_app(name="Consumer", tra_code=None, consumer=True)
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(app.client_id, secret or "")},
    )
    assert response.json()["scope"] == "dc"


def test_a_wrong_secret_is_refused_with_401(client: Client) -> None:
    app, _ = save_app(name="Publisher", tra_code=TRA)
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(app.client_id, "not-the-secret")},
    )
    assert response.status_code == 401
    assert response.json()["ErrorCode"] == "invalid_client"


def test_a_wrong_grant_type_is_refused_with_400(client: Client) -> None:
    app, secret = save_app(name="Publisher", tra_code=TRA)
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data={"grant_type": "password"},
        headers={"Authorization": basic(app.client_id, secret or "")},
    )
    assert response.status_code == 400


def test_a_missing_token_gets_the_gateway_fault(client: Client) -> None:
    response = client.get("/sandbox/v1/schemas/versions")
    assert response.status_code == 401
    assert "Invalid access token" in response.json()["fault"]["faultstring"]


def test_an_unknown_token_gets_the_gateway_fault(client: Client) -> None:
    response = client.get(
        "/sandbox/v1/schemas/versions", headers={"Authorization": "Bearer nonsense"}
    )
    assert response.status_code == 401
    assert "Invalid Access Token" in response.json()["fault"]["faultstring"]


def test_a_token_expires_after_thirty_minutes(client: Client) -> None:
    with time_machine.travel("2026-06-01 09:00:00+00:00", tick=False) as traveller:
        api = make_api(client, "Publisher", TRA)
        assert api.get("schemas/versions").status_code == 200
        traveller.shift(timedelta(minutes=29, seconds=59))
        assert api.get("schemas/versions").status_code == 200
        traveller.shift(timedelta(seconds=1))
        response = api.get("schemas/versions")
    assert response.status_code == 401
    assert response.json()["fault"]["detail"]["errorcode"].endswith("access_token_expired")


def test_a_consumer_cannot_publish(consumer: object, document: dict) -> None:
    response = consumer.post("dtros/createFromBody", document)  # type: ignore[attr-defined]
    assert response.status_code == 403
    assert response.json() == {
        "fault": {
            "faultstring": "Required scope(s): [cso, dsp]",
            "detail": {"errorcode": "steps.oauth.v2.InsufficientScope"},
        }
    }


def test_a_consumer_can_read_what_a_publisher_created(
    publisher: object, consumer: object, document: dict
) -> None:
    dtro_id = publisher.create(document)  # type: ignore[attr-defined]
    response = consumer.get(f"dtros/{dtro_id}")  # type: ignore[attr-defined]
    assert response.status_code == 200


def test_the_correlation_id_is_echoed_or_generated(publisher: object) -> None:
    sent = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    echoed = publisher.get("schemas/versions", **{"X-Correlation-ID": sent})  # type: ignore[attr-defined]
    assert echoed["X-Correlation-ID"] == sent
    generated = publisher.get("schemas/versions")  # type: ignore[attr-defined]
    assert len(generated["X-Correlation-ID"]) == 36
