"""A TTRO D-TRO draft pre-filled from a Street Manager permit.

Street Manager gives BNG GeoJSON, a USRN, the street name and "midnight" proposed dates
with separate times; the D-TRO wants `SRID=27700;` WKT, an external reference, and local
(Europe/London) times. Every value taken from the permit is recorded by JSON pointer so
the officer can see what came from Street Manager.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from dtro_validation import get_registry
from dtro_validation.geometry import from_geojson, to_ewkt

LONDON = ZoneInfo("Europe/London")

# Only where the traffic management type says plainly what the order restricts.
REGULATION_FOR_TM = {
    "road_closure": "miscRoadClosure",
    "lane_closure": "miscLaneClosure",
    "contra_flow": "miscContraflow",
}


def parse_instant(value: Any) -> datetime | None:
    """An aware datetime from Street Manager's ISO 8601 text (`...Z` or an offset)."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


def local_moment(date_value: Any, time_value: Any, default: time) -> datetime | None:
    """The London wall-clock time of a proposed date plus its optional time.

    The date is a date-time at "midnight" in either encoding (00:00Z, or 23:00Z the day
    before in summer): convert it to London and then take the date.
    """
    day = parse_instant(date_value)
    if day is None:
        return None
    local_day = day.astimezone(LONDON).date()
    at = parse_instant(time_value)
    clock = at.astimezone(LONDON).time().replace(tzinfo=None) if at else default
    return datetime.combine(local_day, clock)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


#: Street Manager geometry types a D-TRO can use as its regulated place.
_PLACE_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPoint")


def to_wkt(geometry: dict[str, Any]) -> str:
    """EWKT in British National Grid (no reprojection: Street Manager already gives BNG)."""
    kind = geometry.get("type")
    if kind not in _PLACE_TYPES:
        raise ValueError(
            f"Street Manager geometry type {kind!r} cannot be used as a D-TRO location"
        )
    # Centimetres: Street Manager's own precision, and short enough to read.
    return to_ewkt(from_geojson(geometry), precision=2)


def _place_geometry(geometry: dict[str, Any], reference: list[dict]) -> tuple[str, dict, str]:
    """(key in regulatedPlace, geometry object, pointer suffix of the WKT)."""
    wkt = to_wkt(geometry)
    kind = geometry.get("type")
    if kind in ("Point", "MultiPoint"):
        body = {"version": 1, "point": wkt, "representation": "centreLinePoint"}
        key, field = "pointGeometry", "point"
    elif kind == "Polygon":
        body = {"version": 1, "polygon": wkt}
        key, field = "polygon", "polygon"
    else:
        body = {
            "version": 1,
            "linestring": wkt,
            "representation": "linear",
            "direction": "bidirectional",
            "lateralPosition": "centreline",
        }
        key, field = "linearGeometry", "linestring"
    body["externalReference"] = reference
    return key, body, f"{key}/{field}"


def _title(text: Any) -> str:
    return " ".join(word.capitalize() for word in str(text or "").split())


def describe_tm(permit: dict[str, Any]) -> str:
    label = permit.get("traffic_management_type_string") or ""
    code = permit.get("traffic_management_type") or ""
    if code == "upcoming_enum":
        # Street Manager's placeholder for values newer than its published list.
        return "Traffic management of a type this portal does not know yet"
    if not label or label == code:
        return code.replace("_", " ").capitalize() or "Traffic management"
    return str(label)


