"""Labels for whom a regulation applies to: vehicles, their use, fuel, equipment and load,
permits and drivers, and people not in vehicles."""

from __future__ import annotations

#: Every vehicle type any version has used. 4.0.0 moves the emergency and official ones to
#: vehicle usage, with the same words.
VEHICLES: dict[str, str] = {
    "anyVehicle": "Any vehicle",
    "motorVehicle": "Motor vehicle",
    "car": "Car",
    "taxi": "Taxi",
    "bus": "Bus",
    "schoolBus": "School bus",
    "publicServiceVehicle": "Public service vehicle (bus or coach)",
    "goodsVehicle": "Goods vehicle",
    "heavyGoodsVehicle": "Heavy goods vehicle",
    "articulatedVehicle": "Articulated vehicle",
    "vehicleWithTrailer": "Vehicle towing a trailer",
    "caravan": "Caravan",
    "agriculturalVehicle": "Agricultural vehicle",
    "trackedLayingVehicle": "Tracked vehicle",
    "motorcycle": "Motorcycle",
    "soloMotorcycle": "Solo motorcycle (no sidecar)",
    "mopedSmallMotorcycle": "Moped or small motorcycle",
    "pedalCycle": "Pedal cycle",
    "horseDrawnVehicle": "Horse-drawn vehicle",
    "lightRailTram": "Tram",
    "poweredVehicleUsedByDisabledPeople": "Mobility vehicle for disabled people",
    "emergencyServicesVehicle": "Emergency services vehicle",
    "emergencyAndIncidentSupportVehicle": "Emergency and incident support vehicle",
    "ambulance": "Ambulance",
    "fireServiceVehicle": "Fire and rescue vehicle",
    "policeVehicle": "Police vehicle",
    "coastguardVehicle": "Coastguard vehicle",
    "diplomaticVehicle": "Diplomatic vehicle",
    "other": "Other vehicle",
}

VEHICLE_USES: dict[str, str] = {
    "access": "Access",
    "accessToOffStreetPremises": "Access to premises off the street",
    "authorisedVehicles": "Authorised vehicles",
    "busOperationPurpose": "Running a bus service",
    "localBuses": "Local buses",
    "guidedBuses": "Guided buses",
    "dialARide": "Dial-a-ride",
    "privateHireVehicle": "Private hire vehicle",
    "locallyRegisteredPrivateHireVehicle": "Private hire vehicle licensed locally",
    "highwayAuthorityPurpose": "Highway authority work",
    "statutoryUndertakerPurpose": "Statutory undertaker work (such as utilities)",
    "military": "Military",
    "other": "Other use",
}

FUELS: dict[str, str] = {
    "all": "Any fuel",
    "petrol": "Petrol",
    "petrolUnleaded": "Unleaded petrol",
    "petrolLeaded": "Leaded petrol",
    "petrol95Octane": "Petrol (95 octane)",
    "petrol98Octane": "Petrol (98 octane)",
    "diesel": "Diesel",
    "biodiesel": "Biodiesel",
    "ethanol": "Ethanol",
    "electric": "Electric",
    "battery": "Battery electric",
    "petrolBatteryHybrid": "Petrol and electric hybrid",
    "dieselBatteryHybrid": "Diesel and electric hybrid",
    "phev": "Plug-in hybrid (PHEV)",
    "reev": "Range-extended electric (REEV)",
    "fuelCell": "Fuel cell",
    "hydrogen": "Hydrogen",
    "lpg": "Liquefied petroleum gas (LPG)",
    "liquidGas": "Liquid gas",
    "ng": "Natural gas",
    "cng": "Compressed natural gas (CNG)",
    "methane": "Methane",
    "other": "Other fuel",
    "unknown": "Fuel not known",
}

TARGET_LISTS: dict[str, str] = {
    "vehicleType": "Type of vehicle",
    "vehicleUsageType": "Use of the vehicle",
    "permitType": "Type of permit",
    "payloadType": "Load carried",
    "fuelType": "Fuel",
    "emissionsClassificationEuroType": "Euro emission standard",
    "vehicleEquipmentType": "Equipment on the vehicle",
}

