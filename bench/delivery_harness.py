"""Real parts for delivery benchmarks: Redis, PostgreSQL, Celery workers and beat, and the
sandbox under gunicorn, each in its own process, started and stopped by this harness.

Used by `bench/delivery_chaos.py` and `bench/delivery.py`. The harness configures Django in
the calling process (against a throwaway PostgreSQL database) so the benchmark drafts and
approves changes through the portal's own services, exactly as officers and supervisors do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BASE_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def recreate_database(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_BASE_URL}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisServer:
    """A private Redis on a spare port, without persistence: a restart loses every message."""

    def __init__(self, directory: Path) -> None:
        from sandbox.testing import free_port

        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def restart(self, down_for: float = 1.0) -> None:
        self.kill()
        time.sleep(down_for)
        self.start()


@dataclass
class Harness:
    env: dict[str, str]
    redis: RedisServer
    sandbox: Any
    workdir: Path
    sandbox_db: str
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    beat: subprocess.Popen[bytes] | None = None

    def start_worker(self, concurrency: int = 2) -> subprocess.Popen[bytes]:
        index = len(self.workers)
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"bench{index}@%h",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,  # its own process group, so SIGKILL takes the pool too
        )
        self.workers.append(worker)
        return worker

    def stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)

    def kill_worker(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL a worker and its pool processes mid-flight, as an OOM killer would."""
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()

    def start_beat(self) -> None:
        self.beat = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.workdir / "beat-schedule"),
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )

    def stop_all(self) -> None:
        for process in [*self.workers, self.beat]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, self.beat]:
            if process is None:
                continue
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def sandbox_rows(self, tra_codes: list[int]) -> tuple[list[tuple], list[tuple]]:
        """(records, history rows) the sandbox holds for these TRAs, read from its database."""
        import psycopg

        with psycopg.connect(self.sandbox_db) as db:
            records = db.execute(
                "SELECT id, data, deleted FROM sandbox_sandboxdtro WHERE tra_creator = ANY(%s)",
                (tra_codes,),
            ).fetchall()
            history = db.execute(
                "SELECT h.dtro_id, h.data FROM sandbox_sandboxdtrohistory h "
                "JOIN sandbox_sandboxdtro d ON d.id = h.dtro_id "
                "WHERE d.tra_creator = ANY(%s) ORDER BY h.last_updated, h.id",
                (tra_codes,),
            ).fetchall()
        return records, history


@contextmanager
def running_harness(
    *,
    name: str,
    sandbox_faults: dict[str, str] | None = None,
    sandbox_workers: int = 4,
    delivery_settings: dict[str, str] | None = None,
) -> Iterator[Harness]:
    """Everything up, Django configured in this process; all torn down afterwards."""
    from sandbox.testing import standalone_sandbox

    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"{name}-")))
        portal_db = recreate_database(f"{name}_portal")
        sandbox_db = recreate_database(f"{name}_sandbox")
        stack.callback(drop_database, f"{name}_portal")
        stack.callback(drop_database, f"{name}_sandbox")
        redis_server = RedisServer(workdir)
        redis_server.start()
        stack.callback(redis_server.kill)
        sandbox_env = {"SANDBOX_FAULT_SEED": "7", **(sandbox_faults or {})}
        sandbox = stack.enter_context(
            standalone_sandbox(
                workers=sandbox_workers, database_url=sandbox_db, extra_env=sandbox_env
            )
        )
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_FAULT_")},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PORTAL_ENV": "development",
            # As deployed (and as the sandbox runs): DEBUG keeps every SQL statement in memory.
            "DEBUG": "false",
            "PORTAL_VAR_DIR": str(workdir / "var"),
            "DATABASE_URL": portal_db,
            "REDIS_URL": redis_server.url,
            "CELERY_BROKER_URL": redis_server.url,
            "DTRO_PUBLISH_ENVIRONMENT": "sandbox",
            "LOG_LEVEL": "WARNING",
            **(delivery_settings or {}),
        }
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        os.environ.update(env)
        import django

        django.setup()
        harness = Harness(
            env=env,
            redis=redis_server,
            sandbox=sandbox,
            workdir=workdir,
            sandbox_db=sandbox_db.replace("postgres://", "postgresql://"),
        )
        stack.callback(harness.stop_all)
        yield harness


def make_authority(harness: Harness, code: int, name: str) -> tuple[Any, Any, Any]:
    """A TRA with an officer, a supervisor and a sandbox credential (returns the first three)."""
    from django.contrib.auth import get_user_model

    from dtro_app.models import ApiCredential, Environment, Membership, Role, TrafficAuthority

    client_id, secret = f"bench-{code}", f"bench-secret-{code}"
    harness.sandbox.manage(
        "sandbox_create_app", "--name", f"bench {code}", "--tra", str(code),
        "--client-id", client_id, "--client-secret", secret, "--rate-limit", "100000",
    )  # fmt: skip
    tra = TrafficAuthority.objects.create(code=code, name=name)
    users = get_user_model().objects
    officer = users.create_user(username=f"officer{code}", email=f"officer@{code}.example")
    supervisor = users.create_user(username=f"supervisor{code}", email=f"sup@{code}.example")
    Membership.objects.create(user=officer, authority=tra, role=Role.OFFICER)
    Membership.objects.create(user=supervisor, authority=tra, role=Role.SUPERVISOR)
    credential = ApiCredential(
        authority=tra,
        environment=Environment.SANDBOX,
        base_url=harness.sandbox.base_url,
        client_id=client_id,
        rate_limit_per_minute=100_000,
    )
    credential.set_secret(secret)
    credential.save()
    return tra, officer, supervisor


def wait_until_settled(total: int, deadline_seconds: float) -> dict[str, int]:
    """Poll the outbox until every submission has settled (or failed), or time runs out."""
    from django.db.models import Count

    from dtro_app.models import Submission

    deadline = time.monotonic() + deadline_seconds
    last_report = 0.0
    while True:
        counts = dict(Submission.objects.values_list("state").annotate(n=Count("pk")).order_by())
        settled = sum(counts.get(s, 0) for s in ("succeeded", "rejected", "failed", "cancelled"))
        if time.monotonic() - last_report > 5:
            log(f"outbox: {counts}")
            last_report = time.monotonic()
        if settled >= total or time.monotonic() > deadline:
            return counts
        time.sleep(0.25)
