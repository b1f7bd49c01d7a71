"""Labels for where a regulation applies: kinds of way and road, how a place is drawn, and
speed limits."""

from __future__ import annotations

PLACES_3_4_0: dict[str, dict[str, str]] = {
    "bywayType": {
        "road": "Road",
        "footpath": "Footpath",
        "cycleTrack": "Cycle track",
        "bridleway": "Bridleway",
        "restrictedByway": "Restricted byway",
        "bywayOpenToAllTraffic": "Byway open to all traffic",
    },
    "roadType": {
        "motorway": "Motorway",
        "trunkRoad": "Trunk road",
        "aRoad": "A road",
        "bRoad": "B road",
        "cRoad": "C road",
        "other": "Other road",
    },
    "regulatedPlaceType": {
        "regulationLocation": "Where the regulation applies",
        "diversionRoute": "Diversion route",
    },
    "diversionRouteType": {
        "allTraffic": "Diversion for all traffic",
        "hgvRoute": "Diversion for heavy goods vehicles",
        "non-HGVRoute": "Diversion for vehicles other than heavy goods vehicles",
    },
    "linearType": {
        "linear": "Along the line",
        "representingZone": "Line standing for a zone",
    },
    "linearDirectionType": {
        "bidirectional": "In both directions",
        "startToEnd": "From the start of the line to its end",
        "endToStart": "From the end of the line to its start",
    },
    "linearLateralPositionType": {
        "near": "Near side",
        "centreline": "Centre line",
        "far": "Far side",
        "onKerb": "On the kerb",
    },
    "pointType": {
        "centreLinePoint": "Point on the centre line",
        "trafficSignLocation": "Where a traffic sign stands",
        "other": "Other point",
    },
    "speedLimitNatureType": {
        "permanent": "Permanent speed limit",
        "temporary": "Temporary speed limit",
    },
    "speedLimitProfileType": {
        "nationalSpeedLimitSingleCarriageway": "National speed limit (single carriageway)",
        "nationalSpeedLimitDualCarriageway": "National speed limit (dual carriageway)",
        "nationalSpeedLimitMotorway": "National speed limit (motorway)",
    },
    "speedLimitValueType": {
        "maximumSpeedLimit": "Maximum speed",
        "minimumSpeedLimit": "Minimum speed",
        "nationalSpeedLimitWellLitStreetDefault": "30 mph on a street with street lights",
    },
}