def build_ttro(permit: dict[str, Any], tra_code: int) -> tuple[dict[str, Any], dict[str, str]]:
    """(envelope for the newest active data-spec version, pre-filled fields by JSON pointer)."""
    version = get_registry().newest_active()
    version = getattr(version, "version", version)
    start = local_moment(
        permit.get("proposed_start_date"), permit.get("proposed_start_time"), time(0, 0)
    )
    end = local_moment(
        permit.get("proposed_end_date"), permit.get("proposed_end_time"), time(23, 59)
    )
    if start is None or end is None:
        raise ValueError("The permit has no proposed start and end dates")
    modified = parse_instant(permit.get("date_modified")) or timezone.now()
    # lastUpdateDate may not be in the future: the permit's last change, at the latest now.
    modified = min(modified, timezone.now()).astimezone(LONDON)
    street = _title(permit.get("street_name"))
    town = _title(permit.get("town"))
    place_name = ", ".join(part for part in (street, town) if part)
    prn = permit.get("permit_reference_number", "")
    tm_code = permit.get("traffic_management_type") or ""
    tm_text = describe_tm(permit)
    work_text = str(permit.get("description_of_work") or "street works").strip()

    reference = [
        {
            "lastUpdateDate": _iso(modified.replace(tzinfo=None)),
            "uniqueStreetReferenceNumber": [{"usrn": int(permit["usrn"])}],
        }
    ]
    geometry_key, geometry, wkt_pointer = _place_geometry(permit["works_coordinates"], reference)
    regulation_type = REGULATION_FOR_TM.get(tm_code)
    if regulation_type is None and str(permit.get("close_footway", "")).startswith("yes"):
        regulation_type = "miscFootwayClosure"
    regulation: dict[str, Any] = {
        "condition": {
            "timeValidity": {"start": _iso(start), "end": _iso(end), "isPlaceholderTro": False}
        },
        "isDynamic": False,
        "timeZone": "Europe/London",
    }
    if regulation_type:
        regulation["generalRegulation"] = {"regulationType": regulation_type}
    else:
        # No clear mapping: say so in words the officer must replace before sending.
        regulation["offListRegulation"] = {
            "regulationShortName": f"Temporary traffic management: {tm_text}",
            "regulationFullText": (
                f"{tm_text} for street works under permit {prn}. "
                "Choose the restriction this order makes before sending it for approval."
            ),
        }
    location = permit.get("works_location_description") or place_name
    data = {
        "source": {
            "actionType": "new",
            "currentTraOwner": tra_code,
            "traAffected": [tra_code],
            "traCreator": tra_code,
            "reference": str(uuid.uuid4()),
            "section": "All sections",
            "troName": f"Temporary order: {tm_text.lower()}, {place_name} ({prn})",
            "statementDescription": f"{tm_text} on {place_name} for {work_text.lower()}",
            "comingIntoForceDate": start.date().isoformat(),
            # Required with a coming-into-force date; the officer sets the real one when made.
            "madeDate": min(timezone.localdate(), start.date()).isoformat(),
            "provision": [
                {
                    "actionType": "new",
                    "orderReportingPoint": "ttroTtmoNoticeOfIntention",
                    "provisionDescription": f"{tm_text} on {place_name}: {work_text}",
                    "reference": str(uuid.uuid4()),
                    "comingIntoForceDate": start.date().isoformat(),
                    "regulatedPlace": [
                        {
                            "description": f"{place_name}: {location}",
                            "type": "regulationLocation",
                            geometry_key: geometry,
                        }
                    ],
                    "regulation": regulation,
                }
            ],
        }
    }
    place = "/data/source/provision/0/regulatedPlace/0"
    times = "/data/source/provision/0/regulation/condition/timeValidity"
    prefilled = {
        "/data/source/troName": "permit.street_name",
        "/data/source/statementDescription": "permit.street_name",
        "/data/source/comingIntoForceDate": "permit.proposed_start_date",
        "/data/source/provision/0/provisionDescription": "permit.description_of_work",
        "/data/source/provision/0/comingIntoForceDate": "permit.proposed_start_date",
        f"{place}/description": "permit.works_location_description",
        f"{place}/{wkt_pointer}": "permit.works_coordinates",
        f"{place}/{geometry_key}/externalReference/0/uniqueStreetReferenceNumber/0/usrn": (
            "permit.usrn"
        ),
        f"{times}/start": "permit.proposed_start_date",
        f"{times}/end": "permit.proposed_end_date",
    }
    if regulation_type:
        source = "permit.traffic_management_type"
        if regulation_type == "miscFootwayClosure":
            source = "permit.close_footway"
        prefilled["/data/source/provision/0/regulation/generalRegulation/regulationType"] = source
    return {"schemaVersion": str(version), "data": data}, prefilled
