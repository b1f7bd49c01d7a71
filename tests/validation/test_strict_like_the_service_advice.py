"""Rules the D-TRO service does not enforce are advice: reported with severity "advice",
never making a D-TRO invalid and never among what the service would answer."""

from __future__ import annotations

from typing import Any

from validation_helpers import found

SRC = "/data/source"
P0 = f"{SRC}/provision/0"
D40 = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")
DIVERSION = ("4.0.0", "example-road-closure-with-diversion-route.json")


def source(d: dict[str, Any]) -> dict[str, Any]:
    return d["data"]["source"]


def _partial_revoke_under_new(d: dict[str, Any]) -> None:
    source(d)["actionType"] = "new"
    source(d)["provision"][0]["actionType"] = "partialRevoke"


def test_a_partial_revoke_under_a_new_order_is_advice(mutate) -> None:
    report = mutate(*D40, _partial_revoke_under_new)

    assert found(report) == [("action_type_inconsistent", f"{P0}/actionType")]
    assert report.is_valid
    assert [i.code for i in report.advice] == ["action_type_inconsistent"]
    assert report.errors == []
    assert report.first_failing_stage() == []  # the sandbox answers as the service: accepted
    assert report.to_dict()["issues"][0]["severity"] == "advice"
    assert report.to_dict()["valid"] is True


def test_a_tra_affected_list_without_the_submitter_is_advice(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        source(d).update(traCreator=99999, currentTraOwner=99999, traAffected=[1050])

    report = mutate(*D40, change, tra_code=99999)

    assert [(i.code, i.severity) for i in report.issues] == [("tra_not_affected", "advice")]
    assert report.is_valid


def test_a_time_validity_ending_before_it_starts_is_advice(mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        validity = source(d)["provision"][0]["regulation"]["condition"]["timeValidity"]
        validity["end"] = "2024-10-21T06:00:00"

    report = mutate(*DIVERSION, change)

    assert [(i.code, i.severity) for i in report.issues] == [("end_before_start", "advice")]
    assert "The D-TRO service accepts this" in report.issues[0].message


def test_rules_the_service_enforces_stay_errors(mutate) -> None:
    report = mutate(*D40, lambda d: source(d).__setitem__("madeDate", "2025-02-01"))

    assert [(i.code, i.severity) for i in report.issues] == [
        ("made_date_after_coming_into_force", "error")
    ]
    assert not report.is_valid
    assert report.first_failing_stage() == report.issues


def test_an_issue_is_an_error_unless_marked_advice() -> None:
    from dtro_validation.issues import ValidationIssue, split_by_severity

    assert ValidationIssue(path="", code="x", message="m").to_dict()["severity"] == "error"
    stored = [{"code": "old"}, {"code": "new", "severity": "advice"}]
    assert split_by_severity(stored) == ([{"code": "old"}], [{"code": "new", "severity": "advice"}])
