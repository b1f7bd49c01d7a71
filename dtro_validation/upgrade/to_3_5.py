"""3.4.0, 3.4.1 and 3.5.0 -> 3.5.1: what changed in the schemas, and DfT's own 3.4.1 -> 3.5.0
upversioning (`service/upversioning.rst`: `isPlaceholderTro` false)."""

from __future__ import annotations

import re
from typing import Any

from dtro_validation.upgrade.report import StepReport, words
from dtro_validation.upgrade.walk import objects_under, provisions

TARGET = "3.5.1"
_TIME_WITHOUT_SECONDS = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_PLACEHOLDER_START = "1970-01-01T00:00:00"


def to_3_5_1(document: dict[str, Any], from_version: str) -> StepReport:
    """Upgrade `document` (an envelope the caller owns: it is changed in place)."""
    report = StepReport(from_version, TARGET, document)
    data = document["data"]
    if from_version == "3.4.0":
        _durations_in_days(data, report)
    if from_version in ("3.4.0", "3.4.1"):
        _regulation_conditions_into_a_set(data, report)
        _xor_spelling(data, report)
        _placeholder_flags(data, report)
        _elementary_street_units(data, report)
        _cubic_centimetres(data, report)
    if from_version == "3.5.0":
        _public_right_of_way_closures(data, report)
        _times_with_seconds(data, report)
    document["schemaVersion"] = TARGET
    return report


def _durations_in_days(data: Any, report: StepReport) -> None:
    # 3.4.1 writes an experimental variation's duration as ISO 8601 (P28D), not whole days.
    for path, variation in objects_under(data, "experimentalVariation"):
        days = variation.get("expectedDuration") if isinstance(variation, dict) else None
        if isinstance(days, int) and not isinstance(days, bool) and days >= 0:
            variation["expectedDuration"] = f"P{days}D"
            report.changed(
                (*path, "expectedDuration"),
                f"Expected duration {days} (days) written as P{days}D, the form 3.4.1 onwards "
                f"uses.",
            )


def _regulation_conditions_into_a_set(data: Any, report: StepReport) -> None:
    # 3.5.0 dropped a regulation's bare `conditions` list; it lives on as a condition set.
    for provision_path, provision in provisions(data):
        regulations = provision.get("regulation")
        if not isinstance(regulations, list):
            continue
        for index, regulation in enumerate(regulations):
            if not isinstance(regulation, dict) or "conditions" not in regulation:
                continue
            path = (*provision_path, "regulation", index)
            conditions = regulation.pop("conditions")
            if isinstance(conditions, list) and len(conditions) == 1:
                regulation["condition"] = conditions
                report.changed(
                    (*path, "condition"),
                    "The regulation's one condition moved from 'conditions' to 'condition'.",
                )
            else:
                regulation["conditionSet"] = [{"conditions": conditions}]
                report.changed(
                    (*path, "conditionSet"),
                    "The regulation's list of conditions moved into a condition set, as 3.5 "
                    "writes it. The draft does not say whether all of them or any of them "
                    "must apply.",
                )


def _xor_spelling(data: Any, report: StepReport) -> None:
    for path, operator in objects_under(data, "operator"):
        if operator == "xor":
            _set(data, path, "xOr")
            report.changed(path, "Operator 'xor' spelt 'xOr', as 3.5 onwards spells it.")


def _placeholder_flags(data: Any, report: StepReport) -> None:
    for path, validity in objects_under(data, "timeValidity"):
        if not isinstance(validity, dict) or "isPlaceholderTro" in validity:
            continue
        if str(validity.get("start", "")).startswith(_PLACEHOLDER_START):
            report.needs(
                path,
                "3.5 needs to know whether this is a placeholder order (isPlaceholderTro). It "
                "starts at midnight on 1 January 1970, as placeholder orders do: say whether "
                "it is one.",
            )
            continue
        validity["isPlaceholderTro"] = False
        report.changed(
            (*path, "isPlaceholderTro"),
            "Added isPlaceholderTro: false (not a placeholder order), as DfT's own upgrade "
            "does. Set it to true only if this order is a placeholder.",
        )


def _elementary_street_units(data: Any, report: StepReport) -> None:
    for path, references in objects_under(data, "uniqueStreetReferenceNumber"):
        if not isinstance(references, list):
            continue
        for index, reference in enumerate(references):
            if isinstance(reference, dict) and "elementaryStreetUnit" in reference:
                units = reference.pop("elementaryStreetUnit")
                count = len(units) if isinstance(units, list) else 1
                report.changed(
                    (*path, index),
                    f"Removed {count} elementary street unit{'s' if count != 1 else ''}: 3.5 "
                    f"no longer records them (the USRN stays).",
                )


def _cubic_centimetres(data: Any, report: StepReport) -> None:
    for path, unit in objects_under(data, "unitOfMeasure"):
        if unit == "cubicCentimeters":
            _set(data, path, "cubicCentimetres")
            report.changed(path, "Unit 'cubicCentimeters' spelt 'cubicCentimetres', as 3.5 does.")


def _public_right_of_way_closures(data: Any, report: StepReport) -> None:
    for path, regulation_type in objects_under(data, "regulationType"):
        if regulation_type == "publicRightOfWayClosure":
            report.needs(
                path,
                f"3.5.1 has no regulation type '{words(regulation_type)}'. Choose "
                f"miscFootpathClosure if the order closes footpaths, or the type that fits.",
            )


def _times_with_seconds(data: Any, report: StepReport) -> None:
    # 3.5.1 checks times of day as HH:MM:SS; 3.5.0 read them as any `time`.
    for key in (
        "startTimeOfPeriod",
        "endTimeOfPeriod",
        "durationStart",
        "durationEnd",
        "resetTime",
    ):
        for path, value in objects_under(data, key):
            if isinstance(value, str) and _TIME_WITHOUT_SECONDS.match(value):
                _set(data, path, f"{value}:00")
                report.changed(path, f"Time {value} written as {value}:00 (with seconds).")


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    parent = data
    for token in path[:-1]:
        parent = parent[token]
    parent[path[-1]] = value
