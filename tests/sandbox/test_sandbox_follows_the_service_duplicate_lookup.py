"""The duplicate check on create is one indexed lookup of the stored content hash.

Walking the TRA's records made creating slower with every record held; the lookup must
use the payload_hash index whatever the TRA holds (bench/sandbox.py measures the times).
"""

from __future__ import annotations

import copy
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sandbox_helpers import Api

from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db


def seed(count: int) -> None:
    first = SandboxDtro.objects.get()
    rows = []
    for _ in range(count):
        row = copy.copy(first)
        row.pk, row.payload_hash = uuid.uuid4(), uuid.uuid4().hex * 2
        rows.append(row)
    SandboxDtro.objects.bulk_create(rows)


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Forbid the sequential scan so the plan shows which index the query can use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_create_looks_duplicates_up_by_the_hash_index(publisher: Api, document: dict) -> None:
    publisher.create(document)
    seed(200)
    renamed = copy.deepcopy(document)
    renamed["data"]["source"]["troName"] += " (second)"
    with CaptureQueriesContext(connection) as queries:
        publisher.create(renamed)
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "sandbox_sandboxdtro"' in q["sql"]
    ]
    assert len(lookups) == 1, lookups
    where = lookups[0].split(" WHERE ", 1)[1]
    assert '"payload_hash" =' in where
    # The TRA is not in the query: with it, both databases chose the TRA's indexes and walked
    # every record the TRA holds (SQLite's MULTI-INDEX OR, PostgreSQL's BitmapOr).
    assert "tra_creator" not in where and "current_tra_owner" not in where
    chosen = plan(lookups[0])
    assert (
        "payload_hash" in chosen.split("INDEX" if connection.vendor == "sqlite" else "Index", 1)[-1]
    )
    assert "tra_creator" not in chosen and "current_tra_owner" not in chosen
    assert publisher.post("dtros/createFromBody", renamed).status_code == 400
