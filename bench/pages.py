"""Officer page speed with 10,000 D-TROs: p50/p95 per page through Django's test Client.

    .venv/bin/python bench/pages.py [--dtros 10000] [--requests 200]

Seeds a throwaway database (a SQLite file under var/bench, or `test_<name>` on the PostgreSQL
server when DATABASE_URL is set) with D-TROs and revisions by bulk_create, then times:
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
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
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


def seed(count: int) -> tuple[object, int]:
    """One TRA and officer, `count` D-TROs with one revision each; returns (user, a D-TRO id)."""
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
    other = TrafficAuthority.objects.create(code=99998, name="Other Borough Council")
    user = get_user_model().objects.create_user(username="bench", email="bench@example.com")
    Membership.objects.create(user=user, authority=authority, role="officer")
    document = example_document()
    digest = document_hash(document)
    name = document["data"]["source"]["troName"]
    now = timezone.now()
    dtros = Dtro.objects.bulk_create(
        [
            Dtro(
                authority=authority if i % 10 else other,  # a tenth belong to another TRA
                name=f"{name} {i:05d}",
                schema_version="4.0.0",
                status=STATES[i % len(STATES)],
                created_by=user,
            )
            for i in range(count)
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


def measure(client: Client, url: str, rounds: int) -> dict[str, float]:
    for _ in range(5):  # warm caches, compiled templates and connections
        assert client.get(url).status_code == 200, url
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
    parser.add_argument("--dtros", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--big-requests", type=int, default=5)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(Path(settings.VAR_DIR) / "pages.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        user, dtro_id = seed(args.dtros)
        print(
            f"seeded {args.dtros} D-TROs in {time.perf_counter() - started:.1f}s "
            f"on {connection.vendor}"
        )
        client = Client()
        client.force_login(user)
        pages = {
            "baseline (accessibility)": reverse("dtro_app:accessibility"),
            "dashboard": reverse("dtro_app:dashboard"),
            "dashboard, state filter, page 40": reverse("dtro_app:dashboard")
            + "?status=published&page=40",
            "dashboard, name search": reverse("dtro_app:dashboard") + "?q=Draycott+01234",
            "dtro page": reverse("dtro_app:dtro_detail", args=[dtro_id]),
            "search form (no service call)": url_or_none("dtro_app:search"),
        }
        results = {}
        for label, url in pages.items():
            if url is None:
                print(f"{label:36} (page not built yet)")
                continue
            results[label] = measure(client, url, args.requests)
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
                    "dtros": args.dtros,
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
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
