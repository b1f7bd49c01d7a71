"""Made-up but realistic Street Manager works and permits for the emulator's demo TRAs.

Dates are relative to the day the emulator's state is first seeded, so the demo always has
upcoming works. Geometries are British National Grid (EPSG:27700) GeoJSON, as Street
Manager returns them. References, names and USRNs are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

TM_LABELS = {
    "road_closure": "Road closure",
    "contra_flow": "Contra-flow",
    "lane_closure": "Lane closure",
    "multi_way_signals": "Multi-way signals",
    "two_way_signals": "Two-way signals",
    "convoy_workings": "Convoy workings",
    "stop_go_boards": "Stop/go boards",
    "priority_working": "Priority working",
    "give_and_take": "Give and take",
    "some_carriageway_incursion": "Some carriageway incursion",
    "no_carriageway_incursion": "No carriageway incursion",
    "temp_obstruction_15_minute_delay": "Temporary obstruction (15 minute delay)",
}

STREETS: dict[int, dict[str, Any]] = {
    39608173: {
        "street_descriptor": "EAST REACH",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[323400, 124570], [323464, 124595], [323544, 124622], [323640, 124660]],
    },
    39605836: {
        "street_descriptor": "BRIDGE STREET",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322690, 124990], [322720, 125060], [322745, 125130]],
    },
    39609331: {
        "street_descriptor": "PRIORY AVENUE",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[323589, 125149], [323460, 125190], [323340, 125227]],
    },
    # A few more streets of the demo area, so a map has a street network to show and snap to.
    39610001: {
        "street_descriptor": "HIGH STREET",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322760, 124300], [322800, 124420], [322850, 124560], [322900, 124700]],
    },
    39610002: {
        "street_descriptor": "NORTH STREET",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322900, 124700], [322860, 124820], [322800, 124940], [322745, 125130]],
    },
    39610003: {
        "street_descriptor": "FORE STREET",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322900, 124700], [323050, 124640], [323200, 124600], [323400, 124570]],
    },
    39610004: {
        "street_descriptor": "STATION ROAD",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322745, 125130], [322900, 125250], [323050, 125360], [323200, 125480]],
    },
    39610005: {
        "street_descriptor": "CANON STREET",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[323200, 124600], [323260, 124800], [323320, 125000], [323340, 125227]],
    },
    39610006: {
        "street_descriptor": "WELLINGTON ROAD",
        "town": "TAUNTON",
        "area": "SOMERSET",
        "authority_swa_code": "99999",
        "line": [[322760, 124300], [322500, 124250], [322200, 124180], [321900, 124100]],
    },
    22000001: {
        "street_descriptor": "MILL LANE",
        "town": "SECOND BOROUGH",
        "area": "SECOND BOROUGH",
        "authority_swa_code": "99998",
        "line": [[530100, 180100], [530180, 180160], [530260, 180230]],
    },
}

AUTHORITY_NAMES = {"99999": "Demo County Council", "99998": "Second Borough Council"}


def _midnight(day: datetime) -> str:
    return day.strftime("%Y-%m-%dT00:00:00.000Z")


def _at(day: datetime, hour: int) -> str:
    return day.strftime(f"%Y-%m-%dT{hour:02d}:00:00.000Z")


def _works_specs() -> list[dict[str, Any]]:
    return [
        {
            "wrn": "DC1000100001",
            "ha": "99999",
            "usrn": 39608173,
            "geometry": {
                "type": "LineString",
                "coordinates": [[323464, 124595], [323544, 124622]],
            },
            "tm": "road_closure",
            "ttro": True,
            "start": 14,
            "end": 18,
            "hours": (7, 19),
            "work_status": "planned",
            "permit_status": "granted",
            "description": "Replace 60 m of gas main in the carriageway",
            "location": "Outside 12 to 40 East Reach",
            "promoter": ("Wessex Gas Networks", "7001"),
            "category": "major",
            "close_footway": "no",
        },
        {
            "wrn": "DC1000100002",
            "ha": "99999",
            "usrn": 39605836,
            "geometry": {"type": "Point", "coordinates": [322720, 125060]},
            "tm": "lane_closure",
            "ttro": True,
            "start": -2,
            "end": 5,
            "hours": (9, 16),
            "work_status": "in_progress",
            "permit_status": "granted",
            "description": "Repair a leaking water valve",
            "location": "Junction of Bridge Street and Castle Street",
            "promoter": ("Somerset Water", "7002"),
            "category": "standard",
            "close_footway": "yes_provide_pedestrian_walkway",
            "current_tm": "two_way_signals",
        },
        {
            "wrn": "DC1000100003",
            "ha": "99999",
            "usrn": 39608173,
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [323590, 124630],
                        [323620, 124630],
                        [323620, 124660],
                        [323590, 124660],
                        [323590, 124630],
                    ]
                ],
            },
            # A value this emulator's clients cannot know yet: they must tolerate it.
            "tm": "upcoming_enum",
            "ttro": None,
            "start": 30,
            "end": 31,
            "hours": (20, 6),
            "work_status": "planned",
            "permit_status": "submitted",
            "description": "Install a new fibre cabinet",
            "location": "Verge opposite 88 East Reach",
            "promoter": ("Openreach", "7003"),
            "category": "minor",
            "close_footway": "no",
        },
        {
            "wrn": "DC1000100004",
            "ha": "99999",
            "usrn": 39609331,
            "geometry": {
                "type": "LineString",
                "coordinates": [[323589, 125149], [323460, 125190]],
            },
            "tm": "contra_flow",
            "ttro": True,
            "start": 21,
            "end": 35,
            "hours": (0, 23),
            "work_status": "planned",
            "permit_status": "granted",
            "description": "Resurface the northbound carriageway",
            "location": "Priory Avenue between the roundabout and Priory Bridge Road",
            "promoter": ("Demo County Council Highways", "99999"),
            "category": "major",
            "close_footway": "no",
        },
        {
            "wrn": "SB2000200001",
            "ha": "99998",
            "usrn": 22000001,
            "geometry": {
                "type": "LineString",
                "coordinates": [[530100, 180100], [530180, 180160]],
            },
            "tm": "road_closure",
            "ttro": True,
            "start": 10,
            "end": 12,
            "hours": (8, 18),
            "work_status": "planned",
            "permit_status": "granted",
            "description": "Lay a new electricity cable",
            "location": "Mill Lane, full length",
            "promoter": ("London Power Networks", "7004"),
            "category": "major",
            "close_footway": "no",
        },
    ]


def build_works(now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """The emulator's works, keyed by work reference, each with its permits keyed by PRN."""
    now = now or datetime.now(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    created = today - timedelta(days=20)
    works: dict[str, dict[str, Any]] = {}
    for spec in _works_specs():
        street = STREETS[spec["usrn"]]
        start = today + timedelta(days=spec["start"])
        end = today + timedelta(days=spec["end"])
        start_hour, end_hour = spec["hours"]
        prn = f"{spec['wrn']}-01"
        promoter_name, promoter_code = spec["promoter"]
        common = {
            "work_reference_number": spec["wrn"],
            "workstream_prefix": spec["wrn"][2:5],
            "promoter_swa_code": promoter_code,
            "promoter_organisation": promoter_name,
            "highway_authority_swa_code": spec["ha"],
            "highway_authority": AUTHORITY_NAMES[spec["ha"]],
            "street_name": street["street_descriptor"],
            "town": street["town"],
            "area_name": street["area"],
            "road_category": 3,
            "usrn": spec["usrn"],
            "works_coordinates": spec["geometry"],
            "work_status": spec["work_status"],
            "work_status_string": spec["work_status"].replace("_", " ").capitalize(),
            "works_location_description": spec["location"],
            "description_of_work": spec["description"],
        }
        permit = {
            **common,
            "permit_reference_number": prn,
            "permit_status": spec["permit_status"],
            "permit_status_string": spec["permit_status"].capitalize(),
            "work_category": spec["category"],
            "work_category_string": spec["category"].capitalize(),
            "work_type": "planned",
            "work_type_string": "Planned",
            "application_type": "permit",
            "application_type_string": "Permit",
            "activity_type": "utility_repair_and_maintenance_works",
            "activity_type_string": "Utility repair and maintenance works",
            "proposed_start_date": _midnight(start),
            "proposed_start_time": _at(start, start_hour),
            "proposed_end_date": _midnight(end),
            "proposed_end_time": _at(end, end_hour),
            "actual_start_date": _at(start, start_hour) if spec["start"] < 0 else None,
            "actual_stop_date": None,
            "reasonable_period_end_date": _midnight(end + timedelta(days=2)),
            "validity_period_end_date": _midnight(end + timedelta(days=30)),
            "deadline_date": _midnight(start - timedelta(days=5)),
            "date_created": _at(created, 10),
            "date_modified": _at(created, 11),
            "calendar_day_duration": spec["end"] - spec["start"] + 1,
            "working_day_duration": spec["end"] - spec["start"] + 1,
            "location_types": ["carriageway"],
            "location_types_string": ["Carriageway"],
            "traffic_management_type": spec["tm"],
            "traffic_management_type_string": TM_LABELS.get(spec["tm"], "Upcoming"),
            "current_traffic_management_type": spec.get("current_tm"),
            "current_traffic_management_type_string": TM_LABELS.get(spec.get("current_tm", "")),
            "close_footway": spec["close_footway"],
            "close_footway_string": spec["close_footway"].replace("_", " ").capitalize(),
            "close_footpath": "no",
            "close_footpath_string": "No",
            "traffic_management_plan": spec["tm"] == "road_closure",
            "promoter_contact_details": "0300 000 0000",
            "secondary_contact": "Site manager",
            "secondary_contact_number": "0300 000 0001",
            "excavation": True,
            "excavation_carried_out": False,
            "lane_rental_applicable": False,
            "is_lane_rental": False,
            "collaborative_working": False,
            "is_early_start": False,
            "is_deemed": False,
            "sliding_end_date_candidate": False,
            "final_reinstatement": False,
            "ever_modification_requested": False,
            "permit_asds": [],
            "permit_not_selected_asds": [],
            "permit_conditions": [
                {"condition": "NCT01a", "condition_string": "NCT01a", "comment": ""}
            ],
            # A key newer than this emulator's documentation: clients must ignore it.
            "collaboration_types": [],
        }
        if spec["ttro"] is not None:
            permit["is_ttro_required"] = spec["ttro"]
        works[spec["wrn"]] = {"work": common, "permits": {prn: permit}, "active_permit": prn}
    return works


def initial_events(works: dict[str, dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """One `permit_granted` (or submitted) update per works, oldest first."""
    events = []
    for number, (wrn, entry) in enumerate(sorted(works.items()), start=1):
        permit = entry["permits"][entry["active_permit"]]
        granted = permit["permit_status"] == "granted"
        event_type = "permit_granted" if granted else "permit_submitted"
        events.append(
            {
                "update_id": number,
                "work_reference_number": wrn,
                "object_reference_number": entry["active_permit"],
                "parent_object_reference_number": wrn,
                "highway_authority_swa_code": entry["work"]["highway_authority_swa_code"],
                "event_type": event_type,
                "event_type_string": event_type.replace("_", " ").capitalize(),
                "object_type": "permit",
                "object_type_string": "Permit",
                "update_date_time": (now - timedelta(days=10 - number)).strftime(
                    "%Y-%m-%dT%H:%M:%S.000Z"
                ),
            }
        )
    return events
