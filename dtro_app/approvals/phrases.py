"""Plain-English phrases for the parts of a provision a supervisor reads: dates, durations,
days and times, vehicles, permits and the other conditions.

Everything here is tolerant: drafts can hold anything, so an odd value is shown as written
rather than raising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from dtro_app.labels import as_list, humanise, label

WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DURATION = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
#: Vehicle measurements: member -> (value key, words before it, unit).
_MEASURES = {
    "maximumGrossWeightCharacteristic": ("grossVehicleWeight", "gross weight", "tonnes"),
    "heaviestAxleWeightCharacteristic": ("heaviestAxleWeight", "heaviest axle", "tonnes"),
    "maximumHeightCharacteristic": ("vehicleHeight", "height", "metres"),
    "maximumWidthCharacteristic": ("vehicleWidth", "width", "metres"),
    "maximumLengthCharacteristic": ("vehicleLength", "length", "metres"),
}


def joined(items: Iterable[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    parts = [item for item in items if item]
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def number(value: Any) -> str:
    """2.0 -> "2", 7.5 -> "7.5"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def when(value: Any) -> str:
    """ISO date or date-time in words: "1 August 2024 at 08:00"; midnight is the date alone."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    day = f"{moment.day} {moment:%B %Y}"
    if len(text) <= 10 or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return day
    return f"{day} at {moment:%H:%M}"


def day_of(value: Any) -> str:
    """An ISO date in words ("30 May 2025"), or the text as written."""
    text = str(value or "").strip()
    try:
        found = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{found.day} {found:%B %Y}"


def duration(value: Any) -> str:
    """ISO 8601 duration in words: "PT1H30M" -> "1 hour 30 minutes"."""
    text = str(value or "")
    found = _DURATION.match(text)
    if not found or not any(found.groups()):
        return text
    parts = []
    for unit in _UNITS:
        amount = found.group(f"{unit}s")
        if amount and float(amount):
            count = number(float(amount))
            parts.append(f"{count} {unit}{'' if count == '1' else 's'}")
    return " ".join(parts) or text


def clock(value: Any) -> str:
    return str(value or "")[:5]


def days(values: Iterable[Any], version: str | None = None) -> str:
    """Days in week order, runs of three or more as "Monday to Friday"."""
    chosen = {str(v) for v in values}
    known = [i for i, name in enumerate(WEEK) if name in chosen]
    runs: list[list[int]] = []
    for index in known:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    if len(known) == len(WEEK):
        parts = ["Every day"]
        runs = []
    else:
        parts = []
    for run in runs:
        names = [label(WEEK[i], "dayType", version) for i in run]
        parts.append(f"{names[0]} to {names[-1]}" if len(run) >= 3 else joined(names))
    strange = sorted(chosen - set(WEEK))
    return joined([*parts, *(label(v, "dayType", version) for v in strange)])


def _recurring(item: dict[str, Any], version: str | None) -> list[str]:
    parts = []
    if item.get("applicableDay"):
        parts.append(days(as_list(item["applicableDay"]), version))
    if item.get("applicableMonth"):
        months = [label(m, "monthType", version) for m in as_list(item["applicableMonth"])]
        parts.append(f"in {joined(months)}")
    if item.get("applicableDayWithinMonth"):
        numbers = [number(d) for d in as_list(item["applicableDayWithinMonth"])]
        parts.append(f"on day {joined(numbers)} of the month")
    for key, enum in (
        ("weekInMonth", "calendarWeekInMonthType"),
        ("applicableWeek", "weekInMonthType"),
        ("applicableInstanceOfDayWithinMonth", "instanceOfDayInMonth"),
    ):
        if item.get(key):
            parts.append(label(item[key], enum, version).lower())
    return parts


def _special_day(special: dict[str, Any], version: str | None) -> str:
    if special.get("publicHolidayName"):
        return str(special["publicHolidayName"])
    if special.get("publicEvent"):
        return label(special["publicEvent"], "publicEventType", version)
    return label(special.get("specialDayType"), "specialDayType", version)


def _changeable(edge: Any, starts: bool, version: str | None) -> str:
    if not isinstance(edge, dict):
        return ""
    kind = edge.get("startType" if starts else "endType")
    source = edge.get("changeableTimePeriodSource")
    text = label(kind, "changeableTimeType", version).lower() if kind else ""
    if isinstance(source, dict) and source.get("definition"):
        text = f"{text} ({source['definition']})" if text else str(source["definition"])
    return f"{'starts' if starts else 'ends'} {text}" if text else ""


def period(value: Any, version: str | None = None) -> str:
    """One valid or exception period in words: "Monday to Saturday, 08:00 to 18:00"."""
    if not isinstance(value, dict):
        return ""
    parts: list[str] = []
    if value.get("periodName"):
        parts.append(str(value["periodName"]))
    for item in as_list(value.get("recurringDayWeekMonthPeriod")):
        if isinstance(item, dict):
            parts.extend(_recurring(item, version))
    times = [
        f"{clock(t.get('startTimeOfPeriod'))} to {clock(t.get('endTimeOfPeriod'))}"
        for t in as_list(value.get("recurringTimePeriodOfDay"))
        if isinstance(t, dict)
    ]
    if times:
        parts.append(joined(times))
    specials = [_special_day(s, version) for s in as_list(value.get("recurringSpecialDay"))]
    if specials:
        parts.append(joined(s for s in specials if s).lower())
    if value.get("startOfPeriod") or value.get("endOfPeriod"):
        start, end = when(value.get("startOfPeriod")), when(value.get("endOfPeriod"))
        parts.append(f"{start or 'any time'} to {end or 'no end'}")
    parts += [
        _changeable(value.get("periodStart"), True, version),
        _changeable(value.get("periodEnd"), False, version),
    ]
    stay = value.get("maxStayNoReturn")
    if isinstance(stay, dict):
        parts.append(stay_limit(stay))
    text = ", ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def stay_limit(stay: dict[str, Any]) -> str:
    parts = []
    if stay.get("maximumOccupancy"):
        parts.append(f"maximum stay {duration(stay['maximumOccupancy'])}")
    if stay.get("minimumPeriodForReturn"):
        parts.append(f"no return within {duration(stay['minimumPeriodForReturn'])}")
    return ", ".join(parts)


def extension(value: Any) -> str:
    """An `…Extension` (the TRA's own code outside the list): its definition, which is
    written for people, else the code made readable."""
    if not isinstance(value, dict):
        return ""
    definition = str(value.get("definition") or "").strip()
    return definition[:1].upper() + definition[1:] if definition else humanise(value.get("value"))


def vehicle(value: Any, version: str | None = None) -> str:
    """Vehicle characteristics as one phrase: "Goods vehicle, gross weight over 7.5 tonnes"."""
    if not isinstance(value, dict):
        return ""
    parts: list[str] = []
    for key, enum in (
        ("vehicleType", "vehicleType"),
        ("vehicleUsage", "vehicleUsageType"),
        ("loadType", "payloadType"),
        ("vehicleEquipment", "vehicleEquipmentType"),
    ):
        code = value.get(key)
        if not code:
            continue
        other = extension(value.get(f"{enum}Extension") or value.get(f"{key}TypeExtension"))
        parts.append(other if code == "other" and other else label(code, enum, version))
    if value.get("fuelType"):
        fuels = [label(f, "fuelType", version) for f in as_list(value["fuelType"]) if f != "other"]
        other = extension(value.get("fuelTypeExtension"))
        parts.append("fuel: " + joined([*fuels, other] if other else fuels, "or").lower())
    for key, (member, name, unit) in _MEASURES.items():
        measure = value.get(key)
        if isinstance(measure, dict) and measure.get(member) is not None:
            kind = measure.get("typeOfWeight")
            kind_text = f" ({label(kind, 'weightType', version).lower()})" if kind else ""
            parts.append(f"{name} over {number(measure[member])} {unit}{kind_text}")
    for axles in as_list(value.get("numberOfAxlesCharacteristic")):
        if isinstance(axles, dict):
            operator = label(axles.get("comparisonOperator"), "comparisonOperatorType", version)
            parts.append(f"axles: {operator.lower()} {axles.get('numberOfAxles')}")
    emissions = value.get("emissions")
    if isinstance(emissions, dict):
        euro = emissions.get("emissionClassificationEuro")
        other = extension(emissions.get("emissionClassificationEuroTypeExtension"))
        text = (
            other
            if euro == "other" and other
            else label(euro, "emissionClassificationEuroType", version)
            if euro
            else ""
        )
        local = ", ".join(str(v) for v in as_list(emissions.get("emissionClassificationOther")))
        parts.append(f"emissions: {text or local or 'see the order'}")
    if value.get("yearOfFirstRegistration"):
        parts.append(f"first registered in {value['yearOfFirstRegistration']}")
    charging = value.get("electricChargingCharacteristic")
    if isinstance(charging, dict) and charging.get("vehicleConnectedToCharger") is not None:
        connected = charging["vehicleConnectedToCharger"]
        parts.append("connected to a charger" if connected else "not connected to a charger")
    text = ", ".join(parts) or "Vehicles"
    return text[:1].upper() + text[1:]


def permit(value: Any, version: str | None = None) -> str:
    if not isinstance(value, dict):
        return ""
    code = value.get("type")
    other = extension(value.get("permitTypeExtension"))
    kind = other if code == "other" and other else label(code, "permitType", version)
    details = [
        str(value[key]) for key in ("schemeIdentifier", "permitIdentifier") if value.get(key)
    ]
    authority = value.get("authority")
    if isinstance(authority, dict) and authority.get("name"):
        details.append(f"issued by {authority['name']}")
    text = f"Permit holders: {kind if code else 'any permit'}"
    return f"{text} ({', '.join(details)})" if details else text


def occupants(value: Any, version: str | None = None) -> str:
    if not isinstance(value, dict):
        return ""
    parts = []
    if value.get("disabledWithPermit"):
        parts.append("Disabled permit (Blue Badge) holders")
    for item in as_list(value.get("numberOfOccupants")):
        if isinstance(item, dict):
            operator = label(item.get("operator"), "comparisonOperatorType", version).lower()
            parts.append(f"Vehicles with {operator} {item.get('value')} occupants")
    return "; ".join(parts) or "Vehicle occupants"


def access(value: Any, version: str | None = None) -> str:
    if not isinstance(value, dict):
        return ""
    kinds = [
        label(k, "accessConditionType", version) for k in as_list(value.get("accessConditionType"))
    ]
    if value.get("otherAccessRestriction"):
        kinds.append(str(value["otherAccessRestriction"]))
    return joined(kinds, "or") or "Access"


def condition_phrase(key: str, value: Any, version: str | None = None) -> str:
    """One condition other than time validity, in words."""
    if key == "vehicleCharacteristics":
        return vehicle(value, version)
    if key == "permitCondition":
        return permit(value, version)
    if key == "occupantCondition":
        return occupants(value, version)
    if key == "accessCondition":
        return access(value, version)
    if isinstance(value, dict):
        if key == "driverCondition":
            driver = label(value.get("driverCharacteristics"), "driverCharacteristicsType", version)
            return f"Drivers: {driver.lower()}"
        if key == "roadCondition":
            return f"On {label(value.get('roadType'), 'roadType', version).lower()} roads"
        if key == "nonVehicularRoadUserCondition":
            return label(value.get("nonVehicularRoadUser"), "nonVehicularRoadUserType", version)
        if key == "otherCondition":
            return str(value.get("otherConditionDescription") or "Other condition")
        if key == "rateTable":
            rate = value.get("type")
            return (
                f"Charges apply ({label(rate, 'rateType', version).lower()})"
                if rate
                else "Charges apply"
            )
    return humanise(key) if value not in (None, "", {}, []) else ""
