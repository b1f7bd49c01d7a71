"""Two imports of the same file running at the same moment (two workers, two officers) make
one draft: the second waits for the first and reports the file "unchanged". Likewise for two
adoptions of one published order from the service's export.

PostgreSQL only: there two transactions can both look for an earlier copy before either
commits. SQLite's transactions take the write lock as they begin, so they never overlap."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from factories import valid_document

from dtro_app.models import Dtro
from imports import reading, services
from imports.models import ImportBatch, ImportKind

pytestmark = pytest.mark.django_db(transaction=True)

# How long the first import waits, inside its transaction, for the second to reach the same
# point. With the lock the second never can, so this is what a passing run costs.
OVERLAP_WAIT = 2.0


def _batch(tra: Any, officer: Any, kind: str = ImportKind.FILES) -> ImportBatch:
    return ImportBatch.objects.create(authority=tra, created_by=officer, name="x", kind=kind)


def _overlapping(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    first: Callable[[], None],
    second: Callable[[], None],
) -> None:
    """Run `first` and `second` in two threads, each on its own connection, so that both
    are inside `services.<name>` together if nothing stops the second from getting there."""
    real = getattr(services, name)
    inside = threading.Semaphore(0)
    arrived = threading.Event()
    calls = 0
    guard = threading.Lock()

    def held_open(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        with guard:
            calls += 1
            mine = calls
        if mine == 1:
            inside.release()
            arrived.wait(OVERLAP_WAIT)  # the second import's chance to look and miss
        else:
            arrived.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(services, name, held_open)
    failures: list[BaseException] = []

    def run(work: Callable[[], None]) -> Callable[[], None]:
        def target() -> None:
            try:
                work()
            except BaseException as exc:  # reported below, in the test's thread
                failures.append(exc)
            finally:
                connection.close()

        return target

    one = threading.Thread(target=run(first))
    one.start()
    assert inside.acquire(timeout=10), "the first import never reached the point of creating"
    two = threading.Thread(target=run(second))
    two.start()
    one.join(20)
    two.join(20)
    assert not failures, failures


def test_the_same_file_imported_twice_at_once_makes_one_draft(
    tra: Any, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite never runs two of these transactions at once")
    body = json.dumps(valid_document(tra, name_suffix=" twice")).encode()
    batches = [_batch(tra, officer), _batch(tra, officer)]

    def importing(batch: ImportBatch) -> Callable[[], None]:
        entry = reading.Entry(position=0, name="order.json", size=len(body), read=lambda: body)
        return lambda: services.import_entry(batch, entry)

    _overlapping(monkeypatch, "create_dtro", importing(batches[0]), importing(batches[1]))

    assert Dtro.objects.count() == 1
    outcomes = sorted(b.files.get().outcome for b in batches)
    assert outcomes == ["created", "unchanged"]
    assert {b.files.get().dtro_id for b in batches} == {Dtro.objects.get().pk}


def test_one_published_order_adopted_twice_at_once_is_linked_once(
    tra: Any, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite never runs two of these transactions at once")
    document = valid_document(tra, name_suffix=" published")
    service_id = uuid.uuid4()
    batches = [_batch(tra, officer, ImportKind.ADOPT), _batch(tra, officer, ImportKind.ADOPT)]
    row = reading.ExportRow(
        position=0,
        service_id=str(service_id),
        schema_version=document["schemaVersion"],
        tra_code=tra.code,
        data=document["data"],
    )

    def adopting(batch: ImportBatch) -> Callable[[], None]:
        return lambda: services.adopt_row(batch, row)

    _overlapping(monkeypatch, "adopt_published", adopting(batches[0]), adopting(batches[1]))

    assert list(Dtro.objects.values_list("service_id", flat=True)) == [service_id]
    assert sorted(b.files.get().outcome for b in batches) == ["adopted", "unchanged"]
