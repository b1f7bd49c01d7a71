"""Turn a D-TRO document's provisions into plain rows for a GOV.UK summary list.

Data-spec versions differ in shape (3.x: `regulation` is a list with `conditionSet`s;
4.0: one `regulation` object with a `condition`), and drafts may be incomplete, so every
look-up here is tolerant: a missing or odd value becomes "Not given", never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtro_app.labels import (
    NOT_GIVEN,
    Labelled,
    humanise,
    label,
    label_of_property,
    labelled,
    ordered,
    regulation_label,
)
from dtro_validation.document_parts import places_of, provision_member, source_of

_GEOMETRY_NAMES = {
    "pointGeometry": "Point",
    "linearGeometry": "Line",
    "polygon": "Area",
    "directedLinear": "Directed line",
}


@dataclass
class ProvisionRow:
    number: int
    reference: str
    description: str
    # Labelled: the label, with `.code` for the code shown as secondary text.
    regulation_types: list[Labelled] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    validity: str = NOT_GIVEN
    conditions: list[str] = field(default_factory=list)
    order_reporting_point: Labelled | str = ""


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [value] if value not in (None, "", {}) else []


def _date(value: Any) -> str:
    text = str(value or "")
    return text.replace("T", " ")[:16] if text else ""


def _time_validity(validity: Any) -> str:
    if not isinstance(validity, dict):
        return ""
    start, end = _date(validity.get("start")), _date(validity.get("end"))
    parts = []
    if start and end:
        parts.append(f"{start} to {end}")
    elif start:
        parts.append(f"From {start}")
    elif end:
        parts.append(f"Until {end}")
    for period in _as_list(validity.get("validPeriod")):
        if not isinstance(period, dict):
            continue
        codes = [
            str(day)
            for item in _as_list(period.get("recurringDayWeekMonthPeriod"))
            if isinstance(item, dict)
            for day in _as_list(item.get("applicableDay"))
        ]
        days = [label(day, "dayType") for day in ordered("dayType", codes)]
        times = [
            f"{str(t.get('startTimeOfPeriod', ''))[:5]} to {str(t.get('endTimeOfPeriod', ''))[:5]}"
            for t in _as_list(period.get("recurringTimePeriodOfDay"))
            if isinstance(t, dict)
        ]
        if days or times:
            parts.append(", ".join(days + times))
    return "; ".join(parts)


def _describe_condition(condition: Any, out: list[str], validity: list[str]) -> None:
    """Flatten a condition tree into short sentences (time validity goes to `validity`)."""
    if isinstance(condition, list):
        for item in condition:
            _describe_condition(item, out, validity)
        return
    if not isinstance(condition, dict):
        return
    negate = condition.get("negate") is True
    for key, value in condition.items():
        if key in {"negate", "operator"}:
            continue
        if key in {"conditions", "conditionSet", "condition"}:
            _describe_condition(value, out, validity)
        elif key == "timeValidity":
            text = _time_validity(value)
            if text:
                validity.append(("Except " if negate else "") + text)
        elif isinstance(value, dict):
            details = ", ".join(
                f"{humanise(k).lower()} {_scalar(v, k)}" for k, v in _leaves(value) if _scalar(v, k)
            )
            label = humanise(key)
            text = f"{label}: {details}" if details else label
            out.append(("Except " + text[:1].lower() + text[1:]) if negate else text)


def _leaves(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        result: list[tuple[str, Any]] = []
        for key, item in value.items():
            result.extend(_leaves(item, key))
        return result
    if isinstance(value, list):
        return [(prefix, ", ".join(_scalar(v, prefix) for v in value if _scalar(v, prefix)))]
    return [(prefix, value)]


def _scalar(value: Any, key: str = "") -> str:
    if (text := label_of_property(key, value)) is not None:
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | str):
        return humanise(value).lower() if isinstance(value, str) and value.isalpha() else str(value)
    return ""


def _places(provision: dict[str, Any]) -> list[str]:
    places = []
    for place in places_of(provision, lone=True):
        kinds = [name for key, name in _GEOMETRY_NAMES.items() if isinstance(place.get(key), dict)]
        description = str(place.get("description") or "Unnamed place")
        places.append(f"{description} ({', '.join(kinds)})" if kinds else description)
    return places


def provision_count(document: Any) -> int:
    return len(_as_list(provision_member(source_of(document))))


def provision_rows(document: Any, *, limit: int | None = None) -> list[ProvisionRow]:
    """A row per provision; with `limit`, only the first `limit` provisions."""
    rows = []
    # Tolerant on purpose: a lone provision object still shows as a row.
    for index, provision in enumerate(_as_list(provision_member(source_of(document)))):
        if limit is not None and index >= limit:
            break
        if not isinstance(provision, dict):
            continue
        types: list[str] = []
        conditions: list[str] = []
        validity: list[str] = []
        for regulation in _as_list(provision.get("regulation")):
            if not isinstance(regulation, dict):
                continue
            for key, value in regulation.items():
                # generalRegulation, offListRegulation, speedLimitValueBased, ...
                if isinstance(value, dict) and key not in {"condition", "conditionSet"}:
                    types.append(regulation_label(key, value))
            for key in ("condition", "conditionSet"):
                _describe_condition(regulation.get(key), conditions, validity)
        coming_into_force = _date(provision.get("comingIntoForceDate"))
        if coming_into_force and not validity:
            validity.append(f"Comes into force {coming_into_force}")
        rows.append(
            ProvisionRow(
                number=index + 1,
                reference=str(provision.get("reference") or NOT_GIVEN),
                description=str(provision.get("provisionDescription") or NOT_GIVEN),
                regulation_types=types or [Labelled(NOT_GIVEN)],
                places=_places(provision) or [NOT_GIVEN],
                validity="; ".join(validity) or NOT_GIVEN,
                conditions=conditions,
                order_reporting_point=labelled(
                    provision.get("orderReportingPoint"), "orderReportingPointType"
                )
                if provision.get("orderReportingPoint")
                else "",
            )
        )
    return rows
