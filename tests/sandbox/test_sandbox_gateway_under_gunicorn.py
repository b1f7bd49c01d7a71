"""Against real gunicorn workers on SQLite: what a benchmark reads with plain SQL."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from typing import Any

import pytest
import requests
from sandbox_helpers import TRA, example_document, with_tra

from sandbox.testing import RunningSandbox, standalone_sandbox

pytestmark = pytest.mark.integration

AGENT = "dtro-portal/0.1 (pid 12345)"


def bearer(sandbox: RunningSandbox, name: str) -> dict[str, str]:
    sandbox.manage(
        "sandbox_create_app", "--name", name, "--tra", str(TRA),
        "--client-id", name, "--client-secret", f"{name}-secret",
    )  # fmt: skip
    token = requests.post(
        f"{sandbox.base_url}/oauth-generator",
        auth=(name, f"{name}-secret"),
        data={"grant_type": "client_credentials"},
        timeout=10,
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def query(sandbox: RunningSandbox, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(sandbox.var_dir / "sandbox.sqlite3") as db:
        return db.execute(sql).fetchall()


def test_a_held_write_is_visible_in_flight_and_commits_after_the_hold() -> None:
    env = {"SANDBOX_TRACK_IN_FLIGHT": "true", "SANDBOX_FAULT_LATENCY_MS": "2000"}
    with standalone_sandbox(workers=2, extra_env=env) as sandbox:
        headers = {**bearer(sandbox, "held"), "Content-Type": "application/json"}
        document = with_tra(example_document(), TRA)
        answers: list[int] = []

        def send() -> None:
            answers.append(
                requests.post(
                    f"{sandbox.base_url}/dtros/createFromBody",
                    data=json.dumps(document),
                    headers={**headers, "User-Agent": AGENT},
                    timeout=30,
                ).status_code
            )

        sender = threading.Thread(target=send)
        sender.start()
        rows: list[tuple[Any, ...]] = []
        deadline = time.monotonic() + 1.5
        while not rows and time.monotonic() < deadline:
            rows = query(sandbox, "SELECT method, path, user_agent FROM sandbox_sandboxinflight")
            time.sleep(0.02)
        stored_while_held = query(sandbox, "SELECT count(*) FROM sandbox_sandboxdtro")[0][0]
        sender.join()
        assert rows == [("POST", "/v1/dtros/createFromBody", AGENT)]
        assert stored_while_held == 0
        assert answers == [201]
        assert query(sandbox, "SELECT count(*) FROM sandbox_sandboxinflight") == [(0,)]
        assert query(sandbox, "SELECT count(*) FROM sandbox_sandboxdtro") == [(1,)]


def test_the_spike_arrest_is_one_limit_across_worker_processes_and_counted() -> None:
    with standalone_sandbox(workers=2) as sandbox:
        first, second = bearer(sandbox, "first"), bearer(sandbox, "second")
        # Ten seconds between requests, so the machine's speed cannot change the answer.
        sandbox.manage("sandbox_gateway", "--spike-arrest", "6:2")
        statuses = [
            requests.get(f"{sandbox.base_url}/schemas/versions", headers=h, timeout=10).status_code
            for h in (first, second, first, second, first)
        ]
        counts = json.loads(sandbox.manage("sandbox_fault_counts"))
        in_table = query(sandbox, "SELECT kind, count FROM sandbox_sandboxfaultcount")
    assert statuses == [200, 200, 429, 429, 429]
    assert counts["spike_arrest"] == 3
    assert in_table == [("spike_arrest", 3)]
