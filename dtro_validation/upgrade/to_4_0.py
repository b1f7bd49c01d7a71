"""3.5.0 and 3.5.1 -> 4.0.0: regulations, conditions and condition sets become objects,
`maxStayNoReturn` moves to the period, eight vehicle types become vehicle usages."""

from __future__ import annotations

from typing import Any

from dtro_validation.upgrade.report import Path, StepReport
from dtro_validation.upgrade.walk import objects_under, provisions

TARGET = "4.0.0"
LONDON = "Europe/London"
# 4.0.0 moved these from vehicleType to vehicleUsageType.
USAGES_NOT_TYPES = frozenset(
    {
        "coastguardVehicle",
        "diplomaticVehicle",
        "emergencyAndIncidentSupportVehicle",
        "emergencyServicesVehicle",
        "fireServiceVehicle",
        "policeVehicle",
        "publicServiceVehicle",
        "schoolBus",
    }
)
_ASK_OPERATOR = (
    "4.0.0 needs the operator of this condition set: 'and' if every condition must apply, "
    "'or' if any one of them is enough."
)


def to_4_0_0(document: dict[str, Any], from_version: str) -> StepReport:
    """Upgrade `document` (an envelope the caller owns: it is changed in place)."""
    report = StepReport(from_version, TARGET, document)
    data = document["data"]
    for provision_path, provision in provisions(data):
        _regulation_object(provision, provision_path, report)
    _max_stay_into_periods(data, report)
    _vehicle_usages(data, report)
    document["schemaVersion"] = TARGET
    return report


def _regulation_object(provision: dict[str, Any], provision_path: Path, report: StepReport) -> None:
    regulations = provision.get("regulation")
    path = (*provision_path, "regulation")
    if isinstance(regulations, list):
        if len(regulations) != 1 or not isinstance(regulations[0], dict):
            report.needs(
                path,
                f"4.0.0 holds one regulation per provision; this provision has "
                f"{len(regulations)}. Split it into one provision per regulation.",
            )
            return
        provision["regulation"] = regulations[0]
        report.changed(path, "The regulation is written as one object, not a list of one.")
    regulation = provision.get("regulation")
    if not isinstance(regulation, dict):
        return
    _condition_object(regulation, path, report)
    _condition_set_object(regulation, path, report)
    zone = regulation.get("timeZone")
    if zone is not None and zone != LONDON:
        report.needs(
            (*path, "timeZone"),
            f"4.0.0 accepts only the time zone {LONDON}; this regulation says {zone!r}. Check "
            f"the times of the order and change the time zone.",
        )


def _condition_object(regulation: dict[str, Any], path: Path, report: StepReport) -> None:
    condition = regulation.get("condition")
    if not isinstance(condition, list):
        return
    if len(condition) == 1:
        regulation["condition"] = condition[0]
        report.changed((*path, "condition"), "The condition is one object, not a list of one.")
    else:
        report.needs(
            (*path, "condition"),
            f"4.0.0 holds one condition here; this regulation has {len(condition)}. Put them "
            f"in a condition set and say how they combine.",
        )


def _condition_set_object(regulation: dict[str, Any], path: Path, report: StepReport) -> None:
    sets = regulation.get("conditionSet")
    set_path = (*path, "conditionSet")
    if not isinstance(sets, list):
        return
    if len(sets) != 1 or not isinstance(sets[0], dict):
        report.needs(
            set_path,
            f"4.0.0 holds one condition set per regulation; this one has {len(sets)}, and the "
            f"draft does not say how they combine. Join them into one set.",
        )
        return
    converted = _set_from_3_5(sets[0], set_path, report)
    conditions = converted.get("conditions", [])
    if "operator" not in converted and len(conditions) == 1 and "condition" not in regulation:
        # One condition needs no operator: it is the regulation's condition.
        del regulation["conditionSet"]
        regulation["condition"] = conditions[0]
        report.changed(
            (*path, "condition"),
            "The condition set held a single condition; it is the regulation's condition.",
        )
        return
    regulation["conditionSet"] = converted
    report.changed(
        set_path, "The condition set is one object whose conditions may nest further sets."
    )
    if "operator" not in converted:
        report.needs((*set_path, "operator"), _ASK_OPERATOR)


