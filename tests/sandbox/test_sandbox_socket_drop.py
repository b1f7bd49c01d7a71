"""Drop-after-commit against a real gunicorn: the record exists, the client got nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests
from sandbox_helpers import TRA, example_document, with_tra

from sandbox.testing import standalone_sandbox

pytestmark = pytest.mark.integration


def test_a_dropped_create_is_committed_but_the_client_sees_the_connection_close() -> None:
    with standalone_sandbox(workers=1, extra_env={"SANDBOX_FAULT_DROP_RATE": "1"}) as sandbox:
        sandbox.manage(
            "sandbox_create_app", "--name", "drop", "--tra", str(TRA),
            "--client-id", "drop", "--client-secret", "drop-secret",
        )  # fmt: skip
        token = requests.post(
            f"{sandbox.base_url}/oauth-generator",
            auth=("drop", "drop-secret"),
            data={"grant_type": "client_credentials"},
            timeout=10,
        ).json()["access_token"]
        document = with_tra(example_document(), TRA)
        with pytest.raises(requests.ConnectionError):
            requests.post(
                f"{sandbox.base_url}/dtros/createFromBody",
                data=json.dumps(document),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                timeout=10,
            )
        with sqlite3.connect(sandbox.var_dir / "sandbox.sqlite3") as db:
            names = [row[0] for row in db.execute("SELECT tro_name FROM sandbox_sandboxdtro")]
    assert names == [document["data"]["source"]["troName"]]
