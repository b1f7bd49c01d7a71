"""`make run` on a port another process holds stops at once, non-zero, with a hint to pick
another port (`make run PORT=...`), instead of announcing a portal that is not there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def run_portal(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Should the check ever let it through, it would only touch a throwaway SQLite database.
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "PORT"}}
    clean.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_ENV="development",
        PORTAL_VAR_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "run_portal", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_busy_port_given_with_port_stops_run_portal_with_a_hint(tmp_path, busy_port):
    result = run_portal(tmp_path, "--port", str(busy_port))

    assert result.returncode != 0
    assert f"Port {busy_port} is in use" in result.stderr
    assert "try `make run PORT=" in result.stderr
    assert "The portal is running" not in result.stdout


def test_a_busy_port_given_in_the_port_variable_stops_run_portal_too(tmp_path, busy_port):
    result = run_portal(tmp_path, PORT=str(busy_port))

    assert result.returncode != 0
    assert f"Port {busy_port} is in use" in result.stderr
    assert "The portal is running" not in result.stdout
