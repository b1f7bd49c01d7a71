"""A place drawn one way only is a directedLinear, and the street picked for it is its USRN:
both valid D-TRO JSON in every version the guided form offers, and both read back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dtro_app.drafting.guided import GuidedOrder, GuidedProvision, build_document
from dtro_app.drafting.guided.builder import BOTH_WAYS, DIRECTED, prefill_from_document
from dtro_app.drafting.guided.forms import ProvisionForm
from dtro_app.drafting.guided.problems import field_for_pointer
from dtro_validation import validate_document

TRA = 99999
LINE = "SRID=27700;LINESTRING(322900 124700, 323050 124640, 323200 124600)"


def _provision(**extra) -> GuidedProvision:
    return GuidedProvision(
        provision_description="One way eastbound",
        regulation_type="mandatoryDirectionOneWay",
        place_description="Fore Street",
        wkt=LINE,
        start=datetime(2025, 2, 3, 8, 0),
        **extra,
    )


def _document(provision: GuidedProvision, version: str = "4.0.0") -> dict:
    order = GuidedOrder(
        order_type="permanent",
        tro_name="Fore Street (One Way) Order 2025",
        statement_description="Makes Fore Street one way eastbound.",
        section="",
        made_date=date(2025, 1, 27),
        coming_into_force_date=date(2025, 2, 3),
        provisions=[provision],
    )
    return build_document(order, version=version, tra_code=TRA)


def _place(document: dict) -> dict:
    return document["data"]["source"]["provision"][0]["regulatedPlace"][0]


@pytest.mark.parametrize("version", ["4.0.0", "3.5.1"])
def test_a_line_drawn_one_way_is_a_directed_linear_that_validates(version):
    document = _document(_provision(direction=DIRECTED), version)

    place = _place(document)

    assert place["directedLinear"] == {"version": 1, "directedLineString": LINE}
    assert "linearGeometry" not in place
    assert [issue.to_dict() for issue in validate_document(document, tra_code=TRA).issues] == []


@pytest.mark.parametrize("direction", [BOTH_WAYS, DIRECTED])
def test_the_street_picked_is_the_places_usrn_and_validates(direction):
    provision = _provision(
        direction=direction, usrn=38100506, street_name="Fore Street", street_checked=""
    )
    document = _document(provision)

    place = _place(document)
    if direction == DIRECTED:
        references = place["directedLinear"]["intermediateLocation"]
    else:
        references = place["linearGeometry"]["externalReference"]

    assert references[0]["uniqueStreetReferenceNumber"] == [
        {"usrn": 38100506, "nsgStreetName": "Fore Street"}
    ]
    assert datetime.fromisoformat(references[0]["lastUpdateDate"]).date() == date.today()
    assert [issue.to_dict() for issue in validate_document(document, tra_code=TRA).issues] == []


def test_direction_and_street_come_back_to_the_form_unchanged():
    checked = "2025-01-20T09:30:00"
    document = _document(
        _provision(
            direction=DIRECTED, usrn=38100506, street_name="Fore Street", street_checked=checked
        )
    )

    _, provisions = prefill_from_document(document)

    assert provisions[0]["direction"] == DIRECTED
    assert provisions[0]["usrn"] == 38100506
    assert provisions[0]["streetName"] == "Fore Street"
    # Saving again keeps the date the street was checked: no change of its own.
    assert provisions[0]["street_checked"] == checked


def test_a_line_one_way_in_a_linear_geometry_goes_to_the_json_editor_not_lost():
    document = _document(_provision())
    _place(document)["linearGeometry"]["direction"] = "startToEnd"

    assert prefill_from_document(document) is None


def _form(**answers) -> ProvisionForm:
    data = {
        "provisionDescription": "One way",
        "regulationType": "mandatoryDirectionOneWay",
        "description": "Fore Street",
        "geometry_input": "wkt",
        "geometry": LINE,
        "direction": BOTH_WAYS,
        "bywayType": "road",
        "start": "03/02/2025 08:00",
        **answers,
    }
    return ProvisionForm(data)


def test_only_a_line_can_be_given_a_direction():
    form = _form(geometry="SRID=27700;POINT(322900 124700)", direction=DIRECTED)

    assert not form.is_valid()
    assert form.errors["direction"] == [
        "Only a line has a direction: choose 'In both directions', or give a line"
    ]


def test_a_usrn_that_is_not_a_number_names_the_field():
    form = _form(usrn="Fore Street")

    assert not form.is_valid()
    assert form.errors["usrn"] == ["The USRN must be a whole number, such as 38100123"]


def test_a_service_problem_with_the_usrn_lands_on_the_usrn_field():
    pointer = (
        "/data/source/provision/0/regulatedPlace/0/linearGeometry/externalReference/0"
        "/uniqueStreetReferenceNumber/0/usrn"
    )

    assert field_for_pointer(pointer) == (0, "usrn")
