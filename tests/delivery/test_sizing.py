"""The way an order is sent, by size: pure, no service."""

from __future__ import annotations

import json

import pytest
from big_orders import big_order

from dtro_app.publishing import sizing

pytestmark = pytest.mark.django_db


def test_a_small_order_goes_as_a_body(tra) -> None:
    way = sizing.choose(big_order(tra, 3))
    assert way.kind == sizing.BODY and way.parts == 1 and way.describe() == ""


def test_an_order_over_the_limit_that_gzips_small_enough_goes_gzipped(tra) -> None:
    document = big_order(tra, 60)
    way = sizing.choose(document, limit=50 * 1024)
    assert way.kind == sizing.GZIP
    assert way.json_bytes == len(sizing.compact_json(document)) > 50 * 1024
    assert way.gzip_bytes is not None and way.gzip_bytes < 50 * 1024
    assert json.loads(way.content) == document
    assert "sent gzipped" in way.describe()


def test_the_parts_of_a_split_are_each_within_the_limit_and_make_the_whole_order(
    tra, monkeypatch
) -> None:
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 60 * 1024)
    limit = 40 * 1024
    document = big_order(tra, 200)
    way = sizing.choose(document, limit=limit)
    split = sizing.split_for_create(document, limit=limit)
    assert way.kind == sizing.PARTS and split is not None and way.parts == split.parts > 3
    assert sizing.body_bytes(split.first) <= limit
    assert all(sizing.body_bytes(batch) <= limit for batch in split.batches)
    # Full: one more provision would not have fitted in the first part.
    provisions = document["data"]["source"]["provision"]
    taken = len(split.first["data"]["source"]["provision"])
    fuller = {**split.first, "data": {**split.first["data"]}}
    fuller["data"]["source"] = {**split.first["data"]["source"]}
    fuller["data"]["source"]["provision"] = provisions[: taken + 1]
    assert sizing.body_bytes(fuller) > limit
    rebuilt = split.first["data"]["source"]["provision"] + [
        p for batch in split.batches for p in batch
    ]
    assert rebuilt == provisions
    assert {k: v for k, v in split.first["data"]["source"].items() if k != "provision"} == {
        k: v for k, v in document["data"]["source"].items() if k != "provision"
    }


def test_an_order_with_one_provision_too_large_for_any_request_is_too_large(
    tra, monkeypatch
) -> None:
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 30 * 1024)
    document = big_order(tra, 2)
    document["data"]["source"]["provision"][1]["provisionDescription"] = "x" * 100_000
    way = sizing.choose(document, limit=20 * 1024)
    assert way.kind == sizing.TOO_LARGE
    assert "Shrink it" in way.describe()


def test_batches_count_the_separators_between_provisions(tra) -> None:
    template = big_order(tra, 1)["data"]["source"]["provision"][0]
    provisions = [template | {"reference": f"PART-{index:03d}"} for index in range(12)]
    size = sizing.body_bytes(provisions[0])
    assert {sizing.body_bytes(p) for p in provisions} == {size}
    # Room for six provisions without the ", " between them, but only five with them.
    limit = 6 * size + 7
    batches = sizing.batches_within(provisions, limit=limit)
    assert batches is not None
    assert [len(batch) for batch in batches] == [5, 5, 2]
    assert all(sizing.body_bytes(batch) <= limit for batch in batches)


def test_an_update_in_parts_is_described_as_provision_level_calls(tra, monkeypatch) -> None:
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 60 * 1024)
    way = sizing.choose(big_order(tra, 200), limit=40 * 1024)
    assert "created in" in way.describe()
    assert "created in" not in way.describe(update=True)
    assert "its changes will go as provision-level calls" in way.describe(update=True)
