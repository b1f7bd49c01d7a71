"""Real examples broken in one place each: the exact code and JSON Pointer are reported."""

from __future__ import annotations

import copy
from typing import Any

from validation_helpers import found

from dtro_app.drafting.guided.problems import field_for_pointer

D34 = ("3.4.0", "example-derbyshire-2024-dj388-partial.json")
D40 = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")
POINT = ("3.4.0", "snippet-example-snip-point.json")
POLY = ("3.4.0", "snippet-example-snip-polygon.json")
MULTIPOLY = ("3.5.0", "example-multipolygon.json")
DIVERSION = ("4.0.0", "example-road-closure-with-diversion-route.json")

SRC = "/data/source"
P0 = f"{SRC}/provision/0"
PLACE = f"{P0}/regulatedPlace/0"
LINE = f"{PLACE}/linearGeometry/linestring"
PT = f"{PLACE}/pointGeometry/point"
POLYGON = f"{PLACE}/polygon/polygon"


def source(d: dict[str, Any]) -> dict[str, Any]:
    return d["data"]["source"]


def place(d: dict[str, Any]) -> dict[str, Any]:
    return source(d)["provision"][0]["regulatedPlace"][0]


def set_line(value: str):
    return lambda d: place(d)["linearGeometry"].__setitem__("linestring", value)


def set_point(value: str):
    return lambda d: place(d)["pointGeometry"].__setitem__("point", value)


def set_polygon(value: str):
    return lambda d: place(d)["polygon"].__setitem__("polygon", value)


# --- schema ---------------------------------------------------------------------------------


def test_it_reports_a_missing_source_action_type(mutate) -> None:
    report = mutate(*D34, lambda d: source(d).pop("actionType"))
    assert found(report) == [("required", f"{SRC}/actionType")]
    issue = report.issues[0]
    assert field_for_pointer(issue.path) == (None, "actionType")
    assert issue.service["message"] == "Required properties are missing from object: actionType."
    assert issue.service["path"] == "source"
    assert "valid under" not in issue.message


def test_it_reports_a_missing_provision_reference(mutate) -> None:
    report = mutate(*D34, lambda d: source(d)["provision"][0].pop("reference"))
    assert found(report) == [("required", f"{P0}/reference")]
    assert field_for_pointer(report.issues[0].path) == (0, "reference")


def test_it_reports_a_missing_regulated_place_description(mutate) -> None:
    report = mutate(*D40, lambda d: place(d).pop("description"))
    assert found(report) == [("required", f"{PLACE}/description")]
    assert field_for_pointer(report.issues[0].path) == (0, "description")


def test_it_reports_a_wrong_source_action_type(mutate) -> None:
    report = mutate(*D40, lambda d: source(d).__setitem__("actionType", "brandNew"))
    assert found(report) == [("enum", f"{SRC}/actionType")]
    assert "brandNew" in report.issues[0].message
    assert report.issues[0].service["errorType"] == "Enum"


def test_it_reports_a_wrong_order_reporting_point(mutate) -> None:
    report = mutate(
        *D34, lambda d: source(d)["provision"][0].__setitem__("orderReportingPoint", "whenever")
    )
    assert ("enum", f"{P0}/orderReportingPoint") in found(report)
    assert field_for_pointer(report.issues[0].path) == (0, "orderReportingPoint")


