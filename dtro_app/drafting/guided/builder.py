"""Turn the guided form's answers into a D-TRO envelope, and an envelope back into answers.

Covers the common shape only: a permanent or temporary order whose provisions each have one
regulated place (line, point or polygon), a general regulation type, a time validity and
optional vehicle type and maximum weight conditions. 4.0.0 nests a regulation as an object
with one condition set; 3.x wraps both in single-item arrays.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dtro_validation.document_parts import (
    geometries_of,
    places_of,
    provision_member,
    provisions_of,
    source_of,
)
from dtro_validation.geometry import SRID_PREFIX, from_pairs, kind_of, to_ewkt
from dtro_validation.registry import version_key

#: Order type -> the provisions' orderReportingPoint when the order is made.
ORDER_TYPES: dict[str, str] = {
    "permanent": "permanentNoticeOfMaking",
    "temporary": "ttroTtmoNoticeOfIntention",
}
_POINT_TO_ORDER_TYPE = {
    "permanentNoticeOfMaking": "permanent",
    "permanentAmendment": "permanent",
    "ttroTtmoNoticeOfIntention": "temporary",
    "ttroTtmoNoticeAfterMaking": "temporary",
    "ttroTtmoByNotice": "temporary",
}
GEOMETRY_KEYS = {"linestring": "linearGeometry", "point": "pointGeometry", "polygon": "polygon"}
#: A line that applies only from its first point to its last: the data model's directedLinear.
DIRECTED = "drawn"
BOTH_WAYS = "both"
_DATETIME = "%Y-%m-%dT%H:%M:%S"


@dataclass
class GuidedProvision:
    provision_description: str
    regulation_type: str
    place_description: str
    wkt: str
    start: datetime
    end: datetime | None = None
    vehicle_type: str = ""
    max_weight: float | None = None
    bus_route: bool = False
    byway_type: str = "road"
    reference: str = ""
    #: BOTH_WAYS, or DIRECTED for a line that applies only in the direction it was drawn.
    direction: str = BOTH_WAYS
    #: The street in the national street gazetteer, when the officer gave or picked one.
    usrn: int | None = None
    street_name: str = ""
    #: When that street reference was checked (ISO date-time); now when not given.
    street_checked: str = ""


@dataclass
class GuidedOrder:
    order_type: str
    tro_name: str
    statement_description: str
    section: str
    made_date: date
    coming_into_force_date: date
    provisions: list[GuidedProvision] = field(default_factory=list)
    reference: str = ""


def geometry_kind(wkt: str) -> str:
    """`linestring`, `point` or `polygon` for a WKT string (multi-geometries included)."""
    return kind_of(wkt) or "linestring"


def normalise_wkt(wkt: str) -> str:
    """British National Grid WKT with the `SRID=27700;` prefix the service insists on."""
    wkt = " ".join((wkt or "").split())
    if wkt.upper().startswith("SRID="):
        return wkt
    return f"{SRID_PREFIX}{wkt}"


def coordinates_to_wkt(kind: str, pairs: list[tuple[float, float]]) -> str:
    """Picked easting/northing pairs as WKT: one pair is a point, a closed ring a polygon."""
    # Millimetres: finer than any survey, and short enough to read.
    return to_ewkt(from_pairs(kind, pairs), precision=3)


def _is_v4(version: str) -> bool:
    return version_key(version) >= (4, 0, 0)


def _street_reference(provision: GuidedProvision) -> list[dict[str, Any]]:
    """The place's street as the data model's externalReference (one USRN), or nothing."""
    if provision.usrn is None:
        return []
    street: dict[str, Any] = {"usrn": provision.usrn}
    if provision.street_name.strip():
        street["nsgStreetName"] = provision.street_name.strip()
    checked = provision.street_checked or datetime.now().strftime(_DATETIME)
    return [{"lastUpdateDate": checked, "uniqueStreetReferenceNumber": [street]}]


def _place(provision: GuidedProvision) -> dict[str, Any]:
    wkt = normalise_wkt(provision.wkt)
    kind = geometry_kind(wkt)
    member = GEOMETRY_KEYS[kind]
    streets = _street_reference(provision)
    geometry: dict[str, Any]
    if kind == "point":
        geometry = {"version": 1, "point": wkt, "representation": "centreLinePoint"}
    elif kind == "polygon":
        geometry = {"version": 1, "polygon": wkt}
    elif provision.direction == DIRECTED:
        member = "directedLinear"
        geometry = {"version": 1, "directedLineString": wkt}
        if streets:
            # A directed line has no externalReference of its own: its street is where it runs.
            geometry["intermediateLocation"] = streets
            streets = []
    else:
        geometry = {
            "version": 1,
            "direction": "bidirectional",
            "lateralPosition": "centreline",
            "linestring": wkt,
            "representation": "linear",
        }
    if streets:
        geometry["externalReference"] = streets
    # Permanent and experimental reporting points require these five; harmless elsewhere.
    return {
        "description": provision.place_description,
        "type": "regulationLocation",
        "assignment": False,
        "busRoute": provision.bus_route,
        "bywayType": provision.byway_type or "road",
        "concession": False,
        "tramcar": False,
        member: geometry,
    }


def _conditions(provision: GuidedProvision) -> list[dict[str, Any]]:
    validity: dict[str, Any] = {
        "start": provision.start.strftime(_DATETIME),
        "isPlaceholderTro": False,
    }
    if provision.end:
        validity["end"] = provision.end.strftime(_DATETIME)
    conditions: list[dict[str, Any]] = [{"negate": False, "timeValidity": validity}]
    vehicle: dict[str, Any] = {}
    if provision.vehicle_type:
        vehicle["vehicleType"] = provision.vehicle_type
    if provision.max_weight is not None:
        vehicle["maximumGrossWeightCharacteristic"] = {
            "grossVehicleWeight": provision.max_weight,
            "typeOfWeight": "maximumPermitted",
        }
    if vehicle:
        conditions.append({"negate": False, "vehicleCharacteristics": vehicle})
    return conditions


def _regulation(provision: GuidedProvision, version: str) -> Any:
    condition_set = {"operator": "and", "conditions": _conditions(provision)}
    regulation: dict[str, Any] = {
        "generalRegulation": {"regulationType": provision.regulation_type},
        "isDynamic": False,
        "timeZone": "Europe/London",
    }
    if _is_v4(version):
        regulation["conditionSet"] = condition_set
        return regulation
    regulation["conditionSet"] = [condition_set]
    return [regulation]


def _without_action(provision: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in provision.items() if key != "actionType"}


def _amendment_action_types(source: dict[str, Any], published: Any) -> None:
    """Mark an edit of a published order as the data model says: the source `amendment`,
    each provision `new`, `amendment` or `noChange` against the published provision with
    its reference."""
    before = {str(p.get("reference")): p for p in provisions_of(published)}
    source["actionType"] = "amendment"
    for provision in source["provision"]:
        old = before.get(str(provision["reference"]))
        if old is None:
            provision["actionType"] = "new"
        elif _without_action(old) == _without_action(provision):
            provision["actionType"] = "noChange"
        else:
            provision["actionType"] = "amendment"


def build_document(
    order: GuidedOrder, *, version: str, tra_code: int, published: Any = None
) -> dict[str, Any]:
    """A complete envelope for `version`; references are kept when given, else new UUIDs.

    `published` is the version the service holds, when this edits a published order: the
    result is then an amendment of it. Without it every action type is `new`."""
    point = ORDER_TYPES[order.order_type]
    provisions = []
    for provision in order.provisions:
        provisions.append(
            {
                "actionType": "new",
                "orderReportingPoint": point,
                "provisionDescription": provision.provision_description,
                "reference": provision.reference or str(uuid.uuid4()),
                "regulatedPlace": [_place(provision)],
                "regulation": _regulation(provision, version),
            }
        )
    source = {
        "actionType": "new",
        "currentTraOwner": tra_code,
        "traCreator": tra_code,
        "traAffected": [tra_code],
        "reference": order.reference or str(uuid.uuid4()),
        "section": order.section or "All sections",
        "troName": order.tro_name,
        "statementDescription": order.statement_description,
        "madeDate": order.made_date.isoformat(),
        "comingIntoForceDate": order.coming_into_force_date.isoformat(),
        "provision": provisions,
    }
    if published is not None:
        _amendment_action_types(source, published)
    return {"schemaVersion": version, "data": {"source": source}}


# --- Back from JSON to answers ------------------------------------------------------


class _DoesNotFit(Exception):
    pass


def _one(value: Any) -> Any:
    """3.x wraps regulations and condition sets in one-item arrays; 4.0.0 does not."""
    if isinstance(value, list):
        if len(value) != 1:
            raise _DoesNotFit
        return value[0]
    return value


def _parse_datetime(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as exc:
        raise _DoesNotFit from exc


def _street_answers(geometry: dict[str, Any]) -> dict[str, Any]:
    """The one USRN the form can show, from externalReference (or a directed line's
    intermediateLocation); more than one street does not fit the form."""
    references = geometry.get("externalReference") or geometry.get("intermediateLocation") or []
    if any(key in geometry for key in ("origin", "destination")):
        raise _DoesNotFit
    if not references:
        return {"usrn": None, "streetName": "", "street_checked": ""}
    streets = references[0].get("uniqueStreetReferenceNumber") or []
    if len(references) != 1 or len(streets) != 1 or set(streets[0]) - {"usrn", "nsgStreetName"}:
        raise _DoesNotFit
    return {
        "usrn": streets[0].get("usrn"),
        "streetName": streets[0].get("nsgStreetName", ""),
        "street_checked": references[0].get("lastUpdateDate", ""),
    }


def _provision_answers(provision: dict[str, Any]) -> dict[str, Any]:
    places = places_of(provision)
    if len(places) != 1:
        raise _DoesNotFit
    place = places[0]
    geometries = geometries_of(place)
    if len(geometries) != 1:
        raise _DoesNotFit
    member, wkt = geometries[0]
    geometry = place[member]
    # A line one way only is a directedLinear; a linearGeometry the form could not say again
    # (one direction, a kerb side) goes to the JSON editor rather than lose what it says.
    if member == "linearGeometry" and (
        geometry.get("direction") != "bidirectional"
        or geometry.get("lateralPosition") != "centreline"
    ):
        raise _DoesNotFit
    street = _street_answers(geometry)
    regulation = _one(provision.get("regulation"))
    regulation_type = (regulation.get("generalRegulation") or {}).get("regulationType")
    condition_set = _one(regulation.get("conditionSet"))
    if not regulation_type or not isinstance(condition_set, dict):
        raise _DoesNotFit
    answers: dict[str, Any] = {
        "reference": provision.get("reference", ""),
        "provisionDescription": provision.get("provisionDescription", ""),
        "regulationType": regulation_type,
        "description": place.get("description", ""),
        "busRoute": bool(place.get("busRoute")),
        "bywayType": place.get("bywayType", "road"),
        "geometry": wkt,
        "direction": DIRECTED if member == "directedLinear" else BOTH_WAYS,
        **street,
        "vehicleType": "",
        "grossVehicleWeight": None,
        "start": None,
        "end": None,
    }
    for condition in condition_set.get("conditions") or []:
        if "timeValidity" in condition:
            validity = condition["timeValidity"]
            answers["start"] = _parse_datetime(validity.get("start"))
            if validity.get("end"):
                answers["end"] = _parse_datetime(validity["end"])
        elif "vehicleCharacteristics" in condition:
            vehicle = condition["vehicleCharacteristics"]
            answers["vehicleType"] = vehicle.get("vehicleType", "")
            weight = vehicle.get("maximumGrossWeightCharacteristic") or {}
            answers["grossVehicleWeight"] = weight.get("grossVehicleWeight")
        else:
            raise _DoesNotFit
    if answers["start"] is None:
        raise _DoesNotFit
    return answers


def prefill_from_document(document: Any) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """(order answers, provision answers) when the document fits the guided form, else None."""
    try:
        source = source_of(document)
        if source is None:
            return None
        # Raw, so a document with a malformed provision does not fit (nothing is dropped).
        provisions = provision_member(source)
        points = {p.get("orderReportingPoint") for p in provisions}
        if len(points) != 1:
            return None
        order_type = _POINT_TO_ORDER_TYPE.get(points.pop())
        if order_type is None or not provisions:
            return None
        order = {
            "schema_version": document.get("schemaVersion", ""),
            "order_type": order_type,
            "reference": source.get("reference", ""),
            "troName": source.get("troName", ""),
            "statementDescription": source.get("statementDescription", ""),
            "section": source.get("section", ""),
            "madeDate": date.fromisoformat(source["madeDate"]),
            "comingIntoForceDate": date.fromisoformat(source["comingIntoForceDate"]),
        }
        return order, [_provision_answers(p) for p in provisions]
    except (_DoesNotFit, KeyError, TypeError, AttributeError, ValueError):
        return None
