"""Chaos test for guaranteed delivery: every approved change published exactly once, in order.

    .venv/bin/python bench/delivery_chaos.py [--orders 120] [--workers 2] [--concurrency 2]
        [--kills 3] [--sabotage reconcile-off] [--manifest PATH]

Starts, with names unique to the run: PostgreSQL databases for the portal and the sandbox, a
private Redis, the sandbox under gunicorn, Celery workers and beat. The sandbox injects every
kind of fault (5xx before and after commit, 429, commit-then-timeout, commit-then-drop; a
distinct seed per server process), holds each request `--latency-ms` before it commits,
stores duplicates instead of refusing them and registers each write while it is inside.

The bench drafts and approves creates, updates and deletes of many D-TROs of two TRAs
through the portal's own services; every version carries its own content (its number in the
order's name and in a provision's description). While the changes are delivered it:

- SIGKILLs a worker (its whole process group) while one of its writes is held inside the
  sandbox, found by the pid in the request's User-Agent (`--kills`, counted in
  `kills_in_flight` only if the write was still inside at the moment of the kill), and
  starts a replacement;
- restarts Redis (no persistence: every queued message is lost) while it holds messages;
- makes the sandbox answer 503 to everything until the portal's circuit has opened and
  its probes have failed, then lets it recover (`outage_seconds`).

Each approved change is appended to a manifest (JSON lines: order, version, action, name,
content hash). The verdict reads only that manifest and the sandbox's records and history,
never the portal's database (which is read only to wait until everything has settled and
for the informative `rejected` and `failed` counts). Prints one JSON line:

{"submitted", "published", "duplicates", "lost", "out_of_order", "rejected", "failed",
 "injected": {...}, "kills_in_flight", "broker_restarts", "outage_seconds", "seconds", ...}

Exit status 1 unless duplicates, lost and out_of_order are all 0, every fault kind was
injected (when faults are on) and every requested kill hit a request in flight.
`--sabotage reconcile-off` starts the workers with reconciliation disabled
(`bench/sabotage_worker.py`): the run must then report duplicates and fail.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from delivery_harness import (
    FAULT_KINDS,
    Harness,
    log,
    make_authority,
    outbox_counts,
    running_harness,
    wait_until_settled,
)

TRA_CODES = (99999, 99998)


def sandbox_environment(args: argparse.Namespace, seed: int) -> dict[str, str]:
    """Each after-commit kind at about `--fault-rate` of the successful writes, 5xx before
    commit and 429 at `--before-rate` of every request (reads too, so kept lower: a create
    being reconciled makes a search, a GET and the create, and each may be hit).

    The sandbox tries at most one after-commit fault per successful write, in the order
    drop, 5xx, timeout; the later ones' rates are raised so that each fires about as often."""
    rate = args.fault_rate
    drop = rate
    after_5xx = rate / (1 - drop) if rate else 0.0
    timeout = rate / ((1 - drop) * (1 - after_5xx)) if rate else 0.0
    return {
        "SANDBOX_FAULT_5XX_RATE": f"{args.before_rate:.4f}",
        "SANDBOX_FAULT_5XX_AFTER_RATE": f"{after_5xx:.4f}",
        "SANDBOX_FAULT_429_RATE": f"{args.before_rate:.4f}",
        # Injected 429s say when to come back. Without it the portal assumes 10 s and holds
        # the whole environment's budget back that long after every one (the real gateway
        # sends no Retry-After), which turns a run of a few minutes into a quarter-hour.
        "SANDBOX_FAULT_RETRY_AFTER_SECONDS": "1",
        "SANDBOX_FAULT_TIMEOUT_RATE": f"{timeout:.4f}",
        "SANDBOX_FAULT_TIMEOUT_SECONDS": "3",  # longer than the portal's read timeout
        "SANDBOX_FAULT_DROP_RATE": f"{drop:.4f}",
        "SANDBOX_FAULT_LATENCY_MS": str(args.latency_ms),
        # Each gunicorn process seeds its generator with "<seed>:<pid>".
        "SANDBOX_FAULT_SEED": str(seed),
        "SANDBOX_REFUSE_DUPLICATES": "false",
        "SANDBOX_TRACK_IN_FLIGHT": "true",
        "SANDBOX_SPIKE_ARREST_PER_MINUTE": "0",
    }


