"""What each upgrade step changes, and what it leaves for a person (never inventing)."""

from __future__ import annotations

import copy
import re

import pytest
from validation_helpers import NOW, load_example

from dtro_validation.upgrade import UpgradeRefused, upgrade_document


def regulation_of(report, index: int = 0) -> dict:
    return report.document["data"]["source"]["provision"][index]["regulation"]


def test_3_4_regulation_lists_and_conditions_become_4_0_objects(registry) -> None:
    document = copy.deepcopy(load_example("3.4.1", "example-derbyshire-2024-dj388-partial.json"))
    original = document["data"]["source"]["provision"][0]["regulation"][0]["condition"][0]

    report = upgrade_document(document, "4.0.0", registry=registry, now=NOW)

    regulation = regulation_of(report)
    assert isinstance(regulation, dict)
    assert regulation["condition"]["timeValidity"]["isPlaceholderTro"] is False
    assert regulation["condition"]["timeValidity"]["start"] == original["timeValidity"]["start"]
    assert report.steps == ["3.4.1 → 3.5.1", "3.5.1 → 4.0.0"]
    whats = [change.what for change in report.changes]
    assert any("isPlaceholderTro: false" in what for what in whats)
    assert "The regulation is written as one object, not a list of one." in whats
    assert report.is_valid


def test_max_stay_moves_from_time_validity_onto_each_period(registry) -> None:
    report = upgrade_document(
        load_example("3.5.1", "example-maxstaynoreturn.json"), "4.0.0", registry=registry, now=NOW
    )
    validity = regulation_of(report)["condition"]["timeValidity"]
    assert "maxStayNoReturn" not in validity
    assert validity["validPeriod"][0]["maxStayNoReturn"] == {"maximumOccupancy": "PT20M"}
    assert report.is_valid


def test_a_vehicle_type_that_4_0_calls_a_usage_moves_to_vehicle_usage(registry) -> None:
    document = copy.deepcopy(load_example("3.5.1", "example-weight-restriction.json"))
    conditions = document["data"]["source"]["provision"][0]["regulation"][0]["conditionSet"][0]
    conditions["conditions"][1]["vehicleCharacteristics"]["vehicleType"] = "policeVehicle"

    report = upgrade_document(document, "4.0.0", registry=registry, now=NOW)

    moved = regulation_of(report)["conditionSet"]["conditions"][1]["vehicleCharacteristics"]
    assert moved["vehicleUsage"] == "policeVehicle" and "vehicleType" not in moved
    assert report.is_valid


def test_a_condition_set_without_an_operator_is_left_for_a_person(registry) -> None:
    document = copy.deepcopy(load_example("3.5.1", "example-weight-restriction.json"))
    regulation = document["data"]["source"]["provision"][0]["regulation"][0]
    del regulation["conditionSet"][0]["operator"]

    report = upgrade_document(document, "4.0.0", registry=registry, now=NOW)

    assert "operator" not in regulation_of(report)["conditionSet"]
    asked = [line for line in report.needs_person if not line.from_validation]
    assert [line.path for line in asked] == ["source.provision[0].regulation.conditionSet.operator"]
    assert "'and' if every condition must apply" in asked[0].why
    assert not report.is_valid


def test_4_0_0_examples_lose_general_regulation_under_5_0_0(registry, settings) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
    valid = 0
    for name in (
        "example-consultation.json",
        "example-derbyshire-2024-dj388-partial.json",
        "example-extension-permit-works.json",
        "example-multipolygon.json",
        "example-road-closure-with-diversion-route.json",
        "example-weight-restriction.json",
    ):
        report = upgrade_document(load_example("4.0.0", name), "5.0.0", registry=registry, now=NOW)
        assert "generalRegulation" not in str(report.document), name
        assert report.steps == ["4.0.0 → 5.0.0"]
        valid += report.is_valid
        if not report.is_valid:
            # The temporary orders' places must now answer concession, tramcar and so on.
            assert all("concession" in line.why for line in report.needs_person), name
    assert valid == 3
    multipolygon = upgrade_document(
        load_example("4.0.0", "example-multipolygon.json"), "5.0.0", registry=registry, now=NOW
    )
    assert regulation_of(multipolygon)["regulationType"] == "speedLimitValueBased"


def test_a_one_way_order_needs_its_direction_drawn_for_5_0_0(registry, settings) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
    document = copy.deepcopy(load_example("4.0.0", "example-derbyshire-2024-dj388-partial.json"))
    provision = document["data"]["source"]["provision"][0]
    provision["regulation"]["generalRegulation"]["regulationType"] = "mandatoryDirectionOneWay"
    place = provision["regulatedPlace"][0]
    place.setdefault("externalReference", [{}])[0]["uniqueStreetReferenceNumber"] = [{"usrn": 0}]

    report = upgrade_document(document, "5.0.0", registry=registry, now=NOW)

    asked = {line.path: line.why for line in report.needs_person if not line.from_validation}
    assert asked["source.provision[0].regulatedPlace[0]"].startswith(
        "5.0.0 needs a directed linear geometry (directedLinear) for a mandatory direction one "
        "way order: draw the direction"
    )
    usrn = next(why for path, why in asked.items() if path.endswith("usrn"))
    assert usrn.startswith("USRN 0 is DfT's placeholder; 5.0.0 needs a real USRN ≥ 200001")
    assert "directedLinear" not in str(report.document)  # nothing drawn for the officer
    assert not report.is_valid
    assert any(p.value == 0 for p in report.placeholders)


def test_the_candidate_is_refused_unless_allowed(registry, settings) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = False
    with pytest.raises(UpgradeRefused, match=re.escape("5.0.0 is a candidate version")):
        upgrade_document(
            load_example("4.0.0", "example-multipolygon.json"), "5.0.0", registry=registry
        )


def test_older_targets_and_unknown_starting_versions_are_refused(registry) -> None:
    with pytest.raises(UpgradeRefused, match=re.escape("newer than 3.5.1")):
        upgrade_document(
            load_example("4.0.0", "example-multipolygon.json"), "3.5.1", registry=registry
        )
    with pytest.raises(
        UpgradeRefused, match=re.escape("cannot upgrade a draft from version 3.3.0")
    ):
        document = {
            **load_example("3.4.0", "snippet-example-snip-point.json"),
            "schemaVersion": "3.3.0",
        }
        upgrade_document(document, "4.0.0", registry=registry)
    with pytest.raises(UpgradeRefused, match=re.escape("cannot be upgraded to version 3.4.1")):
        upgrade_document(
            load_example("3.4.0", "snippet-example-snip-point.json"), "3.4.1", registry=registry
        )


def test_advice_is_reported_apart_and_never_counts_against_the_upgrade(registry) -> None:
    document = copy.deepcopy(load_example("3.5.1", "example-weight-restriction.json"))
    validity = document["data"]["source"]["provision"][0]["regulation"][0]["conditionSet"][0][
        "conditions"
    ][0]["timeValidity"]
    validity["validPeriod"] = [
        {"startOfPeriod": "2024-09-01T08:00:00", "endOfPeriod": "2024-08-01T08:00:00"}
    ]

    report = upgrade_document(document, "4.0.0", registry=registry, now=NOW)

    assert report.is_valid
    assert report.needs_person == []
    assert [line.path for line in report.advice] == [
        "source.provision[0].regulation.conditionSet.conditions[0].timeValidity.validPeriod[0]"
        ".endOfPeriod"
    ]
    assert "The D-TRO service accepts this" in report.advice[0].why
