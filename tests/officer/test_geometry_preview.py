"""WKT in SRID 27700 is parsed and fitted into an SVG viewBox, north up."""

from __future__ import annotations

import pytest

from dtro_app.orders.preview import parse_wkt, svg_preview
from dtro_validation.geometry import GeometryError


def test_it_reads_every_geometry_type_with_or_without_srid():
    assert parse_wkt("SRID=27700;POINT(444284 333253)").srid == 27700
    assert parse_wkt("POINT (1 2)").shapes[0].rings == [[(1.0, 2.0)]]
    assert len(parse_wkt("SRID=27700;LINESTRING(1 2, 3 4, 5 6)").shapes[0].rings[0]) == 3
    polygon = parse_wkt("POLYGON((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))").shapes[0]
    assert polygon.kind == "polygon" and len(polygon.rings) == 2
    assert len(parse_wkt("MULTIPOINT((1 2), (3 4))").shapes) == 2
    assert len(parse_wkt("MULTIPOINT(1 2, 3 4)").shapes) == 2
    assert len(parse_wkt("MULTILINESTRING((1 2, 3 4), (5 6, 7 8))").shapes) == 2
    assert (
        len(parse_wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))").shapes) == 2
    )


@pytest.mark.parametrize(
    "text", ["", "CIRCLE(1 2)", "POINT(1)", "LINESTRING((1 2, 3 4)", "POINT x"]
)
def test_it_refuses_what_it_cannot_draw(text):
    with pytest.raises(GeometryError):
        parse_wkt(text)


def test_the_drawing_fits_the_viewbox_with_north_at_the_top():
    preview = svg_preview([("Road", "SRID=27700;LINESTRING(1000 1000, 1000 1400)")])
    (line,) = preview.shapes
    (x1, y1), (x2, y2) = [tuple(map(float, p.split(","))) for p in line.points.split()]
    assert y1 > y2  # the northern end is drawn higher up
    _, _, width, height = map(float, preview.view_box.split())
    for x, y in ((x1, y1), (x2, y2)):
        assert 0 <= x <= width and 0 <= y <= height


def test_unreadable_geometry_is_counted_not_fatal():
    preview = svg_preview([("Bad", "LINESTRING(oops)"), ("Stop", "POINT(5 5)")])
    assert preview.unreadable == 1
    assert [s.kind for s in preview.shapes] == ["point"]
