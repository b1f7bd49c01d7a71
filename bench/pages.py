"""Officer page speed at scale: p50/p95 per page through Django's test Client.

    .venv/bin/python bench/pages.py [--tras 50] [--per-tra 10000] [--requests 200]
    .venv/bin/python bench/pages.py --quick      # 5 TRAs of 2,000: a quick look

Seeds a throwaway database (a SQLite file under var/bench, or `test_<name>` on the PostgreSQL
server when DATABASE_URL is set) with `--tras` TRAs of `--per-tra` D-TROs each (default the
issue's 50 x 10,000 = 500,000), each with a revision: the first TRA by bulk_create, every
other one copied from it by one INSERT ... SELECT per table (seconds, not minutes). The
officer belongs to the first TRA. Then times:
  empty view a view that returns "ok" (added by the bench, not the product): the floor that
             Django, the middleware and the test Client cost on this machine
  baseline   the accessibility page (same middleware and base template, no queries of ours)
  dashboard  the first page, a state filter deep in the list, and a name search
  dtro       a D-TRO's page (provisions, SVG preview, timeline with attempts)
  search     the service search form without a query (our page only: no call to the service)
Target: p95 under 150 ms for our pages. Prints a table, then one JSON line.

Then one ~10 MB order (bench/validate.py's, about 5,700 provisions) with a second revision
awaiting approval, and for each of its pages (the order, the approval, the comparison of the
two revisions, the JSON editor) the size of the HTML and the median time to answer.
Target: under 500 KB and 2 s each (`--skip-big` leaves this part out).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, clear_url_caches, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_P95_MS = 150.0
# A big order's pages: the HTML each sends and how long it takes to answer.
TARGET_BIG_BYTES = 500 * 1024
TARGET_BIG_SECONDS = 2.0
STATES = ["draft", "awaiting_approval", "in_delivery", "published", "rejected", "failed", "deleted"]
EXAMPLE = "example-derbyshire-2024-dj388-partial.json"


def example_document() -> dict:
    spec = Path(settings.DTRO_SPEC_DIR) / "examples" / "4.0.0" / EXAMPLE
    document = json.loads(spec.read_text(encoding="utf-8-sig"))
    source = document["data"]["source"]
    source.update(traCreator=99999, currentTraOwner=99999, traAffected=[99999])
    return document


def seed(tras: int, per_tra: int) -> tuple[object, int]:
    """`tras` TRAs of `per_tra` D-TROs with one revision each, and an officer of the first;
    returns (user, a D-TRO id of the officer's TRA)."""
    from django.contrib.auth import get_user_model

    from dtro_app.models import (
        Dtro,
        Membership,
        Revision,
        Submission,
        SubmissionAttempt,
        TrafficAuthority,
    )
    from dtro_app.models.dtros import document_hash

    authority = TrafficAuthority.objects.create(code=99999, name="Bench County Council")
    others = TrafficAuthority.objects.bulk_create(
        [
            TrafficAuthority(code=90000 + n, name=f"Other Council {n}")
            for n in range(1, max(tras, 1))
        ]
    )
    user = get_user_model().objects.create_user(username="bench", email="bench@example.com")
    Membership.objects.create(user=user, authority=authority, role="officer")
    document = example_document()
    digest = document_hash(document)
    name = document["data"]["source"]["troName"]
    now = timezone.now()
    dtros = Dtro.objects.bulk_create(
        [
            Dtro(
                authority=authority,
                name=f"{name} {i:05d}",
                schema_version="4.0.0",
                status=STATES[i % len(STATES)],
                created_by=user,
            )
            for i in range(per_tra)
        ],
        batch_size=2000,
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                dtro=dtro,
                number=1,
                origin="json",
                document=document,
                document_hash=digest,
                schema_version="4.0.0",
                tro_name=dtro.name,
                is_valid=True,
                created_by=user,
            )
            for dtro in dtros
        ],
        batch_size=2000,
    )
    for dtro, revision in zip(dtros, revisions, strict=True):
        dtro.current_revision = revision
    Dtro.objects.bulk_update(dtros, ["current_revision"], batch_size=2000)
    copy_authority(authority.pk, [other.pk for other in others])
    # The D-TRO page is measured on one with a delivery history (two attempts).
    target = next(d for d in dtros if d.authority_id == authority.pk)
    submission = Submission.objects.create(
        authority=authority,
        dtro=target,
        revision=target.current_revision,
        action="create",
        sequence=1,
    )
    for number in (1, 2):
        SubmissionAttempt.objects.create(
            submission=submission,
            number=number,
            started_at=now,
            finished_at=now,
            outcome="transient" if number == 1 else "succeeded",
            http_status=503 if number == 1 else 201,
        )
    return user, target.pk


