"""The chaos benchmark, small: real workers, Redis and the sandbox under gunicorn with
faults; workers SIGKILLed twice and Redis restarted once. Nothing lost, doubled or reordered."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import service_unavailable

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_every_change_is_published_exactly_once_and_in_order_under_chaos() -> None:
    if shutil.which("redis-server") is None:
        service_unavailable("redis-server is not installed")
    finished = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "delivery_chaos.py"),
            "--dtros",
            "14",
            "--kills",
            "2",
            "--deadline",
            "300",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    assert lines, finished.stderr[-3000:]
    result = json.loads(lines[-1])
    assert result["submitted"] >= 30
    assert result["worker_kills"] == 2 and result["broker_restarts"] == 1
    assert (result["duplicates"], result["lost"], result["out_of_order"]) == (0, 0, 0)
    assert result["published"] == result["submitted"]
    assert finished.returncode == 0
