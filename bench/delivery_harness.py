"""Real parts for delivery benchmarks: Redis, PostgreSQL, Celery workers and beat, and the
sandbox under gunicorn, each in its own process, started and stopped by this harness.

Used by `bench/delivery_chaos.py`, `bench/delivery.py` and `bench/profile_delivery.py`. The
harness configures Django in the calling process (against a throwaway PostgreSQL database)
so the benchmark drafts and approves changes through the portal's own services, exactly as
officers and supervisors do.

Every run gets its own names: databases `<name>_<random>_portal` and `<name>_<random>_sandbox`
and a private Redis on a spare port, so concurrent runs (or a colleague's) never share or
drop each other's state.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
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
FAULT_KINDS = (
    "5xx_before_commit",
    "5xx_after_commit",
    "429",
    "timeout_after_commit",
    "drop_after_commit",
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
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

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)

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
                self.client().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def messages(self) -> int:
        """Task messages the broker holds: queued, plus delivered but not yet acknowledged."""
        client = self.client()
        return int(client.llen("celery")) + int(client.hlen("unacked"))

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
    name: str  # unique per run (it carries a random suffix)
    env: dict[str, str]
    redis: RedisServer
    sandbox: Any
    workdir: Path
    sandbox_db: str
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    beat: subprocess.Popen[bytes] | None = None
    started_workers: int = 0
    worker_crashes: int = 0
    # Held while a worker is killed and replaced, so `replace_crashed` never mistakes a
    # worker the bench killed for one that died by itself.
    lock: threading.RLock = field(default_factory=threading.RLock)

    def start_worker(
        self, concurrency: int = 2, *, app: str = "portal", pool: str = "prefork"
    ) -> subprocess.Popen[bytes]:
        index = self.started_workers
        self.started_workers += 1
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool",
                pool,
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench{index}@%h",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=sys.stderr,  # banners off stdout: a bench prints only its JSON line there
            start_new_session=True,  # its own process group, so SIGKILL takes the pool too
        )
        self.workers.append(worker)
        return worker

    def worker_of(self, pid: int) -> subprocess.Popen[bytes] | None:
        """The worker whose process group holds `pid` (a pool process or the worker itself)."""
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return None
        for worker in self.workers:
            if worker.poll() is None and worker.pid == group:
                return worker
        return None

    def stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        if worker in self.workers:
            self.workers.remove(worker)

    def kill_worker(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL a worker and its pool processes mid-flight, as an OOM killer would."""
        with self.lock:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            if worker in self.workers:
                self.workers.remove(worker)

    def replace_crashed(self, concurrency: int, app: str) -> int:
        """Start a new worker for each that exited by itself (as compose's restart policy
        would); returns how many had."""
        with self.lock:
            crashed = [w for w in self.workers if w.poll() is not None]
            for worker in crashed:
                log(
                    f"worker {worker.pid} exited by itself (status {worker.returncode}); restarting"
                )
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, signal.SIGKILL)  # pool processes it left behind
                self.workers.remove(worker)
                self.start_worker(concurrency, app=app)
            self.worker_crashes += len(crashed)
            return len(crashed)

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
            stdout=sys.stderr,  # banners off stdout: a bench prints only its JSON line there
            start_new_session=True,
        )

    def stop_all(self) -> None:
        processes = [p for p in [*self.workers, self.beat] if p is not None]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    # --- the sandbox's own database, read and written with plain SQL ----------------------

    def sandbox_sql(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.sandbox_db, autocommit=True) as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def fault_counts(self) -> dict[str, int]:
        """What the sandbox says it injected, by kind (every server process adds to one row)."""
        counts = dict.fromkeys([*FAULT_KINDS, "spike_arrest"], 0)
        counts.update(
            (kind, int(n))
            for kind, n in self.sandbox_sql("SELECT kind, count FROM sandbox_sandboxfaultcount")
        )
        return counts

    def sandbox_records(self, tra_codes: list[int]) -> tuple[list[tuple], list[tuple]]:
        """(records, history rows) the sandbox holds for these TRAs, read from its database.

        records: (id, data, deleted); history: (dtro_id, data) in the order the snapshots
        were written (each is the record's content just before an update replaced it)."""
        records = self.sandbox_sql(
            "SELECT id, data, deleted FROM sandbox_sandboxdtro WHERE tra_creator = ANY(%s)",
            (tra_codes,),
        )
        history = self.sandbox_sql(
            "SELECT h.dtro_id, h.data FROM sandbox_sandboxdtrohistory h "
            "JOIN sandbox_sandboxdtro d ON d.id = h.dtro_id "
            "WHERE d.tra_creator = ANY(%s) ORDER BY h.id",
            (tra_codes,),
        )
        return records, history


@contextmanager
def running_harness(
    *,
    name: str,
    sandbox_env: dict[str, str] | None = None,
    sandbox_workers: int = 4,
    delivery_settings: dict[str, str] | None = None,
) -> Iterator[Harness]:
    """Everything up, Django configured in this process; all torn down afterwards."""
    from sandbox.testing import standalone_sandbox

    run_name = f"{name}_{secrets.token_hex(4)}"
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"{run_name}-")))
        keep = os.environ.get("BENCH_KEEP_DATABASES") == "1"  # to look into a run afterwards
        portal_db = create_database(f"{run_name}_portal")
        sandbox_db = create_database(f"{run_name}_sandbox")
        if not keep:
            stack.callback(drop_database, f"{run_name}_portal")
            stack.callback(drop_database, f"{run_name}_sandbox")
        redis_server = RedisServer(workdir)
        redis_server.start()
        stack.callback(redis_server.kill)
        sandbox = stack.enter_context(
            standalone_sandbox(
                workers=sandbox_workers, database_url=sandbox_db, extra_env=sandbox_env or {}
            )
        )
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")},
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
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
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
            name=run_name,
            env=env,
            redis=redis_server,
            sandbox=sandbox,
            workdir=workdir,
            sandbox_db=sandbox_db.replace("postgres://", "postgresql://"),
        )
        stack.callback(harness.stop_all)
        yield harness


def make_authority(harness: Harness, code: int, name: str) -> tuple[Any, Any, Any]:
    """A TRA with an officer, a supervisor and a sandbox credential (returns the three)."""
    from django.contrib.auth import get_user_model

    from dtro_app.models import ApiCredential, Environment, Membership, Role, TrafficAuthority

    client_id, secret = f"bench-{code}", f"bench-secret-{code}"
    harness.sandbox.manage(
        "sandbox_create_app", "--name", f"bench {code}", "--tra", str(code),
        "--client-id", client_id, "--client-secret", secret,
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
    )
    credential.set_secret(secret)
    credential.save()
    return tra, officer, supervisor


def outbox_counts() -> dict[str, int]:
    """Submissions by state, from the portal's database (progress and settling only)."""
    from django.db.models import Count

    from dtro_app.models import Submission

    return dict(Submission.objects.values_list("state").annotate(n=Count("pk")).order_by())


def wait_until_settled(total: int, deadline_seconds: float) -> dict[str, int]:
    """Poll the outbox until every submission has settled (or failed), or time runs out."""
    deadline = time.monotonic() + deadline_seconds
    last_report = 0.0
    while True:
        counts = outbox_counts()
        settled = sum(counts.get(s, 0) for s in ("succeeded", "rejected", "failed", "cancelled"))
        if time.monotonic() - last_report > 5:
            log(f"outbox: {json.dumps(counts, sort_keys=True)}")
            last_report = time.monotonic()
        if settled >= total or time.monotonic() > deadline:
            return counts
        time.sleep(0.25)
