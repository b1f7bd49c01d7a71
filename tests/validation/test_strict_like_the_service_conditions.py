"""A failure inside a schema's `if`/`then`/`else` names the field to add or remove and the
answer it depends on, at that field's path, for every version (3.4.0 to the 5.0.0 candidate)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from validation_helpers import NOW, load_example

from dtro_validation import validate_document

DERBY = "example-derbyshire-2024-dj388-partial.json"
WEIGHT = "example-weight-restriction.json"
P0 = "/data/source/provision/0"
OLD_MESSAGE = "is not allowed with the other values given here"


def source(d: dict[str, Any]) -> dict[str, Any]:
    return d["data"]["source"]


def issues(mutate, version: str, name: str, change) -> list[tuple[str, str, str]]:
    report = mutate(version, name, change)
    return [(i.code, i.path, i.message) for i in report.issues]


def add_actual_start(d: dict[str, Any]) -> None:
    source(d)["provision"][0]["actualStartOrStop"] = [
        {"eventAt": "2024-01-01T00:00:00", "eventType": "start"}
    ]


@pytest.mark.parametrize("version", ["3.4.0", "3.5.1", "4.0.0"])
def test_actual_start_or_stop_on_a_permanent_order_is_named(mutate, version) -> None:
    [(code, path, message)] = issues(mutate, version, DERBY, add_actual_start)

    assert (code, path) == ("not_allowed", f"{P0}/actualStartOrStop")
    assert message.startswith(
        "Actual start or stop (actualStartOrStop) is only allowed when the order reporting "
        "point (orderReportingPoint) "
    )
    assert message.endswith(
        "(found 'permanentNoticeOfMaking'): remove actualStartOrStop or change the order "
        "reporting point."
    )


def test_a_provision_coming_into_force_date_on_road_active_status_is_named(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d)["provision"][0]["orderReportingPoint"] = "troOnRoadActiveStatus"

    found = issues(mutate, "4.0.0", DERBY, change)

    assert (
        "not_allowed",
        f"{P0}/comingIntoForceDate",
        "Coming into force date (comingIntoForceDate) is only allowed when the order reporting "
        "point (orderReportingPoint) is not one of 'troOnRoadActiveStatus', "
        "'permanentNoticeOfProposal' (found 'troOnRoadActiveStatus'): remove "
        "comingIntoForceDate or change the order reporting point.",
    ) in found
    # The order's own dates, forbidden together by the same answer, are named too.
    assert ("not_allowed", "/data/source/madeDate") in [(c, p) for c, p, _m in found]


def test_a_made_date_required_by_the_reporting_points_says_so(mutate) -> None:
    found = issues(mutate, "4.0.0", DERBY, lambda d: source(d).pop("madeDate"))

    assert found == [
        (
            "required",
            "/data/source/madeDate",
            "Enter the made date (madeDate): it is required when the order reporting point of "
            "every provision is not one of 'troOnRoadActiveStatus', 'permanentNoticeOfProposal'.",
        )
    ]


def test_experimental_fields_on_a_permanent_order_are_named(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        provision = source(d)["provision"][0]
        provision["experimentalVariation"] = {"effectOfChange": "x", "expectedDuration": "P1D"}
        provision["experimentalCessation"] = {
            "actualDateOfCessation": "2024-01-01",
            "natureOfCessation": "x",
        }

    found = issues(mutate, "4.0.0", DERBY, change)

    assert [(c, p) for c, p, _m in found] == [("not_allowed", f"{P0}/experimentalCessation")]
    assert "starts with 'experimental' (found 'permanentNoticeOfMaking')" in found[0][2]


def _vehicle(d: dict[str, Any]) -> dict[str, Any]:
    regulation = source(d)["provision"][0]["regulation"]
    return regulation["conditionSet"]["conditions"][1]["vehicleCharacteristics"]


VEHICLE = f"{P0}/regulation/conditionSet/conditions/1/vehicleCharacteristics"


def test_an_extension_without_other_is_named(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        _vehicle(d)["vehicleTypeExtension"] = {
            "definition": "x",
            "enumeratedList": "vehicleType",
            "value": "x",
        }

    found = issues(mutate, "4.0.0", WEIGHT, change)

    assert found == [
        (
            "not_allowed",
            f"{VEHICLE}/vehicleTypeExtension",
            "Vehicle type extension (vehicleTypeExtension) is only allowed when the vehicle "
            "type (vehicleType) is 'other': remove vehicleTypeExtension or change the vehicle "
            "type.",
        )
    ]


def test_a_full_revoke_order_with_another_provision_action_names_the_order(mutate) -> None:
    found = issues(mutate, "4.0.0", DERBY, lambda d: source(d).update(actionType="fullRevoke"))

    assert found == [
        (
            "const",
            f"{P0}/actionType",
            "Action type must be 'fullRevoke' (found 'new'). This applies when the action type "
            "of the order (actionType) is 'fullRevoke'.",
        )
    ]


def test_the_5_0_0_candidate_names_place_fields_the_reporting_point_requires(
    registry, settings
) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
    document = {**copy.deepcopy(load_example("4.0.0", WEIGHT)), "schemaVersion": "5.0.0"}

    report = validate_document(document, registry=registry, now=NOW)

    assert (
        "required",
        f"{P0}/regulatedPlace/0/concession",
        "Enter the concession (concession): it is required when the order reporting point "
        "(orderReportingPoint) is 'ttroTtmoNoticeAfterMaking'.",
    ) in [(i.code, i.path, i.message) for i in report.issues]


@pytest.mark.parametrize("version", ["3.4.0", "3.4.1", "3.5.0", "3.5.1", "4.0.0"])
def test_no_conditional_failure_is_reported_at_its_parent(mutate, version) -> None:
    def everything(d: dict[str, Any]) -> None:
        add_actual_start(d)
        provision = source(d)["provision"][0]
        provision["orderReportingPoint"] = "troOnRoadActiveStatus"
        provision["experimentalVariation"] = {"effectOfChange": "x", "expectedDuration": "P1D"}
        provision["experimentalCessation"] = {
            "actualDateOfCessation": "2024-01-01",
            "natureOfCessation": "x",
        }

    report = mutate(version, DERBY, everything)

    assert report.issues
    for issue in report.issues:
        assert OLD_MESSAGE not in issue.message
        assert issue.path not in ("/data/source", P0), issue