VEHICLES_3_4_0: dict[str, dict[str, str]] = {
    "vehicleType": {
        code: VEHICLES[code]
        for code in (
            "anyVehicle",
            "car",
            "taxi",
            "bus",
            "goodsVehicle",
            "articulatedVehicle",
            "vehicleWithTrailer",
            "caravan",
            "agriculturalVehicle",
            "trackedLayingVehicle",
            "motorcycle",
            "soloMotorcycle",
            "mopedSmallMotorcycle",
            "pedalCycle",
            "horseDrawnVehicle",
            "lightRailTram",
            "emergencyServicesVehicle",
            "ambulance",
            "fireServiceVehicle",
            "policeVehicle",
            "coastguardVehicle",
        )
    },
    "vehicleUsageType": {code: text for code, text in VEHICLE_USES.items() if code != "dialARide"},
    "fuelType": {code: text for code, text in FUELS.items() if code != "electric"},
    "emissionClassificationEuroType": {
        "euro5": "Euro 5",
        "euro5a": "Euro 5a",
        "euro5b": "Euro 5b",
        "euro6": "Euro 6",
        "euro6a": "Euro 6a",
        "euro6b": "Euro 6b",
        "euro6c": "Euro 6c",
        "euroV": "Euro V (heavy vehicles)",
        "euroVI": "Euro VI (heavy vehicles)",
        "other": "Other emission standard",
    },
    "vehicleEquipmentType": {
        "dippedHeadlightsInUse": "Dipped headlights on",
        "electronicTollEquipment": "Electronic toll equipment",
        "filterInUse": "Exhaust filter in use",
        "speedLimiterInUse": "Speed limiter in use",
        "wheelchairSystem": "Wheelchair access equipment",
        "snowChainsInUse": "Snow chains fitted",
        "snowTyresInUse": "Snow tyres fitted",
        "snowChainsOrTyresInUse": "Snow chains or snow tyres fitted",
        "studdedTyresInUse": "Studded tyres fitted",
        "notUsingSnowChains": "No snow chains fitted",
        "notUsingSnowChainsOrTyres": "Neither snow chains nor snow tyres fitted",
        "withoutSnowTyresOrChainsOnBoard": "Not carrying snow tyres or chains",
        "other": "Other equipment",
    },
    "payloadType": {
        "empty": "Empty (no load)",
        "dangerousGoods": "Dangerous goods",
        "explosiveMaterials": "Explosives",
        "other": "Other load",
    },
    "weightType": {
        "actual": "Actual weight",
        "unladen": "Unladen weight",
        "maximumPermitted": "Maximum permitted weight",
        "combinedMaximumPermitted": "Maximum permitted weight with a trailer",
    },
    "permitType": {
        "resident": "Resident's permit",
        "residentPlusBadgeHolders": "Resident's permit or a Blue Badge",
        "residentWithNonResidentBlueBadge": (
            "Resident's permit, or a Blue Badge held by a non-resident"
        ),
        "residentExcludesNonResidentBlueBadge": (
            "Resident's permit (not Blue Badges held by non-residents)"
        ),
        "residentNotBlueBadgeHolders": "Resident's permit (not Blue Badge holders)",
        "business": "Business permit",
        "doctor": "Doctor's permit",
        "other": "Other permit",
    },
    "driverCharacteristicsType": {
        "disabledWithPermit": "Disabled driver with a permit",
        "localResident": "Local resident",
        "hotelGuest": "Hotel guest",
        "learnerDriver": "Learner driver",
    },
    "nonVehicularRoadUserType": {
        "pedestrians": "Pedestrians",
        "riddenOrAccompaniedHorses": "Horses, ridden or led",
        "herdedAnimals": "Herded animals",
        "cattleDrive": "Cattle being driven",
    },
    "targetEnumeratedList": TARGET_LISTS,
}

UNITS: dict[str, str] = {
    "cubicCentimeters": "Cubic centimetres",
    "cubicCentimetres": "Cubic centimetres",
    "kWh": "Kilowatt hours (kWh)",
    "gkm": "Grams per kilometre (g/km)",
    "eurolevel": "Euro emission level",
    "year": "Years",
}

VALUE_RANGES: dict[str, str] = {
    "engineCapacityPetrol": "Engine size (petrol)",
    "engineCapacityDiesel": "Engine size (diesel)",
    "batteryCapacity": "Battery capacity",
    "emissionStandard": "Emission standard",
    "emissionValue": "Emissions",
    "manufactureDate": "Date made",
}
