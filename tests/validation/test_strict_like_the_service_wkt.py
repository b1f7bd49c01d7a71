"""WKT as the service reads it: the text before the first `;` is exactly `SRID=27700`;
what the service accepts but is probably a mistake (a polygon whose outline crosses itself)
is advice; every message names the place."""

from __future__ import annotations

from typing import Any

import pytest

from dtro_validation.geometry import check_wkt

DERBY = "example-derbyshire-2024-dj388-partial.json"
POLY = ("3.4.0", "snippet-example-snip-polygon.json")
LINE = "/data/source/provision/0/regulatedPlace/0/linearGeometry/linestring"
AREA = "/data/source/provision/0/regulatedPlace/0/polygon/polygon"
DRAYCOTT = "line of the place 'West side, Market Street, Draycott' (provision 1)"
BOWTIE = "SRID=27700;POLYGON((100 100, 200 200, 200 100, 100 200, 100 100))"


def place(d: dict[str, Any]) -> dict[str, Any]:
    return d["data"]["source"]["provision"][0]["regulatedPlace"][0]


def set_line(value: str):
    return lambda d: place(d)["linearGeometry"].__setitem__("linestring", value)


@pytest.mark.parametrize("version", ["3.4.0", "4.0.0"])
@pytest.mark.parametrize("prefix", ["srid=27700;", "SRID=27700 ;", "SRID = 27700;"])
def test_the_srid_prefix_must_be_exact(mutate, version: str, prefix: str) -> None:
    report = mutate(version, DERBY, set_line(prefix + "LINESTRING(320620 124993, 320625 125007)"))

    [issue] = [i for i in report.issues if i.path == LINE]
    assert issue.code == "srid_not_27700"
    assert issue.severity == "error"
    assert issue.message == (
        f"The {DRAYCOTT} must start with exactly 'SRID=27700;', in capitals and without spaces "
        f"(found '{prefix}'); the D-TRO service reads nothing else."
    )


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("SRID=27700;LINESTRING(320620 124993)", "linestring_too_few_points", "only one point"),
        ("SRID=27700;LINESTRING(320620 124993, 920625 1)", "outside_great_britain", "outside"),
        ("SRID=27700;LINESTRING(320620 124993, 320625)", "wkt_invalid", "not valid WKT"),
        ("SRID=27700;POINT(320620 124993)", "geometry_type_not_allowed", "is a POINT"),
    ],
)
def test_each_shape_error_names_the_place(mutate, value: str, code: str, words: str) -> None:
    report = mutate("4.0.0", DERBY, set_line(value))

    [issue] = [i for i in report.issues if i.path == LINE]
    assert (issue.code, issue.severity) == (code, "error")
    assert issue.message.startswith(f"The {DRAYCOTT} ")
    assert words in issue.message


def test_a_polygon_crossing_itself_is_advice_the_service_would_accept(mutate) -> None:
    report = mutate(*POLY, lambda d: place(d)["polygon"].__setitem__("polygon", BOWTIE))

    assert [(i.code, i.path, i.severity) for i in report.issues] == [
        ("polygon_crosses_itself", AREA, "advice")
    ]
    assert report.is_valid
    assert report.issues[0].message.startswith("The outline of the polygon of the place 'Tower")
    assert report.issues[0].service is None  # the service says nothing of it


def test_a_line_whose_points_are_the_same_is_accepted_without_advice(mutate) -> None:
    # DfT's own examples use one for a place on a street; the service accepts it.
    report = mutate("4.0.0", DERBY, set_line("SRID=27700;LINESTRING(320620 124993, 320620 124993)"))

    assert report.issues == []


def test_a_search_area_may_spell_the_srid_loosely() -> None:
    area = "srid=27700;POLYGON((100 100, 200 100, 200 200, 100 200, 100 100))"

    assert check_wkt(area, ("POLYGON",), label="area") == []
    assert [p.code for p in check_wkt(area, ("POLYGON",), label="area", exact_prefix=True)] == [
        "srid_not_27700"
    ]
