"""Creates and GETs per second against the standalone sandbox over real HTTP.

Starts gunicorn on a free loopback port (throwaway SQLite, or the database given by
--database-url), creates one publisher app with a raised rate limit, then measures:
  baseline  requests refused by the gateway (no token): the cost of HTTP + Django alone
  creates   POST /dtros/createFromBody with a real example (full validation)
  gets      GET /dtros/{id}
  latency   median create latency, one at a time, with the TRA holding 10 and then 5,000
            records (the rest bulk-inserted): the duplicate check must stay flat
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox.testing import standalone_sandbox  # noqa: E402

SPEC_DIR = Path(os.environ.get("DTRO_SPEC_DIR", ROOT.parent / "shared" / "dtro-spec"))
EXAMPLE = SPEC_DIR / "examples" / "4.0.0" / "example-derbyshire-2024-dj388-partial.json"
TRA = 99999


def payload() -> dict:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8-sig"))
    source = document["data"]["source"]
    source.update(traCreator=TRA, currentTraOwner=TRA, traAffected=[TRA])
    return document


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.1f}/s ({count} in {seconds:.2f}s)"


# Copies the bench TRA's first record until it holds `target` (distinct hashes, no validation).
SEED = """
import uuid
from sandbox.models import SandboxDtro
first = SandboxDtro.objects.filter(tra_creator={tra}).first()
have = SandboxDtro.objects.filter(tra_creator={tra}).count()
rows = []
for _ in range({target} - have):
    row = SandboxDtro.objects.get(pk=first.pk)
    row.pk, row.payload_hash = uuid.uuid4(), uuid.uuid4().hex * 2
    rows.append(row)
SandboxDtro.objects.bulk_create(rows, batch_size=500)
print(SandboxDtro.objects.filter(tra_creator={tra}).count())
"""


def create_latency_ms(create: Callable[[int], str], samples: int) -> float:
    times = []
    for i in range(samples):
        started = time.perf_counter()
        create(10_000_000 + i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def latency(sandbox: Any, create: Callable[[int], str], samples: int = 20) -> None:
    for target in (10, 5000):
        # The count the seed leaves, not the one asked for: a reused --database-url may hold more.
        held = int(sandbox.manage("shell", "-c", SEED.format(tra=TRA, target=target)).split()[-1])
        assert held >= target, (held, target)
        ms = create_latency_ms(create, samples)
        print(
            f"create latency at {target:>5} records: {ms:6.1f} ms"
            f" (median of {samples} sequential creates,"
            f" the TRA holding {held}..{held + samples})"
        )


def run(
    count: int, threads: int, workers: int, database_url: str | None, only_latency: bool
) -> None:
    # The gateway's spike arrest (120 a minute) is off: this measures the sandbox's own speed.
    no_spike_arrest = {"SANDBOX_SPIKE_ARREST_PER_MINUTE": "0"}
    with standalone_sandbox(
        workers=workers, database_url=database_url, extra_env=no_spike_arrest
    ) as sandbox:
        out = sandbox.manage(
            "sandbox_create_app", "--name", "bench", "--tra", str(TRA),
            "--client-id", "bench", "--client-secret", "bench-secret",
            "--rate-limit", "1000000",
        )  # fmt: skip
        assert "client_id=bench" in out
        session = requests.Session()
        token = session.post(
            f"{sandbox.base_url}/oauth-generator",
            auth=("bench", "bench-secret"),
            data={"grant_type": "client_credentials"},
            timeout=10,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        base = payload()

        def refused(_: int) -> int:
            return requests.get(f"{sandbox.base_url}/schemas/versions", timeout=30).status_code

        def create(i: int) -> str:
            document = copy.deepcopy(base)
            document["data"]["source"]["troName"] += f" bench {i} {uuid.uuid4()}"
            response = requests.post(
                f"{sandbox.base_url}/dtros/createFromBody",
                json=document,
                headers=headers,
                timeout=60,
            )
            assert response.status_code == 201, response.text[:300]
            return response.json()["id"]

        def get(dtro_id: str) -> int:
            response = requests.get(
                f"{sandbox.base_url}/dtros/{dtro_id}", headers=headers, timeout=30
            )
            assert response.status_code == 200, response.text[:300]
            return response.status_code

        create(-1)  # warm up every worker's validators and schema cache
        # The latency figures time the duplicate check, so it must be on: a resend is refused.
        twice = copy.deepcopy(base)
        twice["data"]["source"]["troName"] += f" twice {uuid.uuid4()}"
        for expected in (201, 400):
            response = session.post(
                f"{sandbox.base_url}/dtros/createFromBody", json=twice, headers=headers, timeout=60
            )
            assert response.status_code == expected, response.text[:300]
        if only_latency:
            latency(sandbox, create)
            return
        with ThreadPoolExecutor(threads) as pool:
            started = time.perf_counter()
            assert set(pool.map(refused, range(count))) == {401}
            baseline = time.perf_counter() - started
            started = time.perf_counter()
            ids = list(pool.map(create, range(count)))
            creating = time.perf_counter() - started
            started = time.perf_counter()
            list(pool.map(get, ids))
            getting = time.perf_counter() - started
        database = database_url or "throwaway SQLite"
        print(f"D-TRO sandbox under gunicorn: {workers} workers, {threads} client threads")
        print(f"database: {database}")
        print(f"payload: {EXAMPLE.name} ({len(json.dumps(base))} bytes)")
        print(f"baseline (401, no token): {rate(count, baseline)}")
        print(f"creates:                  {rate(count, creating)}")
        print(f"GETs:                     {rate(count, getting)}")
        latency(sandbox, create)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/sandbox_bench"
    )
    parser.add_argument("--latency-only", action="store_true", help="only the 10/5,000 figures")
    args = parser.parse_args()
    run(args.count, args.threads, args.workers, args.database_url, args.latency_only)


if __name__ == "__main__":
    main()
