"""Run the standalone sandbox under gunicorn in a subprocess (benchmarks, socket tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningSandbox:
    base_url: str
    env: dict[str, str]
    var_dir: Path

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database."""
        finished = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if finished.returncode:
            # Say why (a failed system check, say) instead of only the exit status.
            raise RuntimeError(
                f"manage.py {' '.join(args)} exited with {finished.returncode}:\n"
                f"{finished.stderr[-2000:]}"
            )
        return finished.stdout


@contextmanager
def standalone_sandbox(
    *, workers: int = 2, database_url: str | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[RunningSandbox]:
    """A fresh sandbox (throwaway SQLite unless `database_url`) on a free loopback port."""
    with tempfile.TemporaryDirectory(prefix="dtro-sandbox-") as var_dir:
        env = {
            k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SANDBOX_DATABASE_URL"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="sandbox.standalone_settings",
            PORTAL_ENV="development",
            PORTAL_VAR_DIR=var_dir,
            DEBUG="false",
            LOG_LEVEL="ERROR",
            **(extra_env or {}),
        )
        if database_url:
            env["SANDBOX_DATABASE_URL"] = database_url
        port = free_port()
        running = RunningSandbox(f"http://127.0.0.1:{port}/v1", env, Path(var_dir))
        running.manage("migrate", "--no-input", "-v", "0")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sandbox.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            _wait_for(port, server)
            yield running
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the sandbox did not start within 30 seconds")
