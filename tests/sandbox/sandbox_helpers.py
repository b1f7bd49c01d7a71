"""Helpers for the sandbox tests: example payloads, a bearer-token API client."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.test import Client

from tests.dtro_examples import example_document, with_tra  # noqa: F401 (re-exported)

TRA = 99999
OTHER_TRA = 99998


class Api:
    """Calls the mounted sandbox with a bearer token, like the portal's client would."""

    base = "/sandbox/v1/"

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(self.base + path, headers=self.headers(headers))

    def delete(self, path: str) -> Any:
        return self.client.delete(self.base + path, headers=self.headers())

    def post(self, path: str, body: object, **headers: str) -> Any:
        return self.client.post(
            self.base + path,
            data=json.dumps(body),
            content_type="application/json",
            headers=self.headers(headers),
        )

    def put(self, path: str, body: object) -> Any:
        return self.client.put(
            self.base + path,
            data=json.dumps(body),
            content_type="application/json",
            headers=self.headers(),
        )

    def create(self, document: dict[str, Any]) -> str:
        response = self.post("dtros/createFromBody", document)
        assert response.status_code == 201, response.content
        return response.json()["id"]


def token_for(client: Client, client_id: str, secret: str) -> str:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = client.post(
        "/sandbox/v1/oauth-generator",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def make_api(client: Client, name: str, tra: int | None, *, consumer: bool = False) -> Api:
    from sandbox.services import save_app

    app, secret = save_app(name=name, tra_code=tra, consumer=consumer)
    api = Api(client, token_for(client, app.client_id, secret or ""))
    api.app = app  # type: ignore[attr-defined]
    return api
