#!/usr/bin/env python3
"""Run the test suite against the right services.

With CI=true the suite must use the local PostgreSQL and Redis: if either is missing the
run fails here, loudly, instead of skipping tests. Without CI, they are used when they
are running; otherwise the suite runs on SQLite and the integration tests that need them
are skipped with that reason.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dtro_portal"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    env = dict(os.environ)
    in_ci = env.get("CI", "").lower() == "true"
    postgres_up = reachable("127.0.0.1", 5432)
    redis_up = reachable("127.0.0.1", 6379)
    if in_ci:
        missing = [n for n, up in (("PostgreSQL", postgres_up), ("Redis", redis_up)) if not up]
        if missing and not (env.get("DATABASE_URL") and env.get("REDIS_URL")):
            print(
                f"CI=true but {' and '.join(missing)} not reachable on 127.0.0.1", file=sys.stderr
            )
            return 2
        env["PORTAL_TEST_SERVICES"] = "required"
    if postgres_up:
        env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if redis_up:
        env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.setdefault("PORTAL_TEST_SERVICES", "optional")
    env["PORTAL_ENV"] = "test"
    env["PORTAL_VAR_DIR"] = str(ROOT / "var" / "test")
    print(
        f"Tests use database {env.get('DATABASE_URL', 'SQLite')} and "
        f"Redis {env.get('REDIS_URL', 'none')}",
        flush=True,
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    os.chdir(ROOT)
    os.execve(python, [python, "-m", "pytest", *sys.argv[1:]], env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