def copy_authority(source_id: int, target_ids: list[int]) -> None:
    """Copies every D-TRO of one TRA, with its revision, to each of the others in three
    set-based statements (both databases): 490,000 rows through the ORM would take most of
    the run, and a statement per TRA with a correlated update took half an hour."""
    from dtro_app.models import Dtro, Revision, TrafficAuthority

    def columns(model: Any, leave_out: set[str]) -> list[str]:
        return [
            f.column
            for f in model._meta.concrete_fields
            if f.column not in leave_out and not f.primary_key
        ]

    if not target_ids:
        return
    dtro_table, revision_table = Dtro._meta.db_table, Revision._meta.db_table
    dtro_cols = columns(Dtro, {"authority_id", "current_revision_id", "published_revision_id"})
    revision_cols = columns(Revision, {"dtro_id"})
    targets = ", ".join(str(int(pk)) for pk in target_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {dtro_table} (authority_id, {', '.join(dtro_cols)}) "  # noqa: S608
            f"SELECT t.id, {', '.join('o.' + c for c in dtro_cols)} FROM {dtro_table} o "
            f"CROSS JOIN {TrafficAuthority._meta.db_table} t WHERE o.authority_id = %s "
            f"AND t.id IN ({targets}) ORDER BY t.id, o.id",
            [source_id],
        )
        # Names are unique within the bench's TRA, so they pair each copy with its original.
        cursor.execute(
            f"INSERT INTO {revision_table} (dtro_id, {', '.join(revision_cols)}) "  # noqa: S608
            f"SELECT n.id, {', '.join('r.' + c for c in revision_cols)} "
            f"FROM {revision_table} r JOIN {dtro_table} o ON o.id = r.dtro_id "
            f"JOIN {dtro_table} n ON n.name = o.name AND n.authority_id <> o.authority_id "
            "WHERE o.authority_id = %s",
            [source_id],
        )
        cursor.execute(
            f"UPDATE {dtro_table} SET current_revision_id = r.id "  # noqa: S608
            f"FROM {revision_table} r WHERE r.dtro_id = {dtro_table}.id "
            f"AND {dtro_table}.current_revision_id IS NULL",
        )


def reuse(total: int) -> tuple[object, int] | None:
    """The officer and D-TRO of a kept database seeded with `total` D-TROs, else None."""
    from django.contrib.auth import get_user_model

    from dtro_app.models import Dtro, SubmissionAttempt

    if Dtro.objects.count() != total:
        if Dtro.objects.exists():
            raise SystemExit("The kept database holds other figures: run once without --keep.")
        return None
    attempt = SubmissionAttempt.objects.select_related("submission").first()
    assert attempt is not None
    return get_user_model().objects.get(username="bench"), attempt.submission.dtro_id


