"""A Celery worker outlives its Redis broker being killed and started again.

A private redis-server (no persistence) on a spare port, a real prefork worker on the test
database; Redis is SIGKILLed and restarted on the same port, then a sweep published after
the restart must still be run by the same worker process.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from dtro_app.models.heartbeats import last_beat
from tests.conftest import service_unavailable

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int, folder: Path) -> subprocess.Popen[bytes]:
    import redis

    process = subprocess.Popen(
        [
            *(shutil.which("redis-server") or "redis-server", "--port", str(port)),
            *("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port).ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_worker_reconnects_and_runs_tasks_published_after_the_restart(tmp_path):
    if not shutil.which("redis-server"):
        service_unavailable("redis-server is not installed")
    if connection.vendor != "postgresql":
        service_unavailable("the worker needs the PostgreSQL test database")
    from celery import Celery

    port = free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    redis_process = start_redis(port, tmp_path)
    db = connection.settings_dict
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker_url,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT']}/{db['NAME']}",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
    }
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "prefork"),
            *("-c", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"),
            *("--hostname", f"restart-test-{port}@%h"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    publisher = Celery("publisher", broker=broker_url)
    try:
        wait_for(lambda: b"ready." in log.read_bytes(), 30, "the worker to start")

        redis_process.send_signal(signal.SIGKILL)
        redis_process.wait()
        wait_for(lambda: b"Connection to broker lost" in log.read_bytes(), 10, "the loss")
        time.sleep(1)
        redis_process = start_redis(port, tmp_path)

        result = publisher.send_task("dtro_app.sweep_outbox")
        done = f"Task dtro_app.sweep_outbox[{result.id}] succeeded".encode()
        wait_for(lambda: done in log.read_bytes(), 25, "the task published after the restart")
        assert worker.poll() is None, "the worker process exited"
        # The sweep ran against the database too: it leaves its heartbeat.
        assert last_beat("sweeper") is not None
    finally:
        publisher.close()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        redis_process.kill()
        redis_process.wait()
        if worker.returncode not in (0, -signal.SIGTERM):
            print(log.read_text(errors="replace")[-4000:])
