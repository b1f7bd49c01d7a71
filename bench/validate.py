"""Validation speed: typical examples per second, and a ~10 MB D-TRO against plain jsonschema.

    .venv/bin/python bench/validate.py [--version 4.0.0] [--skip-baseline]

Prints (a) examples validated per second, (b) time and peak memory (tracemalloc) for a ~10 MB
D-TRO built by repeating the provisions of a real example (unique references), every check on,
and (c) the baseline: plain `jsonschema` Draft202012Validator on the same document.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

import jsonschema  # noqa: E402

from dtro_app.validation import build_registry, load_document, validate_document  # noqa: E402

NOW = datetime(2026, 6, 1, tzinfo=UTC)
TARGET_BYTES = 10 * 1024 * 1024 - 200_000
BASES = {
    "3.4.0": "example-derbyshire-2024-dj388-partial.json",
    "4.0.0": "example-derbyshire-2024-dj388-partial.json",
    "3.5.1": "example-derbyshire-2024-dj388-partial.json",
}


def big_document(spec_dir: Path, version: str) -> tuple[dict, int]:
    base = json.loads((spec_dir / "examples" / version / BASES[version]).read_text())
    provision = base["data"]["source"]["provision"][0]
    # A realistic line: a few dozen vertices, as councils' kerb lines are.
    coords = ", ".join(f"{444284 + i * 3} {333253 + i * 2}" for i in range(40))
    provision["regulatedPlace"][0]["linearGeometry"]["linestring"] = (
        f"SRID=27700;LINESTRING({coords})"
    )
    one = len(json.dumps(provision))
    count = TARGET_BYTES // (one + 2)
    provisions = []
    for i in range(count):
        item = copy.deepcopy(provision)
        item["reference"] = f"{provision['reference'][:-8]}{i:08d}"
        provisions.append(item)
    base["data"]["source"]["provision"] = provisions
    return base, count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="4.0.0", choices=sorted(BASES))
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    from django.conf import settings

    spec_dir = Path(settings.DTRO_SPEC_DIR)
    registry = build_registry(spec_dir, use_db=False)

    # (a) typical examples
    examples = [p for v in registry.versions() for p in v.examples]
    documents = [load_document(p.read_bytes()) for p in examples]
    for document in documents:  # warm the compiled validators
        validate_document(document, registry=registry, now=NOW)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            validate_document(document, registry=registry, now=NOW)
    elapsed = time.perf_counter() - start
    per_second = rounds * len(documents) / elapsed
    print(
        f"(a) typical examples: {len(documents)} files x {rounds} rounds, "
        f"{per_second:,.0f} validated per second"
    )

    # (b) the 10 MB document, every check on (TRA codes too)
    document, count = big_document(spec_dir, args.version)
    raw = json.dumps(document).encode()
    source = document["data"]["source"]
    tra = source["traCreator"]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        report = validate_document(load_document(raw), tra_code=tra, registry=registry, now=NOW)
        timings.append(time.perf_counter() - start)
    assert report.is_valid, report.issues[:3]
    parsed = load_document(raw)
    alone = []
    for _ in range(5):
        start = time.perf_counter()
        validate_document(parsed, tra_code=tra, registry=registry, now=NOW)
        alone.append(time.perf_counter() - start)
    validate_only = statistics.median(alone)
    tracemalloc.start()
    validate_document(load_document(raw), tra_code=tra, registry=registry, now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size_mb = len(raw) / (1024 * 1024)
    print(
        f"(b) {size_mb:.1f} MB D-TRO, schema {args.version}, {count:,} provisions: "
        f"median {statistics.median(timings):.3f} s including JSON parsing "
        f"(best {min(timings):.3f} s; validation alone, median {validate_only:.3f} s), "
        f"peak memory {peak / (1024 * 1024):.0f} MB (tracemalloc)"
    )

    # (c) baseline: plain jsonschema on the same data
    if args.skip_baseline:
        print("(c) baseline skipped (--skip-baseline)")
    else:
        validator = jsonschema.Draft202012Validator(registry.get(args.version).schema)
        start = time.perf_counter()
        ok = validator.is_valid(parsed["data"])
        baseline = time.perf_counter() - start
        print(
            f"(c) baseline, jsonschema {version('jsonschema')} Draft202012Validator, schema "
            f"step only: {baseline:.2f} s (valid={ok}); ours is "
            f"{baseline / statistics.median(timings):.0f}x faster with every check on"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
