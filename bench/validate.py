"""Validation speed: typical examples per second, and a ~10 MB D-TRO against plain jsonschema.

    .venv/bin/python bench/validate.py [--version 4.0.0] [--skip-baseline]
        [--only-cli] [--cli-runs 5]

Prints (a) examples validated per second, (b) time and peak memory for a ~10 MB D-TRO built
by repeating the provisions of a real example (unique references), every check on, (c) the
baseline: plain `jsonschema` Draft202012Validator on the same document, (e) the command line
(`manage.py validate_dtro`) on that document beside its start-up alone (a 3 KB order;
target: under 0.5 s beyond start-up), and (d) hostile
documents (a gzip of 25 MB of `{}`, millions of tiny values, deep nesting, 100,000 empty
provisions): the error each gets, how long and the peak memory.

Peak memory is the peak RSS of a child process that reads the bytes, parses and validates
them as an upload does (its VmHWM; `ru_maxrss` of a child on Linux
starts from the parent's peak), so native memory counts too.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

import jsonschema  # noqa: E402

from dtro_validation import (  # noqa: E402
    InputError,
    build_registry,
    load_document,
    validate_document,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
TARGET_BYTES = 10 * 1024 * 1024 - 200_000
# The command line on a 10 MB order, beyond its own start-up.
TARGET_CLI_SECONDS = 0.5
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
    parser.add_argument("--only-cli", action="store_true", help="run only (e), the command line")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of each file in (e)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tra", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.tra)
    from django.conf import settings

    spec_dir = Path(settings.DTRO_SPEC_DIR)
    if args.only_cli:
        document, _count = big_document(spec_dir, args.version)
        tra = document["data"]["source"]["traCreator"]
        print_cli(spec_dir, args.version, json.dumps(document).encode(), tra, args.cli_runs)
        return 0
    registry = build_registry(spec_dir, use_cached=False)

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
    size_mb = len(raw) / (1024 * 1024)
    outcome, seconds, peak = measure_in_child(raw, "big.json", tra)
    print(
        f"(b) {size_mb:.1f} MB D-TRO, schema {args.version}, {count:,} provisions: "
        f"median {statistics.median(timings):.3f} s including JSON parsing "
        f"(best {min(timings):.3f} s; validation alone, median {validate_only:.3f} s), "
        f"peak RSS {peak:.0f} MB in a child process ({outcome})"
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

    # (e) the command line on the same document, beside its start-up alone
    print_cli(spec_dir, args.version, raw, tra, args.cli_runs)

    # (d) hostile documents, each in its own child process
    for label, name, data in hostile_documents(args.version):
        outcome, seconds, peak = measure_in_child(data, name, None)
        print(
            f"(d) {label} ({len(data) / (1024 * 1024):.1f} MB as sent): {outcome} "
            f"in {seconds:.2f} s, peak RSS {peak:.0f} MB in a child process"
        )
    return 0


def print_cli(spec_dir: Path, version: str, raw: bytes, tra: int, runs: int) -> None:
    (small_best, small), (big_best, big) = cli_seconds(spec_dir, version, raw, tra, runs)
    beyond, beyond_best = big - small, big_best - small_best
    print(
        f"(e) manage.py validate_dtro, {runs} runs each: the {len(raw) / (1024 * 1024):.1f} MB "
        f"D-TRO median {big:.2f} s (best {big_best:.2f} s), a 3 KB one median {small:.2f} s "
        f"(best {small_best:.2f} s; start-up: Django, schemas): {beyond:.2f} s beyond start-up "
        f"(best against best {beyond_best:.2f} s), "
        f"{'ok' if beyond < TARGET_CLI_SECONDS else 'over'} (target {TARGET_CLI_SECONDS} s)"
    )


def cli_seconds(
    spec_dir: Path, version: str, raw: bytes, tra: int, runs: int = 3
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(Best, median) wall time of `manage.py validate_dtro` on the small example and on
    `raw`, runs alternating between the two so load on the machine falls on both alike; both
    must come back valid, or the time means nothing."""
    small = json.loads((spec_dir / "examples" / version / BASES[version]).read_text())
    small["data"]["source"].update(traCreator=tra, currentTraOwner=tra, traAffected=[tra])
    times: dict[str, list[float]] = {"small.json": [], "big.json": []}
    with tempfile.TemporaryDirectory() as folder:
        bodies = {"small.json": json.dumps(small).encode(), "big.json": raw}
        for name, body in bodies.items():
            (Path(folder) / name).write_bytes(body)
        for _ in range(runs):
            for name in bodies:
                path = Path(folder) / name
                command = [
                    *(sys.executable, "manage.py", "validate_dtro", "--tra", str(tra), str(path))
                ]
                start = time.perf_counter()
                done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
                assert done.returncode == 0, (name, done.stdout[-500:], done.stderr[-500:])
    small_runs, big_runs = times["small.json"], times["big.json"]
    return (
        (min(small_runs), statistics.median(small_runs)),
        (min(big_runs), statistics.median(big_runs)),
    )