# Quick retries, a short lease and a twitchy circuit so recovery happens within the run;
# the code paths are the production ones.
DELIVERY = {
    "DELIVERY_READ_TIMEOUT_SECONDS": "2",
    "DELIVERY_CONNECT_TIMEOUT_SECONDS": "2",
    "DELIVERY_LEASE_SECONDS": "8",
    "DELIVERY_BACKOFF_BASE_SECONDS": "1",
    "DELIVERY_BACKOFF_MAX_SECONDS": "4",
    "DELIVERY_SWEEP_SECONDS": "1",
    "DELIVERY_REENQUEUE_AFTER_SECONDS": "2",
    "DELIVERY_CIRCUIT_FAILURES": "5",
    "DELIVERY_CIRCUIT_PROBE_SECONDS": "2",
    "DTRO_RATE_LIMIT_PER_MINUTE": "100000",
    "DTRO_RATE_MAX_WAIT_SECONDS": "2",
}
NAME = re.compile(r" chaos (?P<run>\w+) (?P<order>\d+) v(?P<version>\d+)$")
UA_PID = re.compile(r"\(pid (\d+)\)")


# --- the plan and the documents -------------------------------------------------------------


def plan_changes(orders: int, seed: int) -> list[tuple[int, str]]:
    """(order index, action) in approval order: every D-TRO is created and updated; half get a
    second update; a quarter are then deleted. Changes of different D-TROs interleave, and
    later changes are approved before earlier ones are delivered."""
    rng = random.Random(seed)
    phases: list[list[tuple[int, str]]] = [[], [], [], []]
    for index in range(orders):
        phases[0].append((index, "create"))
        phases[1].append((index, "update"))
        if rng.random() < 0.5:
            phases[2].append((index, "update"))
        if rng.random() < 0.25:
            phases[3].append((index, "delete"))
    plan: list[tuple[int, str]] = []
    for phase in phases:
        rng.shuffle(phase)
        plan.extend(phase)
    return plan