def seed_big(user: object) -> tuple[object, int, int]:
    """A ~10 MB order: revision 1 a draft, revision 2 (one provision changed) awaiting
    approval, and a supervisor; returns (supervisor, D-TRO id, revision 2's id)."""
    from django.contrib.auth import get_user_model

    from dtro_app.models import Dtro, Membership, Revision, TrafficAuthority
    from dtro_app.models.dtros import document_hash

    sys.path.insert(0, str(ROOT / "bench"))
    from validate import big_document

    authority = TrafficAuthority.objects.get(code=99999)
    supervisor = get_user_model().objects.create_user(
        username="bench-supervisor", email="bench-supervisor@example.com"
    )
    Membership.objects.create(user=supervisor, authority=authority, role="supervisor")
    document, count = big_document(Path(settings.DTRO_SPEC_DIR), "4.0.0")
    source = document["data"]["source"]
    source.update(traCreator=99999, currentTraOwner=99999, traAffected=[99999])
    changed = json.loads(json.dumps(document))
    changed["data"]["source"]["provision"][count // 2]["provisionDescription"] = "Changed"
    dtro = Dtro.objects.create(
        authority=authority, name="Big order", schema_version="4.0.0", created_by=user
    )
    revisions = [
        Revision.objects.create(
            dtro=dtro,
            number=number,
            origin="json",
            document=body,
            document_hash=document_hash(body),
            schema_version="4.0.0",
            tro_name="Big order",
            is_valid=True,
            created_by=user,
            state=state,
        )
        for number, body, state in ((1, document, "draft"), (2, changed, "awaiting_approval"))
    ]
    dtro.current_revision = revisions[1]
    dtro.status = "awaiting_approval"
    dtro.save()
    size = len(json.dumps(document)) / (1024 * 1024)
    print(f"seeded a {size:.1f} MB order of {count:,} provisions (two revisions)")
    return supervisor, dtro.pk, revisions[1].pk


def measure_big(client: Client, url: str, rounds: int) -> dict[str, float]:
    """HTML size (KB) and median seconds to answer, after one warming request."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        # An error page is small and quick: only answers of the page itself are counted.
        assert response.status_code == 200, (url, response.status_code)
    return {
        "kb": round(len(response.content) / 1024, 1),
        "seconds": round(statistics.median(timings), 3),
    }


def big_pages(user: object, rounds: int) -> tuple[dict[str, dict[str, float]], bool]:
    supervisor, dtro_id, revision_id = seed_big(user)
    officer, boss = Client(), Client()
    officer.force_login(user)
    boss.force_login(supervisor)
    diff = reverse("dtro_app:dtro_history_diff", args=[dtro_id])
    pages = {
        "order page": (officer, reverse("dtro_app:dtro_detail", args=[dtro_id])),
        "order page, filtered": (
            officer,
            reverse("dtro_app:dtro_detail", args=[dtro_id]) + "?q=00002345",
        ),
        "approval page": (boss, reverse("dtro_app:approval_decide", args=[revision_id])),
        "comparison page": (officer, f"{diff}?a=revision-1&b=revision-2"),
        "JSON editor page": (officer, reverse("dtro_app:dtro_edit_json", args=[dtro_id])),
    }
    results, ok = {}, True
    for label, (client, url) in pages.items():
        figures = measure_big(client, url, rounds)
        good = figures["kb"] * 1024 < TARGET_BIG_BYTES and figures["seconds"] < TARGET_BIG_SECONDS
        ok = ok and good
        results[label] = figures
        print(
            f"big order, {label:28} {figures['kb']:9,.1f} KB   {figures['seconds']:6.3f} s   "
            f"{'ok' if good else 'over 500 KB or 2 s'}"
        )
    return results, ok


def url_or_none(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def empty_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def add_empty_view() -> str:
    """The floor: the same middleware and test Client, no template and no query of ours.
    Added to the URLconf for this run only, so the product never carries it."""
    urls = importlib.import_module(settings.ROOT_URLCONF)
    urls.urlpatterns.insert(0, path("__bench_empty__/", empty_view))
    clear_url_caches()
    return "/__bench_empty__/"


def dashboard_rows(response: Any) -> int:
    """How many D-TROs the dashboard says match: a page that lost its rows is not fast."""
    context = getattr(response, "context", None)
    if not context or "board" not in context:
        return -1
    return int(context["board"].page.paginator.count)


def measure(
    client: Client, url: str, rounds: int, expected_rows: int | None = None
) -> dict[str, float]:
    for _ in range(5):  # warm caches, compiled templates and connections
        response = client.get(url)
        assert response.status_code == 200, url
    if expected_rows is not None:
        found = dashboard_rows(response)
        assert found == expected_rows, f"{url}: {found} D-TROs listed, expected {expected_rows}"
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    cuts = statistics.quantiles(timings, n=100)
    return {"p50": round(statistics.median(timings), 1), "p95": round(cuts[94], 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tras", type=int, default=50)
    parser.add_argument("--per-tra", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="5 TRAs of 2,000 D-TROs")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded database, and reuse it when it holds as many D-TROs (to look "
        "into a slow page with EXPLAIN)",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--big-requests", type=int, default=5)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.tras, args.per_tra = 5, 2_000

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(Path(settings.VAR_DIR) / "pages.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=not args.keep, keepdb=args.keep, serialize=False
    )
    try:
        started = time.perf_counter()
        kept = reuse(args.tras * args.per_tra) if args.keep else None
        user, dtro_id = kept or seed(args.tras, args.per_tra)
        from dtro_app.models import Dtro
        from dtro_app.orders.selectors import SEARCH_COUNT_CAP

        total = Dtro.objects.count()
        assert total == args.tras * args.per_tra, total
        print(
            f"{'reused' if kept else 'seeded'} {total:,} D-TROs ({args.tras} TRAs of "
            f"{args.per_tra:,}) in "
            f"{time.perf_counter() - started:.1f}s on {connection.vendor}"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # What the officer's pages must list: the officer's TRA only, never the others'.
        live = sum(1 for i in range(args.per_tra) if STATES[i % len(STATES)] != "deleted")
        published = sum(1 for i in range(args.per_tra) if STATES[i % len(STATES)] == "published")
        tro_name = example_document()["data"]["source"]["troName"]
        one_order = "mockup, v2) 01234"
        found_once = sum(1 for i in range(args.per_tra) if one_order in f"{tro_name} {i:05d}")
        client = Client()
        client.force_login(user)
        dashboard = reverse("dtro_app:dashboard")
        deep_page = max(1, min(40, -(-published // 25)))
        pages: dict[str, tuple[str | None, int | None]] = {
            "baseline (empty Django view)": (add_empty_view(), None),
            "baseline (accessibility)": (reverse("dtro_app:accessibility"), None),
            "dashboard": (dashboard, live),
            f"dashboard, state filter, page {deep_page}": (
                f"{dashboard}?status=published&page={deep_page}",
                published,
            ),
            # Every order's name holds "Draycott": the search that lists most (its count stops
            # at the dashboard's cap, and says "More than").
            "dashboard, name search, all match": (
                f"{dashboard}?q=Draycott",
                min(live, SEARCH_COUNT_CAP),
            ),
            "dashboard, name search, one match": (
                f"{dashboard}?{urlencode({'q': one_order})}",
                found_once,
            ),
            "dtro page": (reverse("dtro_app:dtro_detail", args=[dtro_id]), None),
            "search form (no service call)": (url_or_none("dtro_app:search"), None),
        }
        results = {}
        for label, (url, expected_rows) in pages.items():
            if url is None:
                print(f"{label:36} (page not built yet)")
                continue
            results[label] = measure(client, url, args.requests, expected_rows)
            figures = results[label]
            verdict = (
                ""
                if label.startswith("baseline")
                else ("ok" if figures["p95"] < TARGET_P95_MS else f"over {TARGET_P95_MS:.0f} ms")
            )
            print(
                f"{label:36} p50 {figures['p50']:7.1f} ms"
                f"   p95 {figures['p95']:7.1f} ms   {verdict}"
            )
        big, big_ok = ({}, True) if args.skip_big else big_pages(user, args.big_requests)
        print(
            json.dumps(
                {
                    "bench": "pages",
                    "tras": args.tras,
                    "dtros_per_tra": args.per_tra,
                    "database": connection.vendor,
                    "target_p95_ms": TARGET_P95_MS,
                    "results": results,
                    "big_order": big,
                }
            )
        )
        ours = [v["p95"] for k, v in results.items() if not k.startswith("baseline")]
        return 0 if all(p < TARGET_P95_MS for p in ours) and big_ok else 1
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
