"""Index fields derived from a D-TRO on save, used by search and events.

Unlike the real service, the walk covers every nesting (condition sets, 4.0.0 conditions)
and keeps time-validity dates, so regulationStart/regulationEnd filters really work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shapely.geometry.base import BaseGeometry

from dtro_validation.document_parts import geometries_of, places_of, provision_member
from dtro_validation.geometry import GeometryError, read_ewkt

LONDON = ZoneInfo("Europe/London")


def root_of(data: dict[str, Any]) -> dict[str, Any]:
    """The `source` (or 4.0.0 `consultation`) object, whatever its key casing."""
    for key in ("source", "Source", "consultation", "Consultation"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, dict):
            return value
    return {}


def canonical_hash(schema_version: str, data: object) -> str:
    """Hash of the canonical JSON of an envelope: equal payloads are exact duplicates."""
    text = json.dumps(
        {"schemaVersion": schema_version, "data": data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _walk(node: object) -> Iterator[tuple[str, object, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value, node
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _distinct(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def derive_index(data: dict[str, Any]) -> dict[str, Any]:
    source = root_of(data)
    regulation_types: list[str] = []
    vehicle_types: list[Any] = []  # filtered to strings below
    starts: list[str] = []
    ends: list[str] = []
    for key, value, _parent in _walk(source):
        if key == "regulationType" and isinstance(value, str):
            regulation_types.append(value)
        elif key == "vehicleType":
            vehicle_types.extend(v for v in (value if isinstance(value, list) else [value]))
        elif key == "timeValidity" and isinstance(value, dict):
            if isinstance(value.get("start"), str):
                starts.append(value["start"])
            if isinstance(value.get("end"), str):
                ends.append(value["end"])
    member = provision_member(source)
    provisions = [p for p in member if isinstance(p, dict)] if isinstance(member, list) else []
    reporting_points = [p.get("orderReportingPoint") for p in provisions]
    place_types = [
        place.get("type") for p in provisions for place in places_of(p) if place.get("type")
    ]
    tro_name = source.get("troName")
    return {
        "tra_creator": _as_int(source.get("traCreator")),
        "current_tra_owner": _as_int(source.get("currentTraOwner")),
        "tro_name": tro_name if isinstance(tro_name, str) else "",
        "regulation_types": _distinct(regulation_types),
        "vehicle_types": _distinct([v for v in vehicle_types if isinstance(v, str)]),
        "order_reporting_points": _distinct([p for p in reporting_points if isinstance(p, str)]),
        "regulated_place_types": place_types,
        "regulation_starts": _distinct(starts),
        "regulation_ends": _distinct(ends),
    }


def places_geometries(data: dict[str, Any]) -> list[BaseGeometry]:
    """Every readable geometry of a D-TRO's regulated places, for searching by area.

    Kept as parts rather than unioned: a predicate over the parts gives the union's answer
    without the cost of building it for an order of thousands of provisions.
    """
    member = provision_member(root_of(data))
    provisions = member if isinstance(member, list) else []
    shapes: list[BaseGeometry] = []
    for provision in provisions:
        for place in places_of(provision):
            for _member, text in geometries_of(place):
                try:
                    shapes.append(read_ewkt(text, mend=True))
                except GeometryError:
                    continue
    return shapes


def parse_local(value: str) -> datetime | None:
    """Parse an ISO date-time; zone-less values are UK local time, as the ICD says."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment


def local_iso(value: str) -> str:
    """A stored date-time rendered with its UK offset, as events and search show it."""
    moment = parse_local(value)
    try:
        return moment.astimezone(LONDON).isoformat() if moment else value
    except OverflowError:
        return value
