"""Helpers for the client tests: example payloads, credentials, a session that watches."""

from __future__ import annotations

from typing import Any

import requests
from factories import make_credential  # noqa: F401 (re-exported)

from dtro_app.models import ApiCredential
from tests.dtro_examples import example_document, with_tra  # noqa: F401 (re-exported)


def sandbox_app(credential: ApiCredential) -> Any:
    from sandbox.models import SandboxApp

    return SandboxApp.objects.get(client_id=credential.client_id)


class Watched(requests.Session):
    """A real session that remembers each exchange's request and response headers."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[requests.PreparedRequest, requests.Response]] = []
        self.hooks["response"].append(self._keep)

    def _keep(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.exchanges.append((response.request, response))
