"""Editing a published order in the guided form makes an amendment, as the data model says:
the source `amendment`, each provision `noChange`, `amendment` or `new` against the published
provision with its reference. An order never published stays `new` throughout."""

from __future__ import annotations

import copy
from datetime import date, datetime

from dtro_app.drafting.guided import GuidedOrder, GuidedProvision, build_document
from dtro_validation import validate_document

TRA = 99999


def _provision(reference: str, **changes) -> GuidedProvision:
    answers = {
        "provision_description": "No waiting at any time",
        "regulation_type": "kerbsideNoWaiting",
        "place_description": "High Street, north side",
        "wkt": "LINESTRING(320620 124993, 320625 125007)",
        "start": datetime(2025, 2, 3, 8, 0),
        "end": datetime(2025, 5, 30, 0, 0),
        "reference": reference,
    }
    return GuidedProvision(**{**answers, **changes})


def _order(provisions: list[GuidedProvision]) -> GuidedOrder:
    return GuidedOrder(
        order_type="permanent",
        tro_name="High Street (Traffic Regulation) Order 2025",
        statement_description="Restrictions on High Street.",
        section="",
        made_date=date(2025, 1, 27),
        coming_into_force_date=date(2025, 2, 3),
        provisions=provisions,
        reference="order-1",
    )


def _actions(document: dict) -> tuple[str, list[str]]:
    source = document["data"]["source"]
    return source["actionType"], [p["actionType"] for p in source["provision"]]


def test_an_order_never_published_is_new_throughout() -> None:
    document = build_document(
        _order([_provision("a"), _provision("b")]), version="4.0.0", tra_code=TRA
    )

    assert _actions(document) == ("new", ["new", "new"])


def test_an_edit_of_a_published_order_marks_each_provision_against_the_published_one() -> None:
    published = build_document(
        _order([_provision("a"), _provision("b")]), version="4.0.0", tra_code=TRA
    )
    edited = _order(
        [
            _provision("a"),
            _provision("b", end=datetime(2025, 6, 30, 0, 0)),
            _provision("c", provision_description="No loading"),
        ]
    )

    document = build_document(edited, version="4.0.0", tra_code=TRA, published=published)

    assert _actions(document) == ("amendment", ["noChange", "amendment", "new"])


def test_provisions_are_matched_by_reference_not_position() -> None:
    published = build_document(
        _order([_provision("a"), _provision("b", place_description="Low Street")]),
        version="3.5.1",
        tra_code=TRA,
    )
    reordered = _order([_provision("b", place_description="Low Street"), _provision("a")])

    document = build_document(reordered, version="3.5.1", tra_code=TRA, published=published)

    assert _actions(document) == ("amendment", ["noChange", "noChange"])


def test_a_published_action_type_does_not_make_an_unchanged_provision_an_amendment() -> None:
    published = build_document(_order([_provision("a")]), version="4.0.0", tra_code=TRA)
    # What the service holds after an earlier amendment carries that amendment's types.
    published = copy.deepcopy(published)
    published["data"]["source"]["provision"][0]["actionType"] = "amendment"

    document = build_document(
        _order([_provision("a")]), version="4.0.0", tra_code=TRA, published=published
    )

    assert _actions(document) == ("amendment", ["noChange"])


def test_the_amendment_passes_validation_in_both_versions() -> None:
    for version in ("4.0.0", "3.5.1"):
        published = build_document(_order([_provision("a")]), version=version, tra_code=TRA)
        edited = _order([_provision("a", end=None), _provision("b")])

        document = build_document(edited, version=version, tra_code=TRA, published=published)

        result = validate_document(document, tra_code=TRA)
        assert result.is_valid, (version, result.issues)
