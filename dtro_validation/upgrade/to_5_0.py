"""4.0.0 -> 5.0.0 (DfT's candidate, `candidate/5.0.0-changes.md`): the regulation type moves
onto the regulation; the rest of what 5.0.0 asks for (directed lines, real USRNs, answers for
temporary orders) is information a 4.0.0 draft does not hold, so it is left for a person."""

from __future__ import annotations

from typing import Any

from dtro_validation.upgrade.report import Path, StepReport, words
from dtro_validation.upgrade.walk import objects_under, places, provisions

TARGET = "5.0.0"
LOWEST_USRN = 200001
# 5.0.0 says which regulation type each of these objects is.
TYPE_OF_OBJECT = {
    "speedLimitValueBased": "speedLimitValueBased",
    "speedLimitProfileBased": "speedLimitProfileBased",
    "offListRegulation": "other",
}
DIRECTED = frozenset(
    {
        "bannedMovementNoEntry",
        "bannedMovementNoLeftTurn",
        "bannedMovementNoRightTurn",
        "bannedMovementNoUTurn",
        "mandatoryDirectionAheadOnly",
        "mandatoryDirectionLeftTurnOnly",
        "mandatoryDirectionOneWay",
        "mandatoryDirectionRightTurnOnly",
        "miscBusGate",
        "miscBusLaneWithTrafficFlow",
        "miscBusOnlyStreet",
        "miscSuspensionOfBusway",
        "miscSuspensionOfOneWay",
        "movementOrderPriorityOverOncomingTraffic",
    }
)
SPEED_LIMITS = frozenset({"speedLimitValueBased", "speedLimitProfileBased"})
# Reporting points after which every place must say these (5.0.0 adds the ttroTtmo ones).
ANSWERS = ("concession", "assignment", "tramcar", "busRoute", "bywayType")
ASKS_FOR_ANSWERS = frozenset(
    {
        "experimentalAmendment",
        "experimentalMakingPermanent",
        "experimentalNoticeOfMaking",
        "experimentalRevocation",
        "permanentAmendment",
        "permanentNoticeOfMaking",
        "permanentRevocation",
        "specialEventOrderNoticeOfMaking",
        "ttroTtmoByNotice",
        "ttroTtmoExtension",
        "ttroTtmoNoticeAfterMaking",
        "ttroTtmoNoticeOfIntention",
        "ttroTtmoRevocation",
        "ttroTtmoByNoticeExtension",
        "variationByNotice",
    }
)


def to_5_0_0(document: dict[str, Any], from_version: str) -> StepReport:
    """Upgrade `document` (an envelope the caller owns: it is changed in place)."""
    report = StepReport(from_version, TARGET, document)
    data = document["data"]
    for provision_path, provision in provisions(data):
        regulation_type = _regulation_type_onto_regulation(provision, provision_path, report)
        if regulation_type in DIRECTED:
            _directed_lines(provision, provision_path, regulation_type, report)
        if regulation_type in SPEED_LIMITS:
            _no_points_for_speed_limits(provision, provision_path, report)
        if provision.get("orderReportingPoint") in ASKS_FOR_ANSWERS:
            _answers_for_places(provision, provision_path, report)
    _real_usrns(data, report)
    _diversion_geometry_types(data, report)
    document["schemaVersion"] = TARGET
    return report


def _regulation_type_onto_regulation(
    provision: dict[str, Any], provision_path: Path, report: StepReport
) -> str | None:
    regulation = provision.get("regulation")
    path = (*provision_path, "regulation")
    if not isinstance(regulation, dict):
        return None
    general = regulation.pop("generalRegulation", None)
    if general is not None:
        regulation_type = general.get("regulationType") if isinstance(general, dict) else None
        if isinstance(regulation_type, str):
            regulation["regulationType"] = regulation_type
            report.changed(
                (*path, "regulationType"),
                f"Regulation type '{regulation_type}' moved out of generalRegulation onto the "
                f"regulation, where 5.0.0 keeps it (generalRegulation is gone).",
            )
        else:
            report.needs(
                (*path, "regulationType"),
                "5.0.0 has no generalRegulation, and this one named no regulation type. Choose "
                "the regulation type.",
            )
    if "regulationType" not in regulation:
        for member, implied in TYPE_OF_OBJECT.items():
            if member in regulation:
                regulation["regulationType"] = implied
                report.changed(
                    (*path, "regulationType"),
                    f"Regulation type '{implied}' added: 5.0.0 names the type of a regulation "
                    f"written as {member}.",
                )
                break
    if regulation.get("regulationType") == "speedLimitProfileBased":
        profile = regulation.get("speedLimitProfileBased")
        if isinstance(profile, dict) and "type" not in profile:
            report.needs(
                (*path, "speedLimitProfileBased", "type"),
                "5.0.0 needs the type of the speed limit profile (for example the national "
                "speed limit).",
            )
    found = regulation.get("regulationType")
    return found if isinstance(found, str) else None


def _directed_lines(
    provision: dict[str, Any], provision_path: Path, regulation_type: str, report: StepReport
) -> None:
    for index, place in places(provision):
        if "directedLinear" in place:
            continue
        drawn = "linearGeometry" in place
        report.needs(
            (*provision_path, "regulatedPlace", index),
            f"5.0.0 needs a directed linear geometry (directedLinear) for a "
            f"{words(regulation_type)} order: draw the direction"
            + (" (the line drawn now has no direction of travel)." if drawn else "."),
        )


def _no_points_for_speed_limits(
    provision: dict[str, Any], provision_path: Path, report: StepReport
) -> None:
    for index, place in places(provision):
        if "pointGeometry" in place:
            report.needs(
                (*provision_path, "regulatedPlace", index, "pointGeometry"),
                "5.0.0 does not accept a point for a speed limit: draw the length of road it "
                "applies to.",
            )


def _answers_for_places(
    provision: dict[str, Any], provision_path: Path, report: StepReport
) -> None:
    point = provision.get("orderReportingPoint")
    for index, place in places(provision):
        missing = [answer for answer in ANSWERS if answer not in place]
        if missing:
            report.needs(
                (*provision_path, "regulatedPlace", index),
                f"5.0.0 needs every place of a provision at reporting point '{point}' to say "
                f"{', '.join(missing)}: answer them for this place.",
            )


def _real_usrns(data: Any, report: StepReport) -> None:
    for path, usrn in objects_under(data, "usrn"):
        if not isinstance(usrn, int) or isinstance(usrn, bool) or usrn >= LOWEST_USRN:
            continue
        if usrn == 0:
            why = (
                f"USRN 0 is DfT's placeholder; 5.0.0 needs a real USRN ≥ {LOWEST_USRN}. Give "
                f"the street's USRN."
            )
        else:
            why = f"5.0.0 accepts USRNs from {LOWEST_USRN} up; {usrn} is lower. Check the USRN."
        report.needs(path, why)


def _diversion_geometry_types(data: Any, report: StepReport) -> None:
    for path, diversion in objects_under(data, "diversionType"):
        if isinstance(diversion, dict) and "geometryType" not in diversion:
            report.needs(
                (*path, "geometryType"),
                "5.0.0 needs to know whether this diversion is drawn in full or by waypoints "
                "(geometryType 'full' or 'waypoint').",
            )
