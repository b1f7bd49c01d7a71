"""Chaos test for guaranteed delivery: every approved change published exactly once, in order.

    .venv/bin/python bench/delivery_chaos.py [--dtros 120] [--workers 2] [--concurrency 2]

Starts Redis (on a spare port), PostgreSQL databases, the sandbox under gunicorn with
20% 5xx, 10% 429, 10% timeouts and 5% "commit, then drop the response", Celery workers and
beat. Drafts, approves and so submits creates, updates and deletes for many D-TROs of two
TRAs while it SIGKILLs a worker twice and restarts Redis once (losing every queued message).
Then compares what the sandbox holds with what was approved and prints one JSON line:
{"submitted": N, "published": N, "duplicates": 0, "lost": 0, "out_of_order": 0, "seconds": ...}
Exit status 1 if anything is duplicated, lost or out of order.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from delivery_harness import (
    Harness,
    log,
    make_authority,
    running_harness,
    wait_until_settled,
)

FAULTS = {
    "SANDBOX_FAULT_ERROR_5XX_RATE": "0.20",
    "SANDBOX_FAULT_RATE_429_RATE": "0.10",
    "SANDBOX_FAULT_TIMEOUT_RATE": "0.10",
    "SANDBOX_FAULT_TIMEOUT_SECONDS": "3",
    "SANDBOX_FAULT_DROP_RATE": "0.05",
}
# Quick retries and a short lease so recovery happens within the run; same code paths.
DELIVERY = {
    "DELIVERY_READ_TIMEOUT_SECONDS": "2",
    "DELIVERY_CONNECT_TIMEOUT_SECONDS": "2",
    "DELIVERY_LEASE_SECONDS": "30",
    "DELIVERY_MAX_ATTEMPTS": "60",
    "DELIVERY_BACKOFF_BASE_SECONDS": "1",
    "DELIVERY_BACKOFF_MAX_SECONDS": "8",
    "DELIVERY_SWEEP_SECONDS": "2",
    "DELIVERY_REENQUEUE_AFTER_SECONDS": "15",
}


def plan_changes(dtros: int, seed: int) -> list[tuple[int, str]]:
    """(D-TRO index, change) in the order they are approved: every D-TRO is created and
    updated; half get a second update; a quarter are then deleted. Changes of different
    D-TROs interleave, and later changes are approved before earlier ones are delivered."""
    rng = random.Random(seed)
    phases: list[list[tuple[int, str]]] = [[], [], [], []]
    for index in range(dtros):
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


def submit(change: str, index: int, state: dict, authorities: list) -> None:
    from dtro_app.examples import example_document, with_tra
    from dtro_app.services.approvals import approve
    from dtro_app.services.drafts import (
        create_dtro,
        request_deletion,
        save_draft,
        send_for_approval,
    )

    tra, officer, supervisor = authorities[index % len(authorities)]
    if change == "delete":
        revision = request_deletion(state[index], user=officer)
    else:
        version = len(state.get(("versions", index), [])) + 1
        document = with_tra(example_document(), tra.code, name_suffix=f"chaos {index} v{version}")
        if change == "create":
            state[index] = create_dtro(authority=tra, user=officer, document=document)
            revision = state[index].current_revision
        else:
            revision = save_draft(state[index], user=officer, document=document)
        send_for_approval(revision, user=officer)
    approve(revision, user=supervisor)


def verify(harness: Harness, tra_codes: list[int]) -> dict[str, int]:
    """Compare, D-TRO by D-TRO, the versions the sandbox holds with those approved."""
    from dtro_app.models import ChangeAction, Dtro, SubmissionState

    records, history = harness.sandbox_rows(tra_codes)
    held = {str(rid): (data, deleted) for rid, data, deleted in records}
    versions_held: dict[str, list] = {rid: [] for rid in held}
    for dtro_id, data in history:
        versions_held[str(dtro_id)].append(data)
    for rid, (data, _) in held.items():
        versions_held[rid].append(data)

    result = {"published": 0, "duplicates": 0, "lost": 0, "out_of_order": 0, "unsettled": 0}
    adopted: set[str] = set()
    for dtro in Dtro.objects.prefetch_related("submissions__revision"):
        submissions = sorted(dtro.submissions.all(), key=lambda s: s.sequence)
        succeeded = [s for s in submissions if s.state == SubmissionState.SUCCEEDED]
        result["published"] += len(succeeded)
        result["unsettled"] += len(submissions) - len(succeeded)
        if dtro.service_id is None:
            result["lost"] += len(submissions)
            continue
        adopted.add(str(dtro.service_id))
        expected = [
            s.revision.document["data"] for s in submissions if s.action != ChangeAction.DELETE
        ]
        actual = versions_held.get(str(dtro.service_id), [])
        deleted_expected = any(s.action == ChangeAction.DELETE for s in submissions)
        deleted_actual = held.get(str(dtro.service_id), (None, False))[1]
        if actual == expected and deleted_actual == deleted_expected:
            continue
        if len(actual) > len(expected) and _without_repeats(actual) == expected:
            result["duplicates"] += len(actual) - len(expected)
        elif sorted(map(json.dumps, actual)) == sorted(map(json.dumps, expected)):
            result["out_of_order"] += 1
        else:
            result["lost"] += 1
    # A record the sandbox holds that no D-TRO adopted is a second create of something.
    result["duplicates"] += len(set(held) - adopted)
    return result


def _without_repeats(values: list) -> list:
    out: list = []
    for value in values:
        if not out or out[-1] != value:
            out.append(value)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dtros", type=int, default=120, help="D-TROs (about 2.75 changes each)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--concurrency", type=int, default=2, help="pool size of each worker")
    parser.add_argument("--kills", type=int, default=2, help="worker SIGKILLs")
    parser.add_argument("--deadline", type=float, default=900, help="seconds to wait")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with running_harness(name="dtro_chaos", sandbox_faults=FAULTS, delivery_settings=DELIVERY) as h:
        authorities = [
            make_authority(h, 99999, "Chaos County Council"),
            make_authority(h, 99998, "Chaos Borough Council"),
        ]
        for _ in range(args.workers):
            h.start_worker(args.concurrency)
        h.start_beat()
        plan = plan_changes(args.dtros, args.seed)
        total = len(plan)
        # Chaos at fixed points of the submission stream, so it hits work in flight.
        kill_points = {int(total * (i + 1) / (args.kills + 2)): i for i in range(args.kills)}
        redis_restart_point = int(total * 0.5)
        state: dict = {}
        started = time.monotonic()
        kills = restarts = 0
        for position, (index, change) in enumerate(plan):
            if position in kill_points:
                victim = h.workers[kill_points[position] % len(h.workers)]
                log(f"SIGKILL worker {victim.pid} at change {position}/{total}")
                h.kill_worker(victim)
                h.workers.remove(victim)
                h.start_worker(args.concurrency)
                kills += 1
            if position == redis_restart_point:
                log(f"restarting Redis at change {position}/{total} (queued messages are lost)")
                h.redis.restart()
                restarts += 1
            submit(change, index, state, authorities)
            time.sleep(0.02)
        log(f"all {total} changes approved; waiting for delivery")
        counts = wait_until_settled(total, args.deadline)
        seconds = time.monotonic() - started
        outcome = verify(h, [a[0].code for a in authorities])

    from_api = {k: counts.get(k, 0) for k in ("failed", "rejected")}
    line = {
        "submitted": total,
        "published": outcome["published"],
        "duplicates": outcome["duplicates"],
        "lost": outcome["lost"] + outcome["unsettled"],
        "out_of_order": outcome["out_of_order"],
        "seconds": round(seconds, 1),
        "worker_kills": kills,
        "broker_restarts": restarts,
        **from_api,
    }
    print(json.dumps(line), flush=True)
    ok = (
        line["duplicates"] == 0
        and line["lost"] == 0
        and line["out_of_order"] == 0
        and line["published"] == total
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
