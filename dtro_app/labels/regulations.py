"""Regulation types: a label for every code any data-spec version has used, and the group each
belongs to in the guided form's list (the codes' own prefixes split groups officers think of
together, such as waiting and parking, both `kerbside...`)."""

from __future__ import annotations

WAITING = "Waiting, loading and stopping"
PARKING = "Parking"
BANNED = "Banned and restricted movements"
DIRECTIONS = "Mandatory directions"
DIMENSIONS = "Dimensions and weight"
CLOSURES = "Closures"
BUSES_CYCLES_WALKING = "Buses, cycles and pedestrians"
MISCELLANEOUS = "Miscellaneous"
NOT_BY_ORDER = "Features not made by an order"

#: Group -> code -> label, in the order the guided form shows them.
GROUPED: dict[str, dict[str, str]] = {
    WAITING: {
        "kerbsideNoWaiting": "No waiting (yellow lines)",
        "kerbsideLimitedWaiting": "Limited waiting",
        "kerbsideNoLoading": "No loading",
        "kerbsideNoLoadingPassengerSetDownPermitted": (
            "No loading (setting down passengers allowed)"
        ),
        "kerbsideNoLoadingPassengerSetDownProhibited": "No loading or setting down passengers",
        "kerbsideNoStopping": "No stopping",
        "kerbsideDoubleRedLines": "No stopping at any time (double red lines)",
        "kerbsideSingleRedLines": "No stopping at set times (single red line)",
        "kerbsideRedRouteClearway": "Red route clearway",
        "kerbsideRedRouteBusStopClearway": "Red route bus stop clearway",
        "kerbsideRuralClearway": "Rural clearway",
        "kerbsideUrbanClearway": "Urban clearway",
        "kerbsideSchoolKeepClearYellowZigZagMandatory": "School keep clear (yellow zig-zags)",
        "kerbsideOtherYellowZigZagMandatory": "Other keep clear (yellow zig-zags)",
        "kerbsideLoadingBay": "Loading bay",
        "kerbsideLoadingBayPassengerSetDownPermitted": (
            "Loading bay (setting down passengers allowed)"
        ),
        "kerbsideLoadingBayPassengerSetDownProhibited": "Loading bay (no setting down passengers)",
        "kerbsideLoadingPlace": "Loading place",
        "kerbsideLoadingPlacePassengerSetDownPermitted": (
            "Loading place (setting down passengers allowed)"
        ),
        "kerbsideLoadingPlacePassengerSetDownProhibited": (
            "Loading place (no setting down passengers)"
        ),
    },
    PARKING: {
        "kerbsideParkingPlace": "Parking place",
        "kerbsidePaymentParkingPlace": "Pay-to-park parking place",
        "kerbsidePermitParkingPlace": "Permit parking place",
        "kerbsidePermitParkingArea": "Permit parking area",
        "kerbsideControlledParkingZone": "Controlled parking zone",
        "kerbsideRestrictedParkingZone": "Restricted parking zone",
        "kerbsideDisabledBadgeHoldersOnly": "Disabled badge holders only",
        "kerbsideMotorcycleParkingPlace": "Motorcycle parking place",
        "kerbsideTaxiRank": "Taxi rank",
        "kerbsideFootwayParking": "Parking on the footway allowed",
        "kerbsideFootwayParkingProhibited": "Parking on the footway banned",
        "miscCycleParking": "Cycle parking",
        "miscCycleHireParking": "Cycle hire parking",
        "miscTemporaryParkingBay": "Temporary parking bay",
        "miscTemporaryParkingRestriction": "Temporary parking restriction",
        "miscBaySuspension": "Parking bay suspended",
        "miscSuspensionOfParkingRestriction": "Parking restriction suspended",
    },
    BANNED: {
        "bannedMovementNoEntry": "No entry",
        "bannedMovementNoLeftTurn": "No left turn",
        "bannedMovementNoRightTurn": "No right turn",
        "bannedMovementNoUTurn": "No U-turn",
        "movementOrderNoOvertaking": "No overtaking",
        "movementOrderProhibitedAccess": "No access",
        "motorVehiclesProhibited": "Motor vehicles banned",
        "movementOrderPriorityOverOncomingTraffic": "Priority over oncoming traffic",
    },
    DIRECTIONS: {
        "mandatoryDirectionOneWay": "One-way traffic",
        "mandatoryDirectionAheadOnly": "Ahead only",
        "mandatoryDirectionLeftTurnOnly": "Turn left only",
        "mandatoryDirectionRightTurnOnly": "Turn right only",
        "miscContraflow": "Contraflow",
        "miscSuspensionOfOneWay": "One-way traffic suspended",
    },
    DIMENSIONS: {
        "dimensionMaximumHeightStructural": "Maximum height (a structure, such as a low bridge)",
        "dimensionMaximumHeightWithTRO": "Maximum height (set by the order)",
        "dimensionMaximumLength": "Maximum length",
        "dimensionMaximumWidth": "Maximum width",
        "dimensionMaximumWeightEnvironmental": "Maximum weight (environmental)",
        "dimensionMaximumWeightStructural": "Maximum weight (a structure, such as a weak bridge)",
        "miscSuspensionOfWeightRestriction": "Weight restriction suspended",
    },
    CLOSURES: {
        "miscRoadClosure": "Road closure",
        "miscRoadClosureCrossingPoint": "Road closure at a crossing point",
        "miscLaneClosure": "Lane closure",
        "miscFootwayClosure": "Footway closure (beside a road)",
        "miscFootpathClosure": "Footpath closure",
        "miscPROWClosure": "Public right of way closure",
        "publicRightOfWayClosure": "Public right of way closure (version 3.5.0 code)",
        "miscCycleLaneClosure": "Cycle lane closure",
        "miscSuspensionOfBusway": "Busway suspended",
    },
    BUSES_CYCLES_WALKING: {
        "miscBusLaneWithTrafficFlow": "Bus lane (with the flow of traffic)",
        "miscContraflowBusLane": "Contraflow bus lane",
        "miscBusGate": "Bus gate",
        "miscBusOnlyStreet": "Buses-only street",
        "miscCycleLane": "Cycle lane",
        "miscPedestrianZone": "Pedestrian zone",
    },
    MISCELLANEOUS: {
        "miscCongestionLowEmissionZone": "Congestion charge or low emission zone",
    },
    NOT_BY_ORDER: {
        "nonOrderKerbsideBusStop": "Bus stop (not made by an order)",
        "nonOrderKerbsidePedestrianCrossing": "Pedestrian crossing (not made by an order)",
        "nonOrderMovementBoxJunction": "Box junction (not made by an order)",
    },
}

REGULATION_TYPES: dict[str, str] = {
    code: text for codes in GROUPED.values() for code, text in codes.items()
}
GROUP_OF: dict[str, str] = {code: group for group, codes in GROUPED.items() for code in codes}
