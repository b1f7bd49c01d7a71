"""Shrinking a ~10 MB order: sizes before and after, and how long it takes.

    .venv/bin/python bench/shrink.py [--version 4.0.0] [--tolerance 5] [--megabytes 10]

The order is generated from DfT's Derbyshire example: provisions of three kerb-line places
each (the same street and rules, as councils' consolidation orders repeat them), every line a
vertex per metre wandering 0.3 m, written to four decimals as GIS exports are. Real orders
shrink less or more depending on how dense and how repetitive their geometry is.

Baseline, measured in the same run: writing the same document as compact JSON and gzipping
it (what sending it costs anyway), so the time shrinking adds can be read beside it.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from dtro_validation import build_registry, validate_document  # noqa: E402
from dtro_validation.shrink import ShrinkOptions, shrink_document  # noqa: E402

SPEC_DIR = Path(settings.DTRO_SPEC_DIR)
EXAMPLE = "example-derbyshire-2024-dj388-partial.json"
PLACES_PER_PROVISION = 3
VERTICES_PER_LINE = 40


def kerb_line(start_x: float, start_y: float) -> str:
    points = ", ".join(
        f"{start_x + k:.4f} {start_y + 0.3 * math.sin(k * 0.7):.4f}"
        for k in range(VERTICES_PER_LINE)
    )
    return f"SRID=27700;LINESTRING({points})"


def big_document(spec_dir: Path, version: str, megabytes: float) -> dict[str, Any]:
    base = json.loads((spec_dir / "examples" / version / EXAMPLE).read_text())
    template = base["data"]["source"]["provision"][0]
    target = int(megabytes * 1024 * 1024)
    provisions: list[dict[str, Any]] = []
    size = len(json.dumps(base, separators=(",", ":")))
    while size < target:
        index = len(provisions)
        provision = copy.deepcopy(template)
        provision["reference"] = f"BENCH-{index:07d}"
        place = provision["regulatedPlace"][0]
        places = []
        for k in range(PLACES_PER_PROVISION):
            copied = copy.deepcopy(place)
            x, y = 400_000 + (index % 500) * 150 + k * 45, 300_000 + (index // 500) * 20
            copied["linearGeometry"]["linestring"] = kerb_line(x, y)
            places.append(copied)
        provision["regulatedPlace"] = places
        provisions.append(provision)
        size += len(json.dumps(provision, separators=(",", ":"))) + 1
    base["data"]["source"]["provision"] = provisions
    return base


def seconds(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="4.0.0")
    parser.add_argument("--tolerance", type=float, default=5.0)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--spec-dir", type=Path, default=SPEC_DIR)
    args = parser.parse_args()
    registry = build_registry(args.spec_dir, use_cached=False)
    document = big_document(args.spec_dir, args.version, args.megabytes)
    provisions = len(document["data"]["source"]["provision"])

    def compact_and_gzip() -> int:
        raw = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
        return len(gzip.compress(raw, compresslevel=6))

    baseline, _ = seconds(compact_and_gzip)
    options = ShrinkOptions(tolerance=args.tolerance)
    took, (shrunk, report) = seconds(lambda: shrink_document(document, options))
    merge_off = ShrinkOptions(tolerance=args.tolerance, merge=False)
    _, (_, simplified_only) = seconds(lambda: shrink_document(document, merge_off))
    valid_before = validate_document(document, registry=registry).is_valid
    valid_after = validate_document(shrunk, registry=registry).is_valid

    mb = 1024 * 1024
    print(f"Order: {args.version}, {provisions:,} provisions, {report.places_before:,} places")
    print(
        f"Compact JSON: {report.before.json_bytes / mb:.2f} MB -> "
        f"{report.after.json_bytes / mb:.2f} MB ({report.saved_percent:.0f}% smaller); "
        f"simplifying alone: {simplified_only.after.json_bytes / mb:.2f} MB "
        f"({simplified_only.saved_percent:.0f}% smaller)"
    )
    print(
        f"Gzipped: {report.before.gzip_bytes / mb:.2f} MB -> {report.after.gzip_bytes / mb:.2f} MB"
    )
    print(
        f"Points: {report.points_before:,} -> {report.points_after:,}; places: "
        f"{report.places_before:,} -> {report.places_after:,}; furthest move "
        f"{report.max_displacement:.2f} m (tolerance {args.tolerance:g} m)"
    )
    print(f"Valid before: {valid_before}; valid after: {valid_after}")
    print(f"Shrinking took {took:.2f} s (sizes before and after included)")
    print(f"Baseline, compact JSON + gzip of the same order once: {baseline:.2f} s")
    return 0 if valid_after == valid_before else 1


if __name__ == "__main__":
    raise SystemExit(main())
