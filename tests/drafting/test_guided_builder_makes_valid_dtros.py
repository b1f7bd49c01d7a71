"""The guided form's builder produces D-TROs that pass every check, for 4.0.0 and 3.5.1."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dtro_app.drafting.guided import (
    GuidedOrder,
    GuidedProvision,
    build_document,
    coordinates_to_wkt,
    prefill_from_document,
)
from dtro_validation import validate_document

TRA = 99999


def _line(**extra) -> GuidedProvision:
    return GuidedProvision(
        provision_description="No waiting at any time",
        regulation_type="kerbsideNoWaiting",
        place_description="High Street, north side",
        wkt="LINESTRING(320620 124993, 320625 125007)",
        start=datetime(2025, 2, 3, 8, 0),
        **extra,
    )


def _weight_limit() -> GuidedProvision:
    return GuidedProvision(
        provision_description="7.5 tonne weight limit",
        regulation_type="dimensionMaximumWeightStructural",
        place_description="Netherclay Bridge",
        wkt="SRID=27700;POINT(320620 124993)",
        start=datetime(2025, 2, 3, 8, 0),
        end=datetime(2025, 5, 30, 18, 0),
        vehicle_type="heavyGoodsVehicle",
        max_weight=7.5,
    )


def _picked_area() -> GuidedProvision:
    pairs = [(320600.0, 124990.0), (320650.0, 124990.0), (320650.0, 125040.0)]
    return GuidedProvision(
        provision_description="Controlled parking zone",
        regulation_type="kerbsideControlledParkingZone",
        place_description="Town centre",
        wkt=coordinates_to_wkt("polygon", pairs),
        start=datetime(2025, 2, 3, 0, 0),
        bus_route=True,
    )


def _order(order_type: str, provisions: list[GuidedProvision]) -> GuidedOrder:
    return GuidedOrder(
        order_type=order_type,
        tro_name="High Street (Traffic Regulation) Order 2025",
        statement_description="Restricts waiting and weight on High Street.",
        section="",
        made_date=date(2025, 1, 27),
        coming_into_force_date=date(2025, 2, 3),
        provisions=provisions,
    )


CASES = {
    "one line": [_line()],
    "line, point with vehicle conditions, picked polygon": [
        _line(),
        _weight_limit(),
        _picked_area(),
    ],
    "bus route with an end": [_line(end=datetime(2025, 12, 31, 23, 59), bus_route=True)],
}


@pytest.mark.parametrize("version", ["4.0.0", "3.5.1"])
@pytest.mark.parametrize("order_type", ["permanent", "temporary"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_builder_output_validates_with_no_issues(version, order_type, case):
    document = build_document(_order(order_type, CASES[case]), version=version, tra_code=TRA)

    report = validate_document(document, tra_code=TRA)

    assert [issue.to_dict() for issue in report.issues] == []
    assert document["schemaVersion"] == version


def test_4_0_0_nests_one_regulation_and_3_5_1_wraps_it_in_arrays():
    order = _order("temporary", [_weight_limit()])

    v4 = build_document(order, version="4.0.0", tra_code=TRA)["data"]["source"]["provision"][0]
    v3 = build_document(order, version="3.5.1", tra_code=TRA)["data"]["source"]["provision"][0]

    assert isinstance(v4["regulation"], dict)
    assert isinstance(v4["regulation"]["conditionSet"], dict)
    assert isinstance(v3["regulation"], list)
    assert isinstance(v3["regulation"][0]["conditionSet"], list)
    assert v4["orderReportingPoint"] == "ttroTtmoNoticeOfIntention"


def test_picked_coordinates_become_british_national_grid_wkt():
    assert coordinates_to_wkt("linestring", [(1.5, 2), (3, 4)]) == (
        "SRID=27700;LINESTRING(1.5 2, 3 4)"
    )
    assert coordinates_to_wkt("point", [(320620, 124993)]) == "SRID=27700;POINT(320620 124993)"
    assert coordinates_to_wkt("polygon", [(0, 0), (1, 0), (1, 1)]) == (
        "SRID=27700;POLYGON((0 0, 1 0, 1 1, 0 0))"
    )


@pytest.mark.parametrize("version", ["4.0.0", "3.5.1"])
def test_a_built_document_prefills_the_form_and_rebuilds_to_the_same_json(version):
    order = _order("permanent", [_line(), _weight_limit()])
    document = build_document(order, version=version, tra_code=TRA)

    answers, provisions = prefill_from_document(document)

    assert answers["troName"] == order.tro_name
    assert answers["order_type"] == "permanent"
    assert [p["regulationType"] for p in provisions] == [
        "kerbsideNoWaiting",
        "dimensionMaximumWeightStructural",
    ]
    assert provisions[1]["grossVehicleWeight"] == 7.5
    assert provisions[1]["vehicleType"] == "heavyGoodsVehicle"
    assert provisions[0]["reference"] == document["data"]["source"]["provision"][0]["reference"]


def test_documents_beyond_the_common_shape_are_not_prefilled():
    document = build_document(_order("permanent", [_line()]), version="4.0.0", tra_code=TRA)
    place = document["data"]["source"]["provision"][0]["regulatedPlace"]
    place.append(dict(place[0]))

    assert prefill_from_document(document) is None
