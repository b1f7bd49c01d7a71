""" "What changes" compares an amendment or revocation with the published version field by
field, matching provisions by reference: changed dates, added, revoked and removed
provisions, moved places, and a full revocation in one row."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from dtro_app.approvals.changes import what_changes
from dtro_app.drafting.revocation import build_revocation

EXAMPLE = Path(settings.DTRO_SPEC_DIR) / "examples" / "4.0.0" / "example-weight-restriction.json"


def published() -> dict[str, Any]:
    """Three provisions, "ref-1" to "ref-3", the second ending on 30 May 2025."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8-sig"))
    source = document["data"]["source"]
    template = source["provision"][0]
    source["provision"] = []
    for number in (1, 2, 3):
        provision = copy.deepcopy(template)
        provision["reference"] = f"ref-{number}"
        provision["provisionDescription"] = f"Weight limit {number}"
        source["provision"].append(provision)
    validity(source["provision"][1])["end"] = "2025-05-30T00:00:00"
    return document


def validity(provision: dict[str, Any]) -> dict[str, Any]:
    return provision["regulation"]["conditionSet"]["conditions"][0]["timeValidity"]


def amendment_of(document: dict[str, Any]) -> dict[str, Any]:
    amended = copy.deepcopy(document)
    amended["data"]["source"]["actionType"] = "amendment"
    for provision in amended["data"]["source"]["provision"]:
        provision["actionType"] = "noChange"
    return amended


def texts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [row.text for row in what_changes(before, after).rows]


def test_a_changed_end_date_is_one_row_naming_the_provision_by_reference() -> None:
    before = published()
    after = amendment_of(before)
    validity(after["data"]["source"]["provision"][1])["end"] = "2025-06-30T00:00:00"

    assert texts(before, after) == [
        "Provision 2 (ref ref-2): Applies until: 30 May 2025 → 30 June 2025"
    ]


def test_added_revoked_and_removed_provisions_are_named() -> None:
    before = published()
    after = amendment_of(before)
    provisions = after["data"]["source"]["provision"]
    provisions[1]["actionType"] = "fullRevoke"
    added = copy.deepcopy(provisions[0])
    added.update(reference="ref-4", actionType="new")
    del provisions[2]
    provisions.append(added)

    assert texts(before, after) == [
        "Provision 2 (ref ref-2) revoked",
        "Provision 3 (ref ref-4) added",
        "Provision 3 of the published order (ref ref-3) removed",
    ]


def test_a_moved_place_says_how_far() -> None:
    before = published()
    after = amendment_of(before)
    place = after["data"]["source"]["provision"][0]["regulatedPlace"][0]
    place["linearGeometry"]["linestring"] = (
        "SRID=27700;LINESTRING(320620 124993, 320621 124997, 320625 125107)"
    )

    assert texts(before, after) == [
        "Place 1 of provision 1 (ref ref-1): line moved (by up to 100 m)"
    ]


def test_the_same_shape_written_differently_has_not_moved() -> None:
    before = published()
    after = amendment_of(before)
    place = after["data"]["source"]["provision"][0]["regulatedPlace"][0]
    place["linearGeometry"]["linestring"] = (
        "SRID=27700;LINESTRING (320620.0 124993.0,320621 124997,320625 125007)"
    )

    assert texts(before, after) == []


def test_provisions_in_another_order_are_matched_by_reference_not_position() -> None:
    before = published()
    after = amendment_of(before)
    after["data"]["source"]["provision"].reverse()

    assert texts(before, after) == []


def test_a_change_to_the_order_itself_is_shown() -> None:
    before = published()
    after = amendment_of(before)
    after["data"]["source"]["troName"] = "Renamed order"

    rows = what_changes(before, after).rows

    assert [(r.part, r.what, r.after) for r in rows] == [("The order", "Name", "Renamed order")]


def test_a_full_revocation_is_one_row_for_the_whole_order() -> None:
    before = published()

    after = build_revocation(before, full=True)

    assert texts(before, after) == ["The whole order revoked (all 3 provisions)"]


def test_a_partial_revocation_names_only_the_revoked_provision() -> None:
    before = published()

    after = build_revocation(before, full=False, provision_references=["ref-3"])

    rows = what_changes(before, after).rows
    assert rows[0].text == "Provision 3 (ref ref-3) revoked"
    assert all(row.reference == "ref-3" for row in rows)


def test_many_changes_are_cut_to_a_page_and_counted() -> None:
    before = published()
    after = amendment_of(before)
    template = after["data"]["source"]["provision"][0]
    for number in range(10):
        after["data"]["source"]["provision"].append({**template, "reference": f"new-{number}"})

    changes = what_changes(before, after, limit=4)

    assert len(changes.rows) == 4
    assert (changes.total, changes.hidden) == (10, 6)


def test_a_change_the_summary_does_not_show_still_gets_a_row() -> None:
    before = published()
    after = amendment_of(before)
    after["data"]["source"]["provision"][2]["regulation"]["isDynamic"] = True

    assert texts(before, after) == ["Provision 3 (ref ref-3): Other details changed: see the JSON"]
