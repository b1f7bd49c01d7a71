"""Which enum a document's property takes its codes from, so a page that walks a document can
label what it finds. `tests/drafting/test_labels_cover_every_schema.py` checks this against
every schema's `$ref`s."""

from __future__ import annotations

from typing import Any

from dtro_app.labels.lookup import Labelled, label, labelled
from dtro_app.labels.tables import TABLES
from dtro_app.labels.text import humanise

#: Property name -> enum. None where one name refers to several enums (`type`, `operator`):
#: the label is then looked for in every enum.
PROPERTY_ENUMS: dict[str, str | None] = {
    "accessConditionType": "accessConditionType",
    "actionType": "provisionActionType",
    "applicableCurrency": "currencyType",
    "applicableDay": "dayType",
    "applicableInstanceOfDayWithinMonth": "instanceOfDayInMonth",
    "applicableMonth": "monthType",
    "applicableWeek": "weekInMonthType",
    "bywayType": "bywayType",
    "class": "valueRangeClassEnum",
    "comparisonOperator": "comparisonOperatorType",
    "direction": "linearDirectionType",
    "diversionType": "diversionRouteType",
    "driverCharacteristics": "driverCharacteristicsType",
    "emissionClassificationEuro": "emissionClassificationEuroType",
    "endType": "changeableTimeType",
    "enumeratedList": "targetEnumeratedList",
    "eventType": "eventType",
    "fuelType": "fuelType",
    "lateralPosition": "linearLateralPositionType",
    "loadType": "payloadType",
    "nature": "speedLimitNatureType",
    "nonVehicularRoadUser": "nonVehicularRoadUserType",
    "operator": None,
    "orderReportingPoint": "orderReportingPointType",
    "publicEvent": "publicEventType",
    "regulationType": "regulationType",
    "representation": None,
    "roadType": "roadType",
    "specialDayType": "specialDayType",
    "startType": "changeableTimeType",
    "type": None,
    "typeOfWeight": "weightType",
    "unit": "unitOfMeasureEnum",
    "usageCondition": "rateUsageConditionsType",
    "vehicleEquipment": "vehicleEquipmentType",
    "vehicleType": "vehicleType",
    "vehicleUsage": "vehicleUsageType",
    "weekInMonth": "calendarWeekInMonthType",
}


def label_of_property(name: str, value: Any, version: str | None = None) -> str | None:
    """The label of a property's value when the property takes codes from an enum; None for
    free text and numbers (the caller shows those as they are)."""
    if name not in PROPERTY_ENUMS or not isinstance(value, str):
        return None
    enum = PROPERTY_ENUMS[name]
    if enum is not None:
        return label(value, enum, version)
    # `type` of a permit or of a place: a label only when every enum with the code agrees
    # ("other" is "Other road" for a road and "Other permit" for a permit).
    texts = {found for t in TABLES.values() for e in t.enums if (found := t.find(value, e))}
    return texts.pop() if len(texts) == 1 else humanise(value)


def regulation_label(kind: str, regulation: Any, version: str | None = None) -> Labelled:
    """What one of a regulation's members (`generalRegulation`, `speedLimitValueBased`, ...)
    says it is, with the regulation type's code when it has one."""
    if not isinstance(regulation, dict):
        regulation = {}
    if regulation.get("regulationType"):
        return labelled(regulation["regulationType"], "regulationType", version)
    if kind == "speedLimitValueBased":
        nature = regulation.get("nature")
        text = f"Speed limit: {regulation.get('mphValue', '?')} mph"
        kind_of_limit = regulation.get("type")
        if kind_of_limit and kind_of_limit != "maximumSpeedLimit":
            text += f" ({label(kind_of_limit, 'speedLimitValueType', version).lower()})"
        return Labelled(text + (" (temporary)" if nature == "temporary" else ""))
    if kind == "speedLimitProfileBased":
        return Labelled(
            label(regulation.get("type") or "nationalSpeedLimit", "speedLimitProfileType", version)
        )
    if kind == "offListRegulation":
        return Labelled(str(regulation.get("regulationShortName") or "Regulation not on the list"))
    return Labelled(humanise(kind))
