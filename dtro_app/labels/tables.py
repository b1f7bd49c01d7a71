"""One label table per data-spec version: 3.4.0 in full, each later version as the one before
it plus and minus what its schema changed. `tests/drafting/test_labels_cover_every_schema.py`
checks each table against its schema, value by value, both ways."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dtro_app.labels.orders import ACTIONS, CONDITION_OPERATORS, ORDERS_3_4_0
from dtro_app.labels.places import PLACES_3_4_0
from dtro_app.labels.regulations import REGULATION_TYPES
from dtro_app.labels.times import TIMES_3_4_0
from dtro_app.labels.vehicles import (
    FUELS,
    UNITS,
    VALUE_RANGES,
    VEHICLE_USES,
    VEHICLES,
    VEHICLES_3_4_0,
)

Labels = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Table:
    """Enum name (the schema's `$defs` key) -> code -> label, for one version."""

    version: str
    enums: Labels

    def find(self, code: str, enum: str | None = None) -> str | None:
        if enum is not None:
            return self.enums.get(enum, {}).get(code)
        return next((values[code] for values in self.enums.values() if code in values), None)

    def changed(
        self,
        version: str,
        *,
        add: Labels | None = None,
        remove: Mapping[str, Iterable[str]] | None = None,
        drop: Iterable[str] = (),
    ) -> Table:
        """The next version's table. Removing what is not there is a mistake, so it raises."""
        enums = {name: dict(values) for name, values in self.enums.items()}
        for name in drop:
            del enums[name]
        for name, codes in (remove or {}).items():
            for code in codes:
                del enums[name][code]
        for name, values in (add or {}).items():
            enums.setdefault(name, {}).update(values)
        return Table(version, enums)


def _pick(source: Mapping[str, str], *codes: str) -> dict[str, str]:
    return {code: source[code] for code in codes}


_LATER_REGULATION_TYPES = {
    "kerbsideRedRouteBusStopClearway",
    "miscCycleHireParking",
    "miscCycleParking",
    "publicRightOfWayClosure",
    "miscFootpathClosure",
    "motorVehiclesProhibited",
}
# Vehicle types 4.0.0 moves to vehicle usage.
_OFFICIAL_VEHICLES = (
    "coastguardVehicle",
    "diplomaticVehicle",
    "emergencyServicesVehicle",
    "emergencyAndIncidentSupportVehicle",
    "fireServiceVehicle",
    "publicServiceVehicle",
    "policeVehicle",
    "schoolBus",
)

V3_4_0 = Table(
    "3.4.0",
    {
        "regulationType": {
            code: text
            for code, text in REGULATION_TYPES.items()
            if code not in _LATER_REGULATION_TYPES
        },
        **ORDERS_3_4_0,
        **PLACES_3_4_0,
        **TIMES_3_4_0,
        **VEHICLES_3_4_0,
    },
)

V3_4_1 = V3_4_0.changed(
    "3.4.1",
    drop=["actionType"],
    add={
        "provisionActionType": V3_4_0.enums["actionType"],
        "sourceActionType": _pick(ACTIONS, "new", "amendment", "errorFix", "noChange"),
        "fuelType": _pick(FUELS, "electric"),
        "regulationType": _pick(
            REGULATION_TYPES,
            "kerbsideRedRouteBusStopClearway",
            "miscCycleHireParking",
            "miscCycleParking",
        ),
        "vehicleType": _pick(
            VEHICLES,
            "diplomaticVehicle",
            "emergencyAndIncidentSupportVehicle",
            "poweredVehicleUsedByDisabledPeople",
            "other",
        ),
        "unitOfMeasureEnum": _pick(UNITS, "cubicCentimeters", "kWh", "gkm", "eurolevel", "year"),
        "valueRangeClassEnum": VALUE_RANGES,
    },
)

V3_5_0 = V3_4_1.changed(
    "3.5.0",
    remove={"conditionOperatorType": ["xor"], "unitOfMeasureEnum": ["cubicCentimeters"]},
    add={
        "conditionOperatorType": {"xOr": CONDITION_OPERATORS["xor"]},
        "provisionActionType": _pick(ACTIONS, "informationUpdate"),
        "sourceActionType": _pick(ACTIONS, "informationUpdate"),
        "regulationType": _pick(REGULATION_TYPES, "publicRightOfWayClosure"),
        "speedLimitProfileType": {"nationalSpeedLimit": "National speed limit"},
        "unitOfMeasureEnum": _pick(UNITS, "cubicCentimetres"),
        "vehicleUsageType": _pick(VEHICLE_USES, "dialARide"),
    },
)

V3_5_1 = V3_5_0.changed(
    "3.5.1",
    remove={"regulationType": ["publicRightOfWayClosure"]},
    add={
        "regulationType": _pick(REGULATION_TYPES, "miscFootpathClosure"),
        "vehicleType": _pick(
            VEHICLES, "heavyGoodsVehicle", "motorVehicle", "publicServiceVehicle", "schoolBus"
        ),
    },
)

V4_0_0 = V3_5_1.changed(
    "4.0.0",
    remove={"vehicleType": _OFFICIAL_VEHICLES},
    add={
        "regulationType": _pick(REGULATION_TYPES, "motorVehiclesProhibited"),
        "sourceActionType": _pick(ACTIONS, "fullRevoke"),
        "vehicleUsageType": _pick(VEHICLES, *_OFFICIAL_VEHICLES),
    },
)

#: Oldest first.
TABLES: dict[str, Table] = {t.version: t for t in (V3_4_0, V3_4_1, V3_5_0, V3_5_1, V4_0_0)}