def content_hash(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


def version_document(template: dict, tra: int, run: str, index: int, version: int) -> dict:
    """Version k of order `index`: its own name and its own provision text."""
    from dtro_app.drafting.examples import with_tra

    label = f"chaos {run} {index} v{version}"
    document = with_tra(template, tra, name_suffix=label)
    root = document["data"].get("source") or document["data"].get("consultation")
    provision = root["provision"][0]
    provision["provisionDescription"] = f"{provision['provisionDescription']} ({label})"
    return document


def tro_name(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    root = data.get("source") or data.get("consultation") or {}
    return str(root.get("troName") or "")


class Submitter:
    """Drafts and approves through the portal's services; appends each approval to the manifest."""

    def __init__(self, run: str, authorities: list, manifest: Path) -> None:
        from dtro_app.drafting.examples import example_document

        self.run = run
        self.authorities = authorities
        self.manifest = manifest
        self.template = example_document()
        self.dtros: dict[int, Any] = {}
        self.versions: dict[int, int] = defaultdict(int)

    def submit(self, index: int, action: str) -> None:
        from dtro_app.approvals.services import approve
        from dtro_app.drafting.services import (
            create_dtro,
            request_deletion,
            save_draft,
            send_for_approval,
        )

        tra, officer, supervisor = self.authorities[index % len(self.authorities)]
        entry: dict[str, Any] = {"order": index, "action": action, "tra": tra.code}
        if action == "delete":
            revision = request_deletion(self.dtros[index], user=officer)
            entry["version"] = self.versions[index]
        else:
            self.versions[index] += 1
            version = self.versions[index]
            document = version_document(self.template, tra.code, self.run, index, version)
            if action == "create":
                self.dtros[index] = create_dtro(authority=tra, user=officer, document=document)
                revision = self.dtros[index].current_revision
            else:
                revision = save_draft(self.dtros[index], user=officer, document=document)
            revision = send_for_approval(revision, user=officer)
            approved = revision.document["data"]
            entry.update(version=version, name=tro_name(approved), hash=content_hash(approved))
        approve(revision, user=supervisor)
        with self.manifest.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")


# --- chaos -----------------------------------------------------------------------------------


class Supervisor(threading.Thread):
    """Restarts a worker that exited by itself, as the deployment's restart policy does."""

    def __init__(self, harness: Harness, concurrency: int, app: str) -> None:
        super().__init__(daemon=True)
        self.h, self.concurrency, self.app = harness, concurrency, app
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.h.replace_crashed(self.concurrency, self.app)


class Chaos(threading.Thread):
    """Kills workers while their writes are held in the sandbox, restarts the broker, and
    stages an outage, in this order: half the kills, the outage, the broker restart, the rest
    of the kills. Uses no Django (the portal DB is read with its own connection)."""

    def __init__(self, harness: Harness, args: argparse.Namespace, worker_app: str) -> None:
        super().__init__(daemon=True)
        self.h = harness
        self.args = args
        self.worker_app = worker_app
        self.kills_in_flight = 0
        self.kill_attempts = 0
        self.broker_restarts = 0
        self.messages_at_restart = 0
        self.outage_seconds = 0.0
        self.outage_503s = 0
        self.circuit_opened = False
        self.done = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            first = self.args.kills // 2 + self.args.kills % 2
            self._kills(first)
            if self.args.outage:
                self._outage()
            if self.args.broker_restart:
                self._restart_broker()
            self._kills(self.args.kills - first)
        except BaseException as error:  # reported by the main thread
            self.error = error
        finally:
            self.done.set()

    # Kills ---------------------------------------------------------------------------------

    def _kills(self, count: int) -> None:
        for _ in range(count):
            deadline = time.monotonic() + self.args.kill_timeout
            while not self.stop.is_set() and time.monotonic() < deadline:
                if self._kill_one():
                    break
            time.sleep(self.args.kill_gap)

    def _kill_one(self) -> bool:
        """Poll the sandbox's in-flight register for a write; SIGKILL the sender's worker."""
        rows = self.h.sandbox_sql(
            "SELECT id, method, path, user_agent FROM sandbox_sandboxinflight ORDER BY started"
        )
        for row_id, method, path, user_agent in rows:
            match = UA_PID.search(user_agent or "")
            if not match:
                continue
            worker = self.h.worker_of(int(match.group(1)))
            if worker is None:
                continue
            self.h.kill_worker(worker)
            self.kill_attempts += 1
            # Rows are written once and deleted once: present now means present at the kill.
            still = self.h.sandbox_sql(
                "SELECT 1 FROM sandbox_sandboxinflight WHERE id = %s", (row_id,)
            )
            if still:
                self.kills_in_flight += 1
            log(
                f"SIGKILL worker group {worker.pid} (pool pid {match.group(1)}) while "
                f"{method} {path} was {'inside the sandbox' if still else 'already answered'}"
            )
            self.h.start_worker(self.args.concurrency, app=self.worker_app)
            return bool(still)
        time.sleep(0.02)
        return False

    # Broker --------------------------------------------------------------------------------

    def _restart_broker(self) -> None:
        deadline = time.monotonic() + 30
        messages = self.h.redis.messages()
        while messages == 0 and time.monotonic() < deadline and not self.stop.is_set():
            time.sleep(0.05)
            messages = self.h.redis.messages()
        self.messages_at_restart = messages
        log(f"restarting Redis holding {messages} task message(s); they are lost")
        self.h.redis.restart()
        if messages:
            self.broker_restarts += 1

    # Outage --------------------------------------------------------------------------------

    def _outage(self) -> None:
        """Every API call answers 503 until the circuit has opened and two probes failed."""
        import psycopg

        before = self.h.fault_counts()["5xx_before_commit"]
        started = time.monotonic()
        self.h.sandbox_sql(
            "INSERT INTO sandbox_sandboxfaultsetting (app_id, enabled, latency_ms, "
            "error_5xx_rate, error_5xx_status, error_5xx_after_rate, rate_429_rate, "
            "retry_after_seconds, timeout_rate, timeout_seconds, drop_rate, drop_hold_seconds) "
            "VALUES (NULL, true, 0, 1.0, 503, 0, 0, NULL, 0, 3, 0, 3)"
        )
        log("outage: the sandbox answers 503 to every API call")
        probe = float(DELIVERY["DELIVERY_CIRCUIT_PROBE_SECONDS"])
        opened_at = None
        with psycopg.connect(self.h.env["DATABASE_URL"].replace("postgres://", "postgresql://"),
                             autocommit=True) as portal:  # fmt: skip
            while time.monotonic() - started < self.args.outage_max:
                row = portal.execute(
                    "SELECT count(*) FROM dtro_app_serviceendpoint WHERE opened_at IS NOT NULL"
                ).fetchone()
                if row and row[0] and opened_at is None:
                    opened_at = time.monotonic()
                    self.circuit_opened = True
                    log(f"outage: the portal's circuit opened after {opened_at - started:.1f} s")
                # Open, and at least one probe has failed.
                if opened_at is not None and time.monotonic() - opened_at >= 1.5 * probe:
                    break
                time.sleep(0.1)
        self.h.sandbox_sql("DELETE FROM sandbox_sandboxfaultsetting WHERE app_id IS NULL")
        self.outage_seconds = time.monotonic() - started
        self.outage_503s = self.h.fault_counts()["5xx_before_commit"] - before
        log(f"outage over after {self.outage_seconds:.1f} s ({self.outage_503s} answers 503)")


# --- the verdict -----------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[int, list[dict]]:
    orders: dict[int, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            orders[int(entry["order"])].append(entry)
    return orders


def verdict(manifest: Path, harness: Harness, run: str) -> dict[str, Any]:
    """What the sandbox holds against what the manifest says was approved, order by order."""
    expected = read_manifest(manifest)
    records, history = harness.sandbox_records(list(TRA_CODES))
    versions_of: dict[str, list[Any]] = defaultdict(list)  # record id -> data, oldest first
    for dtro_id, data in history:
        versions_of[str(dtro_id)].append(data)
    deleted: dict[str, bool] = {}
    for record_id, data, is_deleted in records:
        versions_of[str(record_id)].append(data)
        deleted[str(record_id)] = bool(is_deleted)

    # Which order each record belongs to, by the names it has borne.
    records_of: dict[int, list[str]] = defaultdict(list)
    strangers = 0
    for record_id, datas in versions_of.items():
        match = NAME.search(tro_name(datas[0]))
        if not match or match["run"] != run or int(match["order"]) not in expected:
            strangers += 1
            continue
        records_of[int(match["order"])].append(record_id)

    result = {"published": 0, "duplicates": 0, "lost": 0, "out_of_order": 0, "unexpected": 0}
    details: list[str] = []
    for order, entries in sorted(expected.items()):
        writes = [e for e in entries if e["action"] != "delete"]
        want = {e["version"]: e["hash"] for e in writes}
        delete_expected = any(e["action"] == "delete" for e in entries)
        ids = records_of.get(order, [])
        # The order's record is the one that went furthest; any other is a duplicate create.
        ids.sort(key=lambda rid: (len(versions_of[rid]), deleted[rid]), reverse=True)
        result["duplicates"] += max(0, len(ids) - 1)
        if len(ids) > 1:
            details.append(f"order {order}: {len(ids)} records")
        held: dict[int, str] = {}  # version -> content hash, over all the order's records
        for position, record_id in enumerate(ids):
            sequence: list[int] = []
            for data in versions_of[record_id]:
                match = NAME.search(tro_name(data))
                if not match or int(match["order"]) != order:
                    result["unexpected"] += 1
                    details.append(f"order {order}: record {record_id} holds {tro_name(data)!r}")
                    continue
                version = int(match["version"])
                if version in sequence:
                    result["duplicates"] += 1  # the same version applied twice
                    details.append(f"order {order}: v{version} twice in {record_id}")
                    continue
                sequence.append(version)
                held.setdefault(version, content_hash(data))
                if version in want and content_hash(data) != want[version]:
                    result["unexpected"] += 1
                    details.append(f"order {order}: v{version} content differs from approved")
            if position == 0 and sequence != sorted(sequence):
                result["out_of_order"] += 1
                details.append(f"order {order}: versions held in order {sequence}")
        for version in want:
            if version in held:
                result["published"] += 1
            else:
                result["lost"] += 1
                details.append(f"order {order}: v{version} approved, never held")
        for version in set(held) - set(want):
            result["unexpected"] += 1
            details.append(f"order {order}: v{version} held but never approved")
        main_deleted = bool(ids) and deleted[ids[0]]
        if delete_expected:
            if main_deleted:
                result["published"] += 1
            else:
                result["lost"] += 1
                details.append(f"order {order}: deletion approved, record not deleted")
        elif main_deleted:
            result["unexpected"] += 1
            details.append(f"order {order}: deleted but no deletion was approved")
    result["unexpected"] += strangers
    for line in details[:40]:
        log(f"verdict: {line}")
    return result


def wait_for_sandbox_idle(harness: Harness, timeout: float = 30) -> None:
    """Until no write is inside the sandbox (a held answer may still be on its way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not harness.sandbox_sql("SELECT 1 FROM sandbox_sandboxinflight LIMIT 1"):
            return
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=120, help="D-TROs (about 2.75 changes each)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--concurrency", type=int, default=3, help="pool size of each worker")
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs of a worker in flight")
    parser.add_argument("--kill-gap", type=float, default=1.0, help="seconds between kills")
    parser.add_argument("--kill-timeout", type=float, default=60, help="seconds to find a target")
    parser.add_argument("--no-broker-restart", dest="broker_restart", action="store_false")
    parser.add_argument("--no-outage", dest="outage", action="store_false")
    parser.add_argument("--outage-max", type=float, default=20, help="longest outage, seconds")
    parser.add_argument("--fault-rate", type=float, default=0.12, help="after commit")
    parser.add_argument("--before-rate", type=float, default=0.08, help="5xx and 429 rate")
    parser.add_argument("--latency-ms", type=int, default=300, help="hold before commit")
    parser.add_argument("--pace", type=float, default=0.05, help="seconds between approvals")
    parser.add_argument("--sandbox-workers", type=int, default=6, help="gunicorn processes")
    parser.add_argument("--sabotage", choices=["reconcile-off"], default=None)
    parser.add_argument("--manifest", type=Path, default=None, help="JSON lines written here")
    parser.add_argument("--deadline", type=float, default=900, help="seconds to wait")
    parser.add_argument("--seed", type=int, default=None, help="plan and fault seed")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    worker_app = "bench.sabotage_worker" if args.sabotage else "portal"
    faults_on = args.fault_rate > 0 and args.before_rate > 0
    started = time.monotonic()
    with running_harness(
        name="chaos",
        sandbox_env=sandbox_environment(args, seed),
        sandbox_workers=args.sandbox_workers,
        delivery_settings=DELIVERY,
    ) as h:
        run = h.name.rsplit("_", 1)[1]
        manifest = args.manifest or Path(tempfile.gettempdir()) / f"{h.name}-manifest.jsonl"
        manifest.write_text("", encoding="utf-8")
        log(f"run {h.name}: seed {seed}, manifest {manifest}, workers from -A {worker_app}")
        authorities = [
            make_authority(h, TRA_CODES[0], "Chaos County Council"),
            make_authority(h, TRA_CODES[1], "Chaos Borough Council"),
        ]
        for _ in range(args.workers):
            h.start_worker(args.concurrency, app=worker_app)
        h.start_beat()
        supervisor = Supervisor(h, args.concurrency, worker_app)
        supervisor.start()
        submitter = Submitter(run, authorities, manifest)
        plan = plan_changes(args.orders, seed)
        total = len(plan)
        chaos = Chaos(h, args, worker_app)
        # The last fifth is approved only once the chaos is over, so work is still in flight
        # for every kill, the broker restart and the outage.
        tail = int(total * 0.8)
        chaos_started = False
        for position, (index, action) in enumerate(plan):
            if position == min(10, total // 4) and not chaos_started:
                chaos.start()
                chaos_started = True
            if position == tail:
                chaos.done.wait(timeout=300)
            submitter.submit(index, action)
            time.sleep(args.pace)
        log(f"all {total} changes approved; waiting for the chaos to end and for delivery")
        if chaos_started:
            chaos.done.wait(timeout=300)
        chaos.stop.set()
        if chaos.error:
            raise chaos.error
        counts = wait_until_settled(total, args.deadline)
        wait_for_sandbox_idle(h)
        supervisor.stop.set()
        seconds = time.monotonic() - started
        outcome = verdict(manifest, h, run)
        injected = h.fault_counts()
        counts = outbox_counts()

    line = {
        "submitted": total,
        "published": outcome["published"],
        "duplicates": outcome["duplicates"],
        "lost": outcome["lost"],
        "out_of_order": outcome["out_of_order"],
        "unexpected": outcome["unexpected"],
        "rejected": counts.get("rejected", 0),
        "failed": counts.get("failed", 0),
        "injected": {kind: injected[kind] for kind in FAULT_KINDS},
        "outage_503s": chaos.outage_503s,
        "kills_in_flight": chaos.kills_in_flight,
        "kills": chaos.kill_attempts,
        "broker_restarts": chaos.broker_restarts,
        "worker_crashes": h.worker_crashes,
        "outage_seconds": round(chaos.outage_seconds, 1),
        "circuit_opened": chaos.circuit_opened,
        "seconds": round(seconds, 1),
        "sabotage": args.sabotage,
        "seed": seed,
        "manifest": str(manifest),
    }
    print(json.dumps(line), flush=True)
    problems = []
    if line["duplicates"] or line["lost"] or line["out_of_order"] or line["unexpected"]:
        problems.append("the sandbox does not hold exactly what was approved, in order")
    if line["published"] != total:
        problems.append(f"{total - line['published']} approved change(s) not published")
    if faults_on:
        outside_outage = dict(line["injected"])
        outside_outage["5xx_before_commit"] -= chaos.outage_503s
        missing = [kind for kind, n in outside_outage.items() if n == 0]
        if missing:
            problems.append(f"fault kinds never injected: {', '.join(missing)}")
    if chaos.kills_in_flight < args.kills:
        problems.append(f"only {chaos.kills_in_flight} of {args.kills} kills hit a write in flight")
    if args.broker_restart and chaos.broker_restarts < 1:
        problems.append("the broker was not restarted with messages in it")
    if args.outage and not chaos.circuit_opened:
        problems.append("the outage did not open the portal's circuit")
    for problem in problems:
        log(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
