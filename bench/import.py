"""Bulk import at scale: 5,000 generated D-TROs imported, validated and queued.

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N .venv/bin/python bench/import.py
        [--orders 5000]

Generates `--orders` D-TRO files from DfT's 4.0.0 examples (each with its own name and
references, about 3 KB each) and runs the real pipeline on a throwaway PostgreSQL database
(`test_<name>`) with one real Celery worker (`--pool solo`, so the worker process is the one
that does the work):
  import     imports.services.start_import + enqueue: the worker reads, validates and
             drafts every file, a chunk per task run (imports.tasks.process_batch)
  send       drafting.bulk.send_batch_for_approval, worked through by the worker
  approve    approvals.bulk.start_decision by a supervisor (four eyes), into the outbox
Each step is timed, and checked: every file created a valid draft, every draft was sent and
approved, and the outbox holds one change per order (a step that did nothing is not fast).
Targets: all of it under 10 minutes, the worker's peak RSS (VmHWM from /proc, native memory
included) under 1 GB. Baseline in the same run: reading and parsing every file alone.
Prints a table, then one JSON line. Needs PostgreSQL and `redis-server`: the bench starts a
private Redis on a spare port as the broker and cache, because a shared Redis database can
hold another worker that takes the import's tasks.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))


def start_private_redis() -> subprocess.Popen[bytes]:
    """A Redis of our own (no persistence) on a spare port, before Django reads REDIS_URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            *("--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    for name in ("CELERY_BROKER_URL", "CACHE_REDIS_URL"):
        os.environ.pop(name, None)
    return server


REDIS_SERVER = start_private_redis()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

TARGET_SECONDS = 600.0
TARGET_RSS_MB = 1024.0
TRA_CODE = 99999
EXAMPLES = [
    "example-derbyshire-2024-dj388-partial.json",
    "example-weight-restriction.json",
    "example-road-closure-with-diversion-route.json",
    "example-multipolygon.json",
    "example-extension-permit-works.json",
]
POLL_SECONDS = 0.5


def generate(folder: Path, count: int) -> int:
    """`count` orders as .json files, cycling through DfT's examples, each with its own name
    and provision references; returns the bytes written."""
    from dtro_validation.document_parts import provisions_of, source_of

    spec = Path(settings.DTRO_SPEC_DIR) / "examples" / "4.0.0"
    bases = [json.loads((spec / name).read_text(encoding="utf-8-sig")) for name in EXAMPLES]
    written = 0
    for i in range(count):
        document = copy.deepcopy(bases[i % len(bases)])
        source = source_of(document)
        assert source is not None
        source.update(traCreator=TRA_CODE, currentTraOwner=TRA_CODE, traAffected=[TRA_CODE])
        source["troName"] = f"{source['troName']} (import bench {i:05d})"
        source["reference"] = f"bench-import-{i:05d}"
        for number, provision in enumerate(provisions_of(document)):
            provision["reference"] = f"bench-import-{i:05d}-{number}"
        raw = json.dumps(document).encode()
        (folder / f"order-{i:05d}.json").write_bytes(raw)
        written += len(raw)
    return written


def baseline(folder: Path) -> float:
    """Reading and parsing every file, nothing else: the floor of any import."""
    from dtro_validation import load_document

    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        load_document(path.read_bytes(), filename=path.name)
    return time.perf_counter() - started


def peak_rss_mb(pid: int) -> float:
    """The process's own peak resident memory (VmHWM): native memory counts too."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_worker(database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            "import-bench@%h",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,  # the console email backend prints every notice there
    )


def wait_for(done: object, worker: subprocess.Popen[bytes], what: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while not done():  # type: ignore[operator]
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped (exit {worker.returncode}) during {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not finish in {limit:.0f} s")
        time.sleep(POLL_SECONDS)


def run(folder: Path, orders: int) -> dict[str, object]:
    from django.contrib.auth import get_user_model

    from dtro_app.approvals.bulk import start_decision
    from dtro_app.drafting.bulk import send_batch_for_approval
    from dtro_app.models import (
        DeliveryBatch,
        Dtro,
        Membership,
        Revision,
        RevisionState,
        Submission,
        TrafficAuthority,
    )
    from imports import services
    from imports.models import ImportBatch, Outcome

    authority = TrafficAuthority.objects.create(code=TRA_CODE, name="Bench County Council")
    users = get_user_model().objects
    officer = users.create_user(username="officer", email="officer@example.com")
    supervisor = users.create_user(username="supervisor", email="supervisor@example.com")
    Membership.objects.create(user=officer, authority=authority, role="officer")
    Membership.objects.create(user=supervisor, authority=authority, role="supervisor")

    database_url = f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}"
    worker = start_worker(database_url)
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        batch = services.start_import(authority=authority, user=officer, paths=[str(folder)])
        services.enqueue(batch)
        wait_for(lambda: ImportBatch.objects.get(pk=batch.pk).is_done, worker, "the import", 900)
        timings["import"] = time.perf_counter() - started
        counts = services.outcome_counts(ImportBatch.objects.get(pk=batch.pk))
        assert counts.get(Outcome.CREATED, 0) == orders, f"import outcomes: {counts}"

        step = time.perf_counter()
        dtros = list(Dtro.objects.filter(authority=authority))
        sent = send_batch_for_approval(dtros, officer, in_background=True)
        wait_for(
            lambda: all(DeliveryBatch.objects.get(pk=b.pk).is_finished for b in sent),
            worker,
            "sending for approval",
            900,
        )
        timings["send for approval"] = time.perf_counter() - step
        awaiting = Revision.objects.filter(
            dtro__authority=authority, state=RevisionState.AWAITING_APPROVAL
        )
        assert awaiting.count() == orders, f"{awaiting.count()} awaiting approval"

        step = time.perf_counter()
        approved = start_decision(supervisor, awaiting, approve_them=True, in_background=True)
        wait_for(
            lambda: all(DeliveryBatch.objects.get(pk=b.pk).is_finished for b in approved),
            worker,
            "approval",
            900,
        )
        timings["approve into the outbox"] = time.perf_counter() - step
        timings["total"] = time.perf_counter() - started
        queued = Submission.objects.filter(authority=authority).count()
        assert queued == orders, f"{queued} changes in the outbox, expected {orders}"
        rss = peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {"timings": timings, "worker_peak_rss_mb": round(rss, 1), "queued": queued}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/import.py needs DATABASE_URL set to a PostgreSQL server.")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False, serialize=False
    )
    try:
        size = generate(folder, args.orders)
        print(f"generated {args.orders:,} orders ({size / 1e6:.1f} MB) in {folder}")
        floor = baseline(folder)
        print(f"{'baseline: read and parse every file':40} {floor:8.1f} s")
        result = run(folder, args.orders)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(folder, ignore_errors=True)
    timings = result["timings"]
    assert isinstance(timings, dict)
    for label, seconds in timings.items():
        print(f"{label:40} {seconds:8.1f} s")
    rss = float(result["worker_peak_rss_mb"])  # type: ignore[arg-type]
    ok = timings["total"] < TARGET_SECONDS and rss < TARGET_RSS_MB
    print(
        f"{'worker peak RSS (VmHWM)':40} {rss:8.1f} MB   "
        f"{'ok' if ok else 'over 10 minutes or 1 GB'}"
    )
    print(
        json.dumps(
            {
                "bench": "import",
                "orders": args.orders,
                "baseline_parse_seconds": round(floor, 2),
                "seconds": {k: round(v, 1) for k, v in timings.items()},
                "worker_peak_rss_mb": rss,
                "target_seconds": TARGET_SECONDS,
                "target_rss_mb": TARGET_RSS_MB,
            }
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        REDIS_SERVER.terminate()
        REDIS_SERVER.wait(timeout=10)
    sys.exit(code)
