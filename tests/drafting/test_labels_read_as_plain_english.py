"""Labels read as English, not as the code split into words; lists read in the order people
expect."""

from __future__ import annotations

import pytest

from dtro_app.labels import choices, grouped_choices, humanise, label, ordered

AWKWARD = [
    ("regulationType", "kerbsideNoWaiting", "No waiting (yellow lines)"),
    ("regulationType", "miscPROWClosure", "Public right of way closure"),
    ("regulationType", "dimensionMaximumHeightWithTRO", "Maximum height (set by the order)"),
    ("regulationType", "bannedMovementNoUTurn", "No U-turn"),
    ("regulationType", "nonOrderMovementBoxJunction", "Box junction (not made by an order)"),
    (
        "orderReportingPointType",
        "ttroTtmoNoticeAfterMaking",
        "Temporary order: notice after making",
    ),
    ("orderReportingPointType", "troOnRoadActiveStatus", "Existing order in force on the road"),
    ("vehicleType", "lightRailTram", "Tram"),
    ("vehicleType", "mopedSmallMotorcycle", "Moped or small motorcycle"),
    (
        "diversionRouteType",
        "non-HGVRoute",
        "Diversion for vehicles other than heavy goods vehicles",
    ),
    ("fuelType", "lpg", "Liquefied petroleum gas (LPG)"),
    ("provisionActionType", "errorFix", "Correction of an error"),
    ("sourceActionType", "fullRevoke", "Full revocation"),
    ("unitOfMeasureEnum", "gkm", "Grams per kilometre (g/km)"),
]


@pytest.mark.parametrize(("enum", "code", "expected"), AWKWARD)
def test_awkward_codes_have_written_labels(enum: str, code: str, expected: str) -> None:
    assert label(code, enum, "4.0.0") == expected
    assert expected != humanise(code)


def test_days_come_monday_to_sunday_whatever_the_schema_order() -> None:
    days = [code for code, _ in choices("dayType", "4.0.0")]
    assert days == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    assert ordered("dayType", ["sunday", "friday", "monday", "friday"]) == [
        "monday",
        "friday",
        "sunday",
    ]


def test_months_come_january_to_december() -> None:
    months = [text for _, text in choices("monthType", "4.0.0")]
    assert months[0] == "January" and months[-1] == "December" and len(months) == 12


def test_other_choices_read_a_to_z_with_other_last() -> None:
    texts = [text for _, text in choices("vehicleType", "4.0.0", blank="Any vehicle")]
    assert texts[0] == "Any vehicle"
    assert texts[-1] == "Other vehicle"
    assert texts[1:-1] == sorted(texts[1:-1], key=str.casefold)


def test_regulation_types_come_in_groups_in_the_versions_set() -> None:
    groups = grouped_choices("regulationType", "4.0.0", blank="Choose a regulation type")
    assert groups[0] == ("", "Choose a regulation type")
    names = [name for name, _ in groups[1:]]
    assert names[:3] == [
        "Waiting, loading and stopping",
        "Parking",
        "Banned and restricted movements",
    ]
    codes = {code for _, options in groups[1:] for code, _ in options}
    assert "motorVehiclesProhibited" in codes and "publicRightOfWayClosure" not in codes
    older = grouped_choices("regulationType", "3.5.0")
    assert "publicRightOfWayClosure" in {code for _, options in older for code, _ in options}