def _set_from_3_5(item: dict[str, Any], path: Path, report: StepReport) -> dict[str, Any]:
    """A 3.5 condition-set item -> a 4.0.0 condition set. Nested sets (3.5: `conditionSet`
    inside the item, or a group of conditions in `conditions`) become conditions holding a
    set. Iterative: each pending set is filled in when its turn comes."""
    root: dict[str, Any] = {}
    pending: list[tuple[dict[str, Any], dict[str, Any], Path]] = [(item, root, path)]
    while pending:
        source, target, target_path = pending.pop()
        source = _unwrapped(source)
        if "operator" in source:
            target["operator"] = source["operator"]
        elif target is not root:
            report.needs((*target_path, "operator"), _ASK_OPERATOR)
        conditions: list[Any] = []
        members = [*_as_list(source.get("conditions")), *_as_list(source.get("condition"))]
        for member in members:
            if isinstance(member, dict) and ("condition" in member or "conditionSet" in member):
                nested: dict[str, Any] = {}
                index = len(conditions)
                conditions.append({"conditionSet": nested})
                nested_path = (*target_path, "conditions", index, "conditionSet")
                pending.append((member, nested, nested_path))
            else:
                conditions.append(member)
        for nested_item in _as_list(source.get("conditionSet")):
            if isinstance(nested_item, dict):
                nested = {}
                index = len(conditions)
                conditions.append({"conditionSet": nested})
                pending.append(
                    (nested_item, nested, (*target_path, "conditions", index, "conditionSet"))
                )
        target["conditions"] = conditions
        if "rateTable" in source:
            target["rateTable"] = source["rateTable"]
    return root


def _unwrapped(source: dict[str, Any]) -> dict[str, Any]:
    """A group that only wraps one condition set (3.5 wrote `{"conditionSet": [{...}]}`
    inside a set's conditions) is that set."""
    while (
        set(source) == {"conditionSet"}
        and isinstance(source["conditionSet"], list)
        and len(source["conditionSet"]) == 1
        and isinstance(source["conditionSet"][0], dict)
    ):
        source = source["conditionSet"][0]
    return source


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _max_stay_into_periods(data: Any, report: StepReport) -> None:
    # 4.0.0 keeps maxStayNoReturn on each period: the limit applied whenever the time
    # validity did, so each of its valid periods carries it (one is made when there is none).
    for path, validity in objects_under(data, "timeValidity"):
        if not isinstance(validity, dict) or "maxStayNoReturn" not in validity:
            continue
        stay = validity.pop("maxStayNoReturn")
        periods = validity.get("validPeriod")
        if not isinstance(periods, list) or not periods:
            validity["validPeriod"] = [{"maxStayNoReturn": stay}]
            report.changed(
                (*path, "validPeriod", 0, "maxStayNoReturn"),
                "Maximum stay and no-return moved into a valid period of its own (4.0.0 keeps "
                "it on a period).",
            )
            continue
        for period in periods:
            if isinstance(period, dict):
                period["maxStayNoReturn"] = stay
        report.changed(
            (*path, "validPeriod"),
            f"Maximum stay and no-return moved onto each of the {len(periods)} valid "
            f"period{'s' if len(periods) != 1 else ''} (4.0.0 keeps it on the period).",
        )


def _vehicle_usages(data: Any, report: StepReport) -> None:
    for path, characteristics in objects_under(data, "vehicleCharacteristics"):
        if not isinstance(characteristics, dict):
            continue
        vehicle_type = characteristics.get("vehicleType")
        if vehicle_type not in USAGES_NOT_TYPES:
            continue
        if "vehicleUsage" in characteristics:
            report.needs(
                (*path, "vehicleType"),
                f"4.0.0 treats '{vehicle_type}' as a vehicle usage, but this condition names "
                f"a usage already. Choose which one the order means.",
            )
            continue
        characteristics["vehicleUsage"] = characteristics.pop("vehicleType")
        report.changed(
            (*path, "vehicleUsage"),
            f"'{vehicle_type}' moved from vehicle type to vehicle usage, where 4.0.0 lists it.",
        )
