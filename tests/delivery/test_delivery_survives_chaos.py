"""The chaos benchmark, small, and proof that it can fail.

Real workers, Redis and the sandbox under gunicorn injecting every kind of fault; workers
SIGKILLed while their writes are held inside the sandbox, Redis restarted with messages in
it, an outage long enough to open the circuit. The verdict compares the bench's own
manifest with the sandbox's records (never the portal's database). Then the same bench with
reconciliation sabotaged must report duplicates and fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import service_unavailable

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
KINDS = (
    "5xx_before_commit",
    "5xx_after_commit",
    "429",
    "timeout_after_commit",
    "drop_after_commit",
)


def run_chaos(*args: str, timeout: float) -> tuple[dict[str, Any], subprocess.CompletedProcess]:
    if shutil.which("redis-server") is None:
        service_unavailable("redis-server is not installed")
    finished = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "delivery_chaos.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    assert lines, finished.stderr[-4000:]
    return json.loads(lines[-1]), finished


def test_every_change_is_published_exactly_once_and_in_order_under_chaos() -> None:
    result, finished = run_chaos("--orders", "16", "--kills", "3", "--deadline", "180", timeout=300)
    log = finished.stderr[-4000:]
    # Every order is created and amended; some are amended again or deleted (random plan).
    assert result["submitted"] >= 2 * 16, result
    assert (result["duplicates"], result["lost"], result["out_of_order"]) == (0, 0, 0), log
    assert result["unexpected"] == 0, log
    assert result["published"] == result["submitted"], log
    # The faults really happened: counted by the sandbox, not assumed.
    assert all(result["injected"][kind] > 0 for kind in KINDS), result["injected"]
    assert result["injected"]["5xx_before_commit"] > result["outage_503s"], result
    assert result["kills_in_flight"] >= 3, log
    assert result["broker_restarts"] == 1, log
    assert result["circuit_opened"] and result["outage_seconds"] > 0, log
    assert finished.returncode == 0, log


def test_the_check_fails_when_reconciliation_is_sabotaged() -> None:
    result, finished = run_chaos(
        "--orders", "8", "--kills", "0", "--no-outage", "--no-broker-restart",
        "--sabotage", "reconcile-off", "--deadline", "120",
        timeout=240,
    )  # fmt: skip
    assert result["sabotage"] == "reconcile-off"
    assert result["duplicates"] > 0, finished.stderr[-4000:]
    assert finished.returncode != 0