def hostile_documents(version: str) -> list[tuple[str, str, bytes]]:
    inflated = 25 * 1024 * 1024 - 1024  # just under the gzip limit
    provisions = ",".join(["{}"] * 100_000)
    empty_provisions = json.dumps(
        {"schemaVersion": version, "data": {"source": {"provision": []}}}
    ).replace("[]", f"[{provisions}]")
    return [
        (
            "gzip of 25 MB of {}",
            "bomb.json.gz",
            gzip.compress(b"[" + b"{}," * (inflated // 3) + b"{}]"),
        ),
        ("9.9 MB of {}", "plain.json", b"[" + b"{}," * (9_900_000 // 3) + b"{}]"),
        ("9.9 MB of tiny numbers", "numbers.json", b"[" + b"0," * (9_900_000 // 2) + b"0]"),
        ("nesting 100,000 deep", "deep.json", b"[" * 100_000 + b"]" * 100_000),
        (
            "gzip of 23 MB of small provisions, string-dense",
            "strings.json.gz",
            gzip.compress(_string_dense(version, 100_000)),
        ),
        (
            "100,000 empty provisions",
            "provisions.json",
            empty_provisions.encode(),
        ),
    ]


def _string_dense(version: str, count: int) -> bytes:
    """Many short strings: the costliest kind of document for the pre-scan."""
    provision = {
        "reference": "abc-00000000",
        "regulatedPlace": [
            {
                "description": "High Street north side",
                "linearGeometry": {"linestring": "SRID=27700;LINESTRING(444284 333253, 1 2)"},
            }
        ],
        "provisionDescription": "No waiting at any time on the north side",
    }
    provisions = [{**provision, "reference": f"abc-{i:08d}"} for i in range(count)]
    document = {"schemaVersion": version, "data": {"source": {"provision": provisions}}}
    return json.dumps(document).encode()


def measure_in_child(raw: bytes, name: str, tra: int | None) -> tuple[str, float, float]:
    """Parse and validate `raw` in a fresh child process: (outcome, seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile(suffix="-" + name) as handle:
        handle.write(raw)
        handle.flush()
        command = [sys.executable, __file__, "--child", handle.name, "--tra", str(tra or "")]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    # Linux carries the parent's peak into a child's ru_maxrss (RUSAGE_CHILDREN, wait4) at
    # exec, so the child reports its own high-water mark; ru_maxrss is the fallback.
    fallback = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or lines[-1].count("|") != 2:
        return f"child failed ({done.returncode}): {done.stderr.strip()[-300:]}", 0.0, fallback
    outcome, seconds, peak = lines[-1].split("|")
    return outcome, float(seconds), float(peak)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), native allocations included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: str, tra: str) -> int:
    """The work an upload does: read, parse, validate; prints `outcome|seconds|peak MB`."""
    start = time.perf_counter()
    raw = Path(path).read_bytes()
    try:
        document = load_document(raw, filename=path)
        report = validate_document(document, tra_code=int(tra) if tra else None)
        outcome = "valid" if report.is_valid else f"{len(report.issues)} problems listed"
    except InputError as exc:
        outcome = f"refused [{exc.code}]"
    print(f"{outcome}|{time.perf_counter() - start:.3f}|{peak_rss_mb():.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
