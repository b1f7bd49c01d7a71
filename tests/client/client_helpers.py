"""Helpers for the client tests: example payloads, credentials, a session that watches."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import requests

from dtro_app.models import ApiCredential, Environment, TrafficAuthority


def with_tra(document: dict[str, Any], tra_code: int) -> dict[str, Any]:
    """A copy of an example envelope owned by `tra_code`, made unique by its name."""
    document = copy.deepcopy(document)
    root = document["data"].get("source") or document["data"].get("consultation")
    root["traCreator"] = root["currentTraOwner"] = tra_code
    root["traAffected"] = [tra_code]
    root["troName"] = f"{root.get('troName', 'Client test order')} {uuid.uuid4()}"
    return document


def example_document() -> dict[str, Any]:
    from dtro_app.validation import get_registry

    version = get_registry().newest_active()
    assert version is not None, "no active schema version in DTRO_SPEC_DIR"
    paths = sorted(Path(p) for p in version.examples)
    preferred = [p for p in paths if "derbyshire" in p.name] or paths
    document = json.loads(preferred[0].read_text(encoding="utf-8-sig"))
    document["schemaVersion"] = version.version
    return document


def make_credential(
    authority: TrafficAuthority, base_url: str, client_id: str, secret: str, **fields: Any
) -> ApiCredential:
    credential = ApiCredential(
        authority=authority,
        environment=Environment.SANDBOX,
        base_url=base_url,
        client_id=client_id,
        **fields,
    )
    credential.set_secret(secret)
    credential.save()
    return credential


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
