"""Delivery throughput: approved -> published per second with 1, 2 and 4 worker processes,
beside a baseline measured in the same run (a plain loop of `requests` creates).

    .venv/bin/python bench/delivery.py [--changes 200]

Everything real: PostgreSQL, Redis, Celery prefork workers, the sandbox under gunicorn (no
faults). Target: with 4 workers, at least 70% of the baseline's throughput.
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

DELIVERY = {"DELIVERY_SWEEP_SECONDS": "5"}


def baseline(harness: Harness, tra_code: int, changes: int, label: str) -> float:
    """Creates per second from a plain sequential loop: one token, then POST after POST."""
    from dtro_app.examples import example_document, with_tra

    base = harness.sandbox.base_url
    token = requests.post(
        f"{base}/oauth-generator",
        auth=(f"bench-{tra_code}", f"bench-secret-{tra_code}"),
        data={"grant_type": "client_credentials"},
        timeout=10,
    ).json()["access_token"]
    template = example_document()
    documents = [
        with_tra(template, tra_code, name_suffix=f"baseline {label} {i}") for i in range(changes)
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
    return changes / (time.perf_counter() - started)


def wait_for_worker(name_prefix: str, timeout: float = 60) -> None:
    from portal.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        if any(name.startswith(name_prefix) for reply in replies for name in reply):
            return
    raise RuntimeError("the worker did not come up")


def portal_round(harness: Harness, authority: tuple, processes: int, changes: int) -> float:
    """Published per second for `changes` approved creates with `processes` workers.

    The approvals are made while the worker is up but not consuming, then it starts
    consuming and the clock runs until the last is published: the figure is the delivery
    pipeline's (outbox claim, API client, sandbox, bookkeeping), not the approving itself.
    """
    from dtro_app.examples import example_document, with_tra
    from dtro_app.models import Submission, SubmissionState
    from dtro_app.services.approvals import approve
    from dtro_app.services.drafts import create_dtro, send_for_approval
    from portal.celery import app

    tra, officer, supervisor = authority
    template = example_document()
    worker = harness.start_worker(concurrency=processes)
    name = f"bench{len(harness.workers) - 1}@"
    wait_for_worker(name)
    app.control.cancel_consumer("celery", reply=True)
    for i in range(changes):
        document = with_tra(template, tra.code, name_suffix=f"{processes} workers {i}")
        dtro = create_dtro(authority=tra, user=officer, document=document)
        approve(send_for_approval(dtro.current_revision, user=officer), user=supervisor)
    already = Submission.objects.filter(state=SubmissionState.SUCCEEDED).count()
    started = time.perf_counter()
    app.control.add_consumer("celery", reply=True)
    while Submission.objects.filter(state=SubmissionState.SUCCEEDED).count() < already + changes:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    harness.stop_worker(worker)
    return changes / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, float] = {}
    with running_harness(name="dtro_delivery_bench", delivery_settings=DELIVERY) as harness:
        authority = make_authority(harness, 99999, "Bench County Council")
        # Measured before and after the rounds; the ratio is taken against the faster of the
        # two (this shared 2-core machine's speed drifts by a fifth within minutes).
        before = baseline(harness, 99999, args.changes, label="before")
        log(f"baseline (plain requests loop): {before:.1f} creates/s")
        # Started after the first baseline: its start-up would otherwise slow that loop.
        harness.start_beat()
        for processes in (1, 2, 4):
            rate = portal_round(harness, authority, processes, args.changes)
            results[f"workers_{processes}"] = rate
            log(f"{processes} worker process(es): {rate:.1f} published/s")
        after = baseline(harness, 99999, args.changes, label="after")
        log(f"baseline again: {after:.1f} creates/s")
        results["baseline_requests_loop"] = max(before, after)
        results["baseline_before"], results["baseline_after"] = before, after
    ratio = results["workers_4"] / results["baseline_requests_loop"]
    print(
        json.dumps(
            {
                "changes_per_round": args.changes,
                **{k: round(v, 1) for k, v in results.items()},
                "workers_4_vs_baseline": round(ratio, 2),
                "target": 0.7,
            }
        ),
        flush=True,
    )
    return 0 if ratio >= 0.7 else 1


if __name__ == "__main__":
    sys.exit(main())
