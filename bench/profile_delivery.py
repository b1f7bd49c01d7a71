"""Where a delivery run spends its time: N approved creates delivered in this process under
cProfile, against the sandbox under gunicorn, with the SQL statements of one run listed.

    .venv/bin/python bench/profile_delivery.py [--changes 200] [--top 40]

Not a benchmark with a target (that is bench/delivery.py): a tool for making the worker's
own share of a delivery smaller.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from delivery_harness import log, make_authority, running_harness


def _print_by_package(stats: pstats.Stats, runs: int) -> None:
    """Own time per package (Django ORM, psycopg, requests...), per delivery, under the profiler."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        parts = filename.split("site-packages/")
        if len(parts) == 2:
            package = "/".join(parts[1].split("/")[: 2 if parts[1].startswith("django/") else 1])
        elif "/work/" in filename or filename.startswith(str(Path(__file__).parents[1])):
            package = "portal code"
        else:
            package = "stdlib/builtins"
        totals[package] = totals.get(package, 0.0) + own
    for package, own in sorted(totals.items(), key=lambda item: -item[1])[:15]:
        log(f"   {own / runs * 1000:6.2f} ms  {package}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key, e.g. tottime")
    args = parser.parse_args()
    with running_harness(name="dtro_delivery_profile") as harness:
        from django.db import connection

        from dtro_app.approvals.services import approve
        from dtro_app.drafting.examples import example_document, with_tra
        from dtro_app.drafting.services import create_dtro, send_for_approval
        from dtro_app.publishing.runner import deliver

        tra, officer, supervisor = make_authority(harness, 99998, "Profile County Council")
        template = example_document()
        ids = []
        for i in range(args.changes + 1):
            document = with_tra(template, tra.code, name_suffix=f"profile {i}")
            dtro = create_dtro(authority=tra, user=officer, document=document)
            sent = send_for_approval(dtro.current_revision, user=officer)
            ids.append(approve(sent, user=supervisor).pk)

        statements: list[str] = []

        def remember(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(remember):
            first = deliver(ids[0])  # warms the token cache and the rate bucket
        log(f"first run: {first.state}, {len(statements)} statements")
        statements.clear()
        with connection.execute_wrapper(remember):
            deliver(ids[1])
        log(f"steady run: {len(statements)} statements")
        for sql in statements:
            log("   " + sql[:160])

        # Half the runs timed plainly (the figure), half under the profiler (the breakdown).
        half = (len(ids) - 2) // 2
        timed, profiled = ids[2 : 2 + half], ids[2 + half :]
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        for submission_id in timed:
            deliver(submission_id)
        wall = (time.perf_counter() - started_wall) / len(timed) * 1000
        cpu = (time.process_time() - started_cpu) / len(timed) * 1000
        log(f"{len(timed)} runs: {wall:.1f} ms wall, {cpu:.1f} ms CPU of this process per delivery")
        profiler = cProfile.Profile()
        profiler.enable()
        for submission_id in profiled:
            deliver(submission_id)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        _print_by_package(stats, len(profiled))
        stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
