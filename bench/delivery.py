"""Delivery throughput under the gateway's spike arrest: approved creates drained at R a minute.

    .venv/bin/python bench/delivery.py [--rate 1200] [--changes 1000] [--processes 1 2 4]

Everything real: PostgreSQL, Redis, a Celery prefork worker, the sandbox under gunicorn with
its proxy-wide spike arrest at R a minute (burst 2) and no faults. The portal's shared budget
is set to the same R (`DTRO_RATE_LIMIT_PER_MINUTE=R`) with its default burst (one below the
gateway's, see `DTRO_RATE_BURST` in portal/settings/services.py).

For each pool size (1, 2 and 4 worker processes in one worker), `--changes` creates are
approved while the worker is not consuming; then it consumes and the round ends when the
last is published. Printed per round, from the sandbox's own records and counts:

- achieved rate / R: (records - 1) / (last `created` - first `created`), a minute's worth,
  divided by R (target at least 0.95);
- 429s: the sandbox's `spike_arrest` count during the round (target 0).

Beside it the baseline: a sequential loop of plain `requests` creates against the same
sandbox with its spike arrest off (the ceiling this hardware allows one client), measured
before and after the rounds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from delivery_harness import Harness, log, make_authority, running_harness

TRA = 99999
GATEWAY_BURST = 2


def delivery_settings(rate: int) -> dict[str, str]:
    return {
        "DTRO_RATE_LIMIT_PER_MINUTE": str(rate),
        "DELIVERY_SWEEP_SECONDS": "5",
    }


def set_spike_arrest(harness: Harness, per_minute: int) -> None:
    """Through the sandbox's own command; the bucket starts afresh."""
    harness.sandbox.manage("sandbox_gateway", "--spike-arrest", f"{per_minute}:{GATEWAY_BURST}")


def spike_arrests(harness: Harness) -> int:
    return harness.fault_counts()["spike_arrest"]


def baseline(harness: Harness, changes: int, label: str) -> float:
    """Creates per minute from a plain sequential loop: one token, then POST after POST."""
    from dtro_app.drafting.examples import example_document, with_tra

    base = harness.sandbox.base_url
    token = requests.post(
        f"{base}/oauth-generator",
        auth=(f"bench-{TRA}", f"bench-secret-{TRA}"),
        data={"grant_type": "client_credentials"},
        timeout=10,
    ).json()["access_token"]
    template = example_document()
    documents = [
        with_tra(template, TRA, name_suffix=f"baseline {label} {i}") for i in range(changes)
    ]
    session = requests.Session()
    started = time.perf_counter()
    for document in documents:
        response = session.post(
            f"{base}/dtros/createFromBody",
            json=document,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        response.raise_for_status()
    return changes / (time.perf_counter() - started) * 60


def wait_for_worker(name_prefix: str, timeout: float = 90) -> None:
    from portal.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        if any(name.startswith(name_prefix) for reply in replies for name in reply):
            return
    raise RuntimeError("the worker did not come up")


def portal_round(
    harness: Harness, authority: tuple, processes: int, changes: int, rate: int
) -> dict[str, float]:
    """Drain `changes` approved creates with one worker of `processes` pool processes."""
    from dtro_app.approvals.services import approve
    from dtro_app.drafting.examples import example_document, with_tra
    from dtro_app.drafting.services import create_dtro, send_for_approval
    from dtro_app.models import Submission, SubmissionState
    from portal.celery import app

    tra, officer, supervisor = authority
    template = example_document()
    label = f"round {processes}p"
    worker = harness.start_worker(concurrency=processes)
    wait_for_worker(f"bench{harness.started_workers - 1}@")
    app.control.cancel_consumer("celery", reply=True)
    log(f"{label}: approving {changes} creates")
    for i in range(changes):
        document = with_tra(template, tra.code, name_suffix=f"{label} {i}")
        dtro = create_dtro(authority=tra, user=officer, document=document)
        approve(send_for_approval(dtro.current_revision, user=officer), user=supervisor)
    set_spike_arrest(harness, rate)  # a fresh bucket for the round
    refused_before = spike_arrests(harness)
    already = Submission.objects.filter(state=SubmissionState.SUCCEEDED).count()
    started = time.perf_counter()
    app.control.add_consumer("celery", reply=True)
    while Submission.objects.filter(state=SubmissionState.SUCCEEDED).count() < already + changes:
        time.sleep(0.2)
        if time.perf_counter() - started > changes * 60 / rate * 3 + 60:
            raise RuntimeError(f"{label}: not drained in time")
    wall = time.perf_counter() - started
    harness.stop_worker(worker)
    refused = spike_arrests(harness) - refused_before
    ((count, first, last),) = harness.sandbox_sql(
        "SELECT count(*), min(created), max(created) FROM sandbox_sandboxdtro "
        "WHERE tro_name LIKE %s",
        (f"% {label} %",),
    )
    span = (last - first).total_seconds()
    per_minute = (count - 1) / span * 60 if span > 0 else 0.0
    result = {
        "published": count,
        "per_minute": round(per_minute, 1),
        "ratio": round(per_minute / rate, 3),
        "429": refused,
        "seconds": round(wall, 1),
    }
    log(f"{label}: {json.dumps(result)}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=1200, help="R, requests a minute")
    parser.add_argument("--changes", type=int, default=1000, help="creates per round")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--baseline-changes", type=int, default=300)
    args = parser.parse_args()
    rounds: dict[str, dict[str, float]] = {}
    sandbox_env = {
        "SANDBOX_SPIKE_ARREST_PER_MINUTE": str(args.rate),
        "SANDBOX_SPIKE_ARREST_BURST": str(GATEWAY_BURST),
    }
    with running_harness(
        name="throughput", sandbox_env=sandbox_env, delivery_settings=delivery_settings(args.rate)
    ) as harness:
        authority = make_authority(harness, TRA, "Bench County Council")
        # The baseline is the hardware's ceiling for one sequential client: no spike arrest.
        set_spike_arrest(harness, 0)
        before = baseline(harness, args.baseline_changes, label="before")
        log(f"baseline (plain requests loop, spike arrest off): {before:.0f} creates/min")
        harness.start_beat()
        for processes in args.processes:
            rounds[f"workers_{processes}"] = portal_round(
                harness, authority, processes, args.changes, args.rate
            )
        set_spike_arrest(harness, 0)
        after = baseline(harness, args.baseline_changes, label="after")
        log(f"baseline again: {after:.0f} creates/min")
    line = {
        "rate_per_minute": args.rate,
        "gateway_burst": GATEWAY_BURST,
        "changes_per_round": args.changes,
        **rounds,
        "baseline_requests_loop_per_minute": round(max(before, after), 1),
        "baseline_before": round(before, 1),
        "baseline_after": round(after, 1),
        "target_ratio": 0.95,
    }
    print(json.dumps(line), flush=True)
    ok = all(r["ratio"] >= 0.95 and r["429"] == 0 for r in rounds.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
