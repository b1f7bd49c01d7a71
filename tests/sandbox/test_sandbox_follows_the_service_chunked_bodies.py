"""A chunked request body (no Content-Length) is read like any other, within the size limit."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from sandbox_helpers import TRA, example_document, with_tra

from sandbox.testing import standalone_sandbox
from sandbox.views import MAX_BODY_BYTES

pytestmark = pytest.mark.integration


def chunks(data: bytes, size: int = 4096) -> Iterator[bytes]:
    # A generator makes requests send Transfer-Encoding: chunked and no Content-Length.
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_chunked_create_is_stored_and_an_oversized_one_refused_with_413() -> None:
    with standalone_sandbox(workers=1) as sandbox:
        sandbox.manage(
            "sandbox_create_app", "--name", "chunky", "--tra", str(TRA),
            "--client-id", "chunky", "--client-secret", "chunky-secret",
        )  # fmt: skip
        token = requests.post(
            f"{sandbox.base_url}/oauth-generator",
            auth=("chunky", "chunky-secret"),
            data={"grant_type": "client_credentials"},
            timeout=10,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        url = f"{sandbox.base_url}/dtros/createFromBody"
        document = with_tra(example_document(), TRA)

        sent = requests.post(
            url, data=chunks(json.dumps(document).encode()), headers=headers, timeout=30
        )
        assert "Content-Length" not in sent.request.headers
        assert sent.request.headers["Transfer-Encoding"] == "chunked"
        assert sent.status_code == 201, sent.text
        stored = requests.get(
            f"{url.rsplit('/', 2)[0]}/dtros/{sent.json()['id']}", headers=headers, timeout=10
        )
        assert stored.json()["data"] == document["data"]

        too_big = b" " * (MAX_BODY_BYTES + 1)
        refused = requests.post(url, data=chunks(too_big, 1 << 20), headers=headers, timeout=30)
        assert refused.status_code == 413
