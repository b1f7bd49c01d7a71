"""One walk from an envelope to its source and provisions, for every key spelling.

The published schemas use `source`/`provision`; the service's own casing (and pre-3.3.2
documents) use `Source`/`Provision`. Callers that used to read only `source` now read both.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import pytest
from validation_helpers import load_example

from dtro_app.drafting.guided import (
    GuidedOrder,
    GuidedProvision,
    build_document,
    prefill_from_document,
)
from dtro_app.drafting.revocation import build_revocation
from dtro_app.orders.preview import wkt_in_document
from dtro_app.orders.provisions import provision_rows
from dtro_validation.document_parts import (
    geometries_of,
    places_of,
    provision_list_of,
    provisions_of,
    source_of,
)

EXAMPLE = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")


def pascal_case(document: dict[str, Any], *, provision_too: bool = False) -> dict[str, Any]:
    """The same envelope with `Source` (and optionally `Provision`) spelt with a capital."""
    document = copy.deepcopy(document)
    source = document["data"].pop("source")
    if provision_too:
        source["Provision"] = source.pop("provision")
    document["data"]["Source"] = source
    return document


@pytest.mark.parametrize("provision_too", [False, True], ids=["Source", "Source+Provision"])
def test_it_finds_the_source_and_provisions_whichever_the_casing(provision_too: bool) -> None:
    document = load_example(*EXAMPLE)
    pascal = pascal_case(document, provision_too=provision_too)

    assert source_of(pascal) is pascal["data"]["Source"]
    assert provisions_of(pascal) == document["data"]["source"]["provision"]
    assert len(provisions_of(pascal)) == 1


def test_the_lower_case_spelling_wins_when_both_are_present() -> None:
    document = {"data": {"Source": {"provision": [{"reference": "B"}]}, "source": {}}}
    document["data"]["source"]["provision"] = [{"reference": "a"}]

    assert provisions_of(document) == [{"reference": "a"}]


@pytest.mark.parametrize(
    "document",
    [
        None,
        "a string",
        ["a", "list"],
        {},
        {"data": None},
        {"data": ["source"]},
        {"data": {"source": "text"}},
        {"data": {"source": ["list"]}},
        {"data": {"source": {}}},
        {"data": {"source": {"provision": None}}},
        {"data": {"source": {"provision": {"reference": "not in a list"}}}},
    ],
)
def test_malformed_documents_give_nothing_and_never_raise(document: Any) -> None:
    assert provisions_of(document) == []
    assert provision_list_of(document) == []
    data = document.get("data") if isinstance(document, dict) else None
    source = data.get("source") if isinstance(data, dict) else None
    assert source_of(document) == (source if isinstance(source, dict) else None)


def test_provision_positions_match_validation_paths_and_only_objects_are_provisions() -> None:
    document = {"data": {"source": {"provision": ["junk", {"reference": "x"}]}}}

    assert provision_list_of(document) == ["junk", {"reference": "x"}]
    assert provisions_of(document) == [{"reference": "x"}]


def test_the_map_preview_reads_a_capitalised_source() -> None:
    # wkt_in_document used to read `source` only: a `Source` document had no map.
    document = load_example(*EXAMPLE)
    expected = list(wkt_in_document(document))

    assert expected
    assert list(wkt_in_document(pascal_case(document))) == expected


def test_a_revocation_can_be_built_from_a_capitalised_source() -> None:
    # build_revocation used to read `source` only and said there was nothing to revoke.
    revoked = build_revocation(pascal_case(load_example(*EXAMPLE)), full=True)

    source = revoked["data"]["Source"]
    assert "source" not in revoked["data"]
    assert source["actionType"] == "fullRevoke"
    assert [p["actionType"] for p in source["provision"]] == ["fullRevoke"]


def test_the_guided_form_prefills_from_a_capitalised_source() -> None:
    # prefill_from_document used to read `source` only and sent such orders to the JSON editor.
    order = GuidedOrder(
        order_type="permanent",
        tro_name="High Street (Traffic Regulation) Order 2025",
        statement_description="No waiting on High Street.",
        section="",
        made_date=date(2025, 1, 27),
        coming_into_force_date=date(2025, 2, 3),
        provisions=[
            GuidedProvision(
                provision_description="No waiting at any time",
                regulation_type="kerbsideNoWaiting",
                place_description="High Street, north side",
                wkt="LINESTRING(320620 124993, 320625 125007)",
                start=datetime(2025, 2, 3, 8, 0),
            )
        ],
    )
    document = build_document(order, version="4.0.0", tra_code=99999)
    expected = prefill_from_document(document)

    assert expected is not None
    assert prefill_from_document(pascal_case(document)) == expected
    assert prefill_from_document(pascal_case(document, provision_too=True)) == expected


def test_the_guided_form_still_refuses_a_document_with_a_malformed_provision() -> None:
    document = load_example(*EXAMPLE)
    document["data"]["source"]["provision"].append("junk")

    assert prefill_from_document(document) is None


def test_provision_rows_still_number_by_position_and_show_a_lone_provision() -> None:
    rows = provision_rows({"data": {"Source": {"Provision": ["junk", {"reference": "r"}]}}})
    assert [(r.number, r.reference) for r in rows] == [(2, "r")]

    (lone,) = provision_rows({"data": {"source": {"provision": {"reference": "lone"}}}})
    assert lone.reference == "lone"


def test_places_and_their_geometries_are_read_in_one_walk() -> None:
    line = {"version": 1, "linestring": "SRID=27700;LINESTRING(1 2, 3 4)"}
    place = {"description": "High Street", "linearGeometry": line, "pointGeometry": "junk"}
    provision = {"regulatedPlace": ["junk", place]}

    assert places_of(provision) == [place]
    assert places_of({"regulatedPlace": place}) == []
    assert places_of({"regulatedPlace": place}, lone=True) == [place]
    assert places_of("junk") == []
    assert geometries_of(place) == [("linearGeometry", line["linestring"])]
