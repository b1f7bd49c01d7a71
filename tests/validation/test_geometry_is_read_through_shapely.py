"""One geometry module: EWKT read by shapely, plain-English problems, EWKT written back."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dtro_validation.geometry import (
    GeometryError,
    GeometryField,
    bounds_of,
    check_many,
    check_wkt,
    from_geojson,
    from_pairs,
    kind_of,
    read_ewkt,
    to_ewkt,
)

LINES = ("LINESTRING", "MULTILINESTRING")
AREAS = ("POLYGON", "MULTIPOLYGON")
POINTS = ("POINT", "MULTIPOINT")

SAMPLES = [
    ("SRID=27700;LINESTRING(444284 333253, 444290 333260)", LINES),
    ("SRID=27700;LINESTRING (444284 333253, 444290 333260)", LINES),
    ("SRID=27700;LINESTRING(444284 333253 12, 444290 333260 13)", LINES),
    ("SRID=27700;LINESTRING(444284 333253)", LINES),
    ("SRID=27700;LINESTRING(444284 333253, 444290)", LINES),
    ("SRID=27700;LINESTRING EMPTY", LINES),
    ("SRID=27700;LINESTRING(0 500000, 10 500010)", LINES),
    ("SRID=27700;LINESTRING(0 500000, 0 500010)", LINES),
    ("SRID=27700;MULTILINESTRING((1 2, 3 4), (5 6))", LINES),
    ("SRID=4326;LINESTRING(-1.3 52.9, -1.31 52.91)", LINES),
    ("LINESTRING(444284 333253, 444290 333260)", LINES),
    ("SRID=27700;LINE(1 1)", LINES),
    ("SRID=27700;POINT(-50000 50000)", POINTS),
    ("SRID=27700;POINT(0 500000)", POINTS),
    ("SRID=27700;POINT(NaN 500000)", POINTS),
    ("SRID=27700;POINT M (1 2 3)", POINTS),
    ("SRID=27700;MULTIPOINT(1 2, 3 4)", POINTS),
    ("SRID=27700;POINT(1 2)", ("LINESTRING",)),
    ("SRID=27700;POLYGON((1 1, 2 1, 1 1))", AREAS),
    ("SRID=27700;POLYGON((322493 124517, 322511 124533, 322570 124558))", AREAS),
    ("SRID=27700;POLYGON((1 1, 9 1, 9 9, 1 1), (2 2, 3 2, 2 2))", AREAS),
    ("SRID=27700;MULTIPOLYGON(((1 1, 2 1, 2 2, 1 1)), ((5 5, 6 5, 5 5)))", AREAS),
    ("SRID=27700;MULTIPOLYGON(((1 1, 2 1, 2 2, 1 1)), ((5 5, 6 5, 6 6, 7 7)))", AREAS),
    ("SRID=27700;POLYGON((1 1, 9 1, 9 9, 1 1))", AREAS),
]


def test_the_fast_pass_gives_exactly_what_one_by_one_checking_gives() -> None:
    fields = [GeometryField(value, allowed, "line") for value, allowed in SAMPLES]
    assert check_many(fields) == [check_wkt(f.value, f.allowed, label=f.label) for f in fields]


@pytest.mark.parametrize(
    ("value", "allowed", "codes"),
    [
        ("SRID=27700;LINESTRING(444284 333253, 444290 333260)", LINES, []),
        ("SRID=27700;LINESTRING(444284 333253)", LINES, ["linestring_too_few_points"]),
        ("SRID=27700;LINESTRING(444284 333253, 444290)", LINES, ["wkt_invalid"]),
        ("SRID=27700;LINESTRING EMPTY", LINES, ["wkt_invalid"]),
        ("SRID=27700;LINESTRING(0 500000, 10 500010)", LINES, []),
        ("SRID=27700;LINESTRING(0 500000, 0 500010)", LINES, ["outside_great_britain"]),
        (
            "SRID=4326;LINESTRING(-1.3 52.9, -1.31 52.91)",
            LINES,
            ["srid_not_27700", "outside_great_britain"],
        ),
        ("SRID=27700;POINT(0 500000)", POINTS, ["outside_great_britain"]),
        ("SRID=27700;POINT(NaN 500000)", POINTS, ["wkt_invalid"]),
        ("SRID=27700;POINT(1 2)", ("LINESTRING",), ["geometry_type_not_allowed"]),
        ("SRID=27700;POLYGON((1 1, 2 1, 1 1))", AREAS, ["polygon_too_few_points"]),
        (
            "SRID=27700;MULTIPOLYGON(((1 1, 2 1, 2 2, 1 1)), ((5 5, 6 5, 6 6, 7 7)))",
            AREAS,
            ["polygon_not_closed"],
        ),
    ],
)
def test_each_problem_has_its_code(value: str, allowed: tuple[str, ...], codes: list[str]) -> None:
    assert [p.code for p in check_wkt(value, allowed, label="line")] == codes


def test_the_messages_stay_plain_english() -> None:
    (closed,) = check_wkt(
        "SRID=27700;POLYGON((322493 124517, 322511 124533, 322570 124558, 322587 124497))",
        AREAS,
        label="area",
    )
    assert closed.message == (
        "The area is not closed: its last point must be the same as its first point "
        "(322493 124517)."
    )
    (syntax,) = check_wkt("SRID=27700;LINESTRING(1 2, 3)", LINES, label="line")
    assert syntax.message == (
        "The line is not valid WKT. Each coordinate needs an easting and a northing separated "
        "by a space, coordinates separated by commas, inside brackets, for example "
        "LINESTRING(444284 333253, 444290 333260)."
    )
    (srid,) = check_wkt("SRID=4326;POINT(1 2)", POINTS, label="point")
    assert srid.message == (
        "The point must use British National Grid coordinates and start with 'SRID=27700;' "
        "(found SRID=4326)."
    )


def test_geojson_and_picked_pairs_are_written_as_the_service_expects() -> None:
    line = from_geojson({"type": "LineString", "coordinates": [[323464, 124595], [323544.5, 2]]})
    assert to_ewkt(line, precision=2) == "SRID=27700;LINESTRING(323464 124595, 323544.5 2)"
    points = from_geojson({"type": "MultiPoint", "coordinates": [[1, 2], [3.456, 4]]})
    assert to_ewkt(points, precision=2) == "SRID=27700;MULTIPOINT((1 2), (3.46 4))"
    area = from_pairs("polygon", [(0, 0), (1, 0), (1, 1)])
    assert to_ewkt(area, precision=3) == "SRID=27700;POLYGON((0 0, 1 0, 1 1, 0 0))"
    with pytest.raises(GeometryError):
        from_geojson({"type": "Nonsense"})


def test_kinds_bounds_and_drawing_reads() -> None:
    assert kind_of("SRID=27700;MULTIPOLYGON(((1 1, 2 1, 2 2, 1 1)))") == "polygon"
    assert kind_of("SRID=27700; point (1 2)") == "point"
    assert kind_of("CIRCLE(1 2)") == ""
    assert bounds_of("SRID=27700;LINESTRING(1 2, 3 4)") == (1.0, 2.0, 3.0, 4.0)
    assert bounds_of("nonsense") is None
    # Drawing mends an open ring; checking does not.
    assert read_ewkt("POLYGON((0 0, 1 0, 1 1))", mend=True).geom_type == "Polygon"
    with pytest.raises(GeometryError):
        read_ewkt("POLYGON((0 0, 1 0, 1 1))")


def test_validation_geometry_imports_nothing_of_the_portal() -> None:
    code = (
        "import sys, dtro_validation.geometry, dtro_validation.document_parts\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('dtro_app', 'portal', 'frontend', 'sandbox', 'streetworks')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
