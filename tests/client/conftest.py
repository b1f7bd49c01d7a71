"""A D-TRO client talking to the bundled sandbox over real HTTP (pytest-django live_server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from client_helpers import Watched, example_document, make_credential, with_tra

from dtro_app.client import DtroClient
from dtro_app.models import ApiCredential, TrafficAuthority


@pytest.fixture
def sandbox_url(live_server: Any) -> str:
    return f"{live_server.url}/sandbox/v1"


@pytest.fixture
def credential(tra: TrafficAuthority, sandbox_url: str) -> ApiCredential:
    from sandbox.services import ensure_demo_app

    client_id, secret = ensure_demo_app(tra.code, tra.name)
    return make_credential(tra, sandbox_url, client_id, secret)


@pytest.fixture
def other_credential(other_tra: TrafficAuthority, sandbox_url: str) -> ApiCredential:
    from sandbox.services import ensure_demo_app

    client_id, secret = ensure_demo_app(other_tra.code, other_tra.name)
    return make_credential(other_tra, sandbox_url, client_id, secret)


@pytest.fixture
def session() -> Iterator[Watched]:
    with Watched() as watched:
        yield watched


@pytest.fixture
def api(credential: ApiCredential, session: Watched) -> DtroClient:
    return DtroClient(credential, session=session)


@pytest.fixture
def document(tra: TrafficAuthority) -> dict[str, Any]:
    return with_tra(example_document(), tra.code)