def test_it_reports_a_wrong_regulation_type(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        regulation = source(d)["provision"][0]["regulation"]
        regulation["generalRegulation"] = {"regulationType": "noParkingEver"}

    report = mutate(*DIVERSION, change)
    assert found(report) == [
        ("enum", f"{P0}/regulation/generalRegulation/regulationType"),
    ]
    assert field_for_pointer(report.issues[0].path) == (0, "regulationType")


def test_it_reports_a_tra_code_of_the_wrong_type(mutate) -> None:
    report = mutate(*D34, lambda d: source(d).__setitem__("currentTraOwner", "1050"))
    assert found(report) == [("type", f"{SRC}/currentTraOwner")]
    assert report.issues[0].service["message"] == "Invalid type. Expected Integer but got String."
    assert report.issues[0].service["path"] == "source.currentTraOwner"


def test_it_reports_tra_affected_that_is_not_a_list(mutate) -> None:
    report = mutate(*D34, lambda d: source(d).__setitem__("traAffected", 1050))
    assert found(report) == [("type", f"{SRC}/traAffected")]
    assert report.issues[0].service["message"] == "Invalid type. Expected Array but got Integer."


def test_it_reports_an_extra_property_at_the_top_of_data(mutate) -> None:
    report = mutate(*D34, lambda d: d["data"].__setitem__("apples", "bananas"))
    assert found(report) == [("additional_property", "/data/apples")]
    assert report.issues[0].service["message"] == (
        "Property 'apples' has not been defined and the schema does not allow additional "
        "properties."
    )


def test_it_reports_an_extra_property_inside_a_provision(mutate) -> None:
    report = mutate(*D40, lambda d: source(d)["provision"][0].__setitem__("colour", "red"))
    assert found(report) == [("additional_property", f"{P0}/colour")]


def test_it_suggests_the_right_casing_for_a_pascal_case_source(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        d["data"]["Source"] = d["data"].pop("source")

    report = mutate(*D34, change)
    assert found(report) == [
        ("additional_property", "/data/Source"),
        ("required", "/data/source"),
    ]
    assert "Did you mean 'source'?" in report.issues[0].message


def test_it_reports_an_empty_tro_name(mutate) -> None:
    report = mutate(*D40, lambda d: source(d).__setitem__("troName", ""))
    assert found(report) == [("min_length", f"{SRC}/troName")]
    assert field_for_pointer(report.issues[0].path) == (None, "troName")


def test_it_reports_a_provision_without_regulated_places(mutate) -> None:
    report = mutate(*D40, lambda d: source(d)["provision"][0].__setitem__("regulatedPlace", []))
    assert found(report) == [("min_items", f"{P0}/regulatedPlace")]


def test_it_reports_a_zero_tra_creator(mutate) -> None:
    report = mutate(*D40, lambda d: source(d).__setitem__("traCreator", 0))
    assert found(report) == [("minimum", f"{SRC}/traCreator")]


def test_it_reports_a_regulation_with_no_regulation_type_as_one_plain_error(mutate) -> None:
    report = mutate(
        *DIVERSION, lambda d: source(d)["provision"][0]["regulation"].pop("generalRegulation")
    )
    assert found(report) == [("one_of_required", f"{P0}/regulation")]
    message = report.issues[0].message
    assert "generalRegulation" in message and "offListRegulation" in message
    assert "valid under" not in message and "no schemas" not in message


def test_it_reports_a_regulation_with_two_regulation_types_as_ambiguous(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d)["provision"][0]["regulation"]["offListRegulation"] = {
            "regulationFullText": "No entry",
            "regulationShortName": "No entry",
        }

    report = mutate(*DIVERSION, change)
    assert found(report) == [("one_of_multiple", f"{P0}/regulation")]
    assert "generalRegulation and offListRegulation" in report.issues[0].message


def test_it_reduces_a_deep_one_of_failure_to_the_branch_the_author_meant(mutate) -> None:
    report = mutate(*D34, lambda d: place(d)["linearGeometry"].__setitem__("direction", "up"))
    assert found(report) == [("enum", f"{PLACE}/linearGeometry/direction")]


def test_it_reports_a_time_zone_other_than_london_in_4_0_0(mutate) -> None:
    report = mutate(
        *D40, lambda d: source(d)["provision"][0]["regulation"].__setitem__("timeZone", "UTC")
    )
    assert found(report) == [("const", f"{P0}/regulation/timeZone")]


def test_it_reports_a_bad_occupancy_duration(mutate) -> None:
    report = mutate(
        *D40,
        lambda d: source(d)["provision"][0].__setitem__("expectedOccupancyDuration", "3 days"),
    )
    assert found(report) == [("pattern", f"{P0}/expectedOccupancyDuration")]
    assert "ISO 8601 duration" in report.issues[0].message


def test_it_reports_every_schema_error_of_the_api_tests_at_once(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        s = source(d)
        s.pop("actionType")
        s["currentTraOwner"] = str(s["currentTraOwner"])
        s["traAffected"] = s["traAffected"][0]
        d["data"]["apples"] = "bananas"

    report = mutate(*D34, change)
    assert set(found(report)) == {
        ("required", f"{SRC}/actionType"),
        ("type", f"{SRC}/currentTraOwner"),
        ("type", f"{SRC}/traAffected"),
        ("additional_property", "/data/apples"),
    }


# --- geometry -------------------------------------------------------------------------------


def test_it_rejects_srid_4326(mutate) -> None:
    report = mutate(*D34, set_line("SRID=4326;LINESTRING(-1.3 52.9, -1.31 52.91)"))
    assert ("srid_not_27700", LINE) in found(report)
    assert field_for_pointer(report.issues[0].path) == (0, "geometry")


def test_it_rejects_srid_4326_in_4_0_0(mutate) -> None:
    report = mutate(*D40, set_line("SRID=4326;LINESTRING(444284 333253, 444290 333260)"))
    assert ("srid_not_27700", LINE) in found(report)


def test_it_rejects_a_point_in_france(mutate) -> None:
    report = mutate(*POINT, set_point("SRID=27700;POINT(-50000 50000)"))
    assert found(report) == [("outside_great_britain", PT)]
    service = report.issues[0].service
    assert service == {
        "name": "Invalid coordinates",
        "message": "Geometry grid linked to 'PointGeometry'",
        "path": "Source -> Provision -> RegulatedPlace -> PointGeometry -> point",
        "rule": "Coordinates 'SRID=27700;POINT(-50000 50000)' are incorrect or not within "
        "Great Britain",
    }


def test_it_rejects_a_point_north_of_the_grid(mutate) -> None:
    report = mutate(*POINT, set_point("SRID=27700;POINT(699999 1300001)"))
    assert found(report) == [("outside_great_britain", PT)]


def test_it_rejects_a_point_on_the_edge_of_the_grid_as_the_service_does(mutate) -> None:
    report = mutate(*POINT, set_point("SRID=27700;POINT(0 500000)"))
    assert found(report) == [("outside_great_britain", PT)]


def test_it_accepts_a_line_that_touches_the_edge_of_the_grid(mutate) -> None:
    report = mutate(*D34, set_line("SRID=27700;LINESTRING(0 500000, 10 500010)"))
    assert report.is_valid


def test_it_rejects_a_line_leaving_the_grid(mutate) -> None:
    report = mutate(*D34, set_line("SRID=27700;LINESTRING(699999 1299999, 700000 1300001)"))
    assert found(report) == [("outside_great_britain", LINE)]
    assert report.issues[0].service["message"] == "Geometry grid linked to 'LinearGeometry'"


def test_it_rejects_a_one_point_linestring(mutate) -> None:
    report = mutate(*D34, set_line("SRID=27700;LINESTRING(444284 333253)"))
    assert found(report) == [("linestring_too_few_points", LINE)]


def test_it_rejects_an_unclosed_polygon(mutate) -> None:
    report = mutate(
        *POLY,
        set_polygon("SRID=27700;POLYGON((322493 124517, 322511 124533, 322570 124558))"),
    )
    assert found(report) == [("polygon_too_few_points", POLYGON)]
    report = mutate(
        *POLY,
        set_polygon(
            "SRID=27700;POLYGON((322493 124517, 322511 124533, 322570 124558, 322587 124497))"
        ),
    )
    assert found(report) == [("polygon_not_closed", POLYGON)]


def test_it_rejects_an_unclosed_ring_inside_a_multipolygon(mutate) -> None:
    report = mutate(
        *MULTIPOLY,
        set_polygon(
            "SRID=27700;MULTIPOLYGON(((323570 124636, 323482 124835, 323660 124890, "
            "323570 124636)), ((323000 124000, 323100 124000, 323100 124100, 323000 124050)))"
        ),
    )
    assert found(report) == [("polygon_not_closed", POLYGON)]


def test_it_rejects_a_multipolygon_before_3_5_0(mutate) -> None:
    report = mutate(
        *POLY,
        set_polygon(
            "SRID=27700;MULTIPOLYGON(((323570 124636, 323482 124835, 323660 124890, "
            "323570 124636)))"
        ),
    )
    assert found(report) == [("geometry_type_not_allowed", POLYGON)]


def test_it_rejects_bad_wkt(mutate) -> None:
    report = mutate(*D34, set_line("SRID=27700;LINESTRING(444284 333253, 444290)"))
    assert found(report) == [("wkt_invalid", LINE)]


def test_it_rejects_bad_wkt_that_the_4_0_0_pattern_also_rejects(mutate) -> None:
    report = mutate(*D40, set_line("SRID=27700;LINE(444284 333253, 444290 333260)"))
    assert found(report) == [("wkt_invalid", LINE)]
    assert report.issues[0].stage == "schema"
    assert report.issues[0].service["errorType"] == "Pattern"


def test_it_accepts_a_space_after_the_geometry_type(mutate) -> None:
    report = mutate(*D40, set_line("SRID=27700;LINESTRING (444284 333253, 444290 333260)"))
    assert report.is_valid


def test_it_rejects_geometry_version_zero(mutate) -> None:
    report = mutate(*D34, lambda d: place(d)["linearGeometry"].__setitem__("version", 0))
    assert found(report) == [("geometry_version_invalid", f"{PLACE}/linearGeometry/version")]


def test_it_rejects_a_geometry_version_that_is_text(mutate) -> None:
    report = mutate(*POINT, lambda d: place(d)["pointGeometry"].__setitem__("version", "ABC"))
    assert found(report) == [("geometry_version_invalid", f"{PLACE}/pointGeometry/version")]


def test_it_rejects_a_diversion_route_outside_great_britain(mutate) -> None:
    report = mutate(
        *DIVERSION,
        lambda d: place(d)["directedLinear"].__setitem__(
            "directedLineString", "SRID=27700;LINESTRING(323544 124622, 800000 124595)"
        ),
    )
    assert found(report) == [
        ("outside_great_britain", f"{PLACE}/directedLinear/directedLineString")
    ]


# --- semantic -------------------------------------------------------------------------------


def test_it_rejects_a_duplicate_provision_reference(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        provisions = source(d)["provision"]
        provisions.append(copy.deepcopy(provisions[0]))

    report = mutate(*D34, change)
    assert found(report) == [("duplicate_provision_reference", f"{SRC}/provision/1/reference")]
    assert report.issues[0].service == {
        "name": "'2' duplication reference",
        "message": "Provision reference 'A3448229-1DFA-48CD-A785-376ACB9F7C56' is present 2 times.",
        "path": "Source -> Provision -> reference",
        "rule": "Each provision 'reference' must be unique and of type 'string'",
    }
    assert field_for_pointer(report.issues[0].path) == (1, "reference")


def test_it_rejects_a_time_validity_ending_before_it_starts(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        validity = source(d)["provision"][0]["regulation"]["condition"]["timeValidity"]
        validity["end"] = "2024-10-21T06:00:00"

    report = mutate(*DIVERSION, change)
    assert found(report) == [
        ("end_before_start", f"{P0}/regulation/condition/timeValidity/end"),
    ]
    assert field_for_pointer(report.issues[0].path) == (0, "end")


def test_it_rejects_a_valid_period_ending_before_it_starts(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        validity = source(d)["provision"][0]["regulation"][0]["condition"][0]["timeValidity"]
        validity["validPeriod"][0]["startOfPeriod"] = "2024-09-01T00:00:00"
        validity["validPeriod"][0]["endOfPeriod"] = "2024-08-01T00:00:00"

    report = mutate(*D34, change)
    assert (
        "end_before_start",
        f"{P0}/regulation/0/condition/0/timeValidity/validPeriod/0/endOfPeriod",
    ) in found(report)


def test_it_rejects_a_made_date_after_coming_into_force(mutate) -> None:
    report = mutate(*D40, lambda d: source(d).__setitem__("madeDate", "2025-02-01"))
    assert found(report) == [("made_date_after_coming_into_force", f"{SRC}/madeDate")]


def test_it_rejects_a_last_update_date_in_the_future(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        place(d)["linearGeometry"]["externalReference"][0]["lastUpdateDate"] = "2026-06-02T12:00:00"

    report = mutate(*D34, change)
    path = f"{PLACE}/linearGeometry/externalReference/0/lastUpdateDate"
    assert found(report) == [("last_update_date_in_future", path)]
    assert report.issues[0].service == {
        "name": "Invalid last update date",
        "message": "Indicates the date the USRN reference was last updated",
        "path": "Source -> Provision -> RegulatedPlace -> LinearGeometry -> ExternalReference "
        "-> lastUpdateDate",
        "rule": "'lastUpdateDate' cannot be in the future",
    }


def test_it_rejects_a_future_last_update_date_on_a_diversion_origin(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        place(d)["directedLinear"]["origin"][0]["lastUpdateDate"] = "2030-01-01T00:00:00"

    report = mutate(*DIVERSION, change)
    assert found(report) == [
        ("last_update_date_in_future", f"{PLACE}/directedLinear/origin/0/lastUpdateDate")
    ]


def test_it_rejects_a_dtro_created_by_another_tra(mutate) -> None:
    report = mutate(*D34, lambda d: None, tra_code=99999)
    codes = found(report)
    assert ("tra_not_submitter", f"{SRC}/traCreator") in codes
    issue = report.issues[0]
    assert "cannot add/update a TRO for another TRA" in issue.service["message"]
    assert field_for_pointer(issue.path) == (None, "traCreator")


def test_it_rejects_an_owner_that_is_not_the_submitting_tra(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d).update(traCreator=99999, traAffected=[99999], currentTraOwner=1050)

    report = mutate(*D34, change, tra_code=99999)
    assert found(report) == [("tra_not_submitter", f"{SRC}/currentTraOwner")]


def test_it_accepts_a_dtro_of_the_submitting_tra(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d).update(traCreator=99999, traAffected=[99999], currentTraOwner=99999)

    assert mutate(*D34, change, tra_code=99999).is_valid


def test_it_asks_that_tra_affected_includes_the_submitting_tra(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d).update(traCreator=99999, traAffected=[1050], currentTraOwner=99999)

    report = mutate(*D34, change, tra_code=99999)
    assert found(report) == [("tra_not_affected", f"{SRC}/traAffected")]


def test_it_advises_on_a_new_dtro_with_a_full_revoke_provision(mutate) -> None:
    report = mutate(
        *D40, lambda d: source(d)["provision"][0].__setitem__("actionType", "fullRevoke")
    )
    assert found(report) == [("action_type_inconsistent", f"{P0}/actionType")]
    assert report.is_valid  # neither the schema nor the service forbids it
    assert field_for_pointer(report.issues[0].path) == (0, "actionType")


# --- rules (3.4.0 publishes JSON-Logic rules) ----------------------------------------------


def test_it_applies_the_3_4_0_rule_on_year_of_first_registration(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        regulation = source(d)["provision"][0]["regulation"][0]
        regulation["condition"][0]["vehicleCharacteristics"] = {"yearOfFirstRegistration": 2999}

    report = mutate(*D34, change)
    assert ("rule_failed", f"{P0}/regulation/0") in found(report)
    rule_issue = next(i for i in report.issues if i.code == "rule_failed")
    assert rule_issue.stage == "rules"
    assert rule_issue.service["name"] == (
        "YearOfFirstRegistrationLessOrEqualToCurrentYearValueInConditions"
    )


def test_it_reports_only_the_first_failing_stage_as_the_service_would(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d).pop("actionType")
        provisions = source(d)["provision"]
        provisions.append(copy.deepcopy(provisions[0]))

    report = mutate(*D34, change)
    assert {i.stage for i in report.issues} == {"schema", "semantic"}
    assert [i.code for i in report.first_failing_stage()] == ["required"]
