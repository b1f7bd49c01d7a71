"""Draw regulated places as a small SVG: the one renderer for an order's page and the works map.

British National Grid (EPSG:27700) is already a flat metric grid, so no projection library
is needed: we fit every shape into one viewBox and flip the y axis (north is up on a map,
down in SVG). No external map tiles: the preview shows shape and extent, not streets.
Geometry is read by `dtro_validation.geometry` (shapely); this module only draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from dtro_validation.document_parts import geometries_of, places_of, provision_list_of
from dtro_validation.geometry import GeometryError, read_ewkt, split_srid, srid_of

Coordinate = tuple[float, float]
# Upper bound on vertices drawn: a preview does not need every kerb point of a huge order.
MAX_POINTS = 20_000


@dataclass
class Shape:
    """One simple geometry: kind is "point", "line" or "polygon"; rings for polygons."""

    kind: str
    rings: list[list[Coordinate]]
    label: str = ""


@dataclass
class Geometry:
    srid: int | None
    shapes: list[Shape] = field(default_factory=list)


def _ring(coordinates: Any) -> list[Coordinate]:
    return [(float(x), float(y)) for x, y in shapely.get_coordinates(coordinates).tolist()]


def shapes_of(geometry: BaseGeometry) -> list[Shape]:
    """The simple parts of a geometry, as points, lines and polygons with their rings."""
    shapes: list[Shape] = []
    for part in shapely.get_parts(geometry).tolist():
        if isinstance(part, shapely.Point):
            shapes.append(Shape("point", [_ring(part)]))
        elif isinstance(part, shapely.LineString):
            shapes.append(Shape("line", [_ring(part)]))
        elif isinstance(part, shapely.Polygon):
            rings = [part.exterior, *part.interiors]
            shapes.append(Shape("polygon", [_ring(r) for r in rings]))
    return shapes


def parse_wkt(text: str) -> Geometry:
    """(E)WKT read for drawing: POINT, LINESTRING, POLYGON and their MULTI forms, any SRID.

    Open rings are closed rather than refused: a draft's preview should still show them.
    """
    geometry = read_ewkt(text, mend=True)
    prefix, _wkt = split_srid(text)
    return Geometry(srid=srid_of(prefix), shapes=shapes_of(geometry))


def wkt_in_document(document: Any) -> Iterator[tuple[str, str]]:
    """(label, WKT) for every regulated place geometry in an envelope, any data-spec version."""
    for index, provision in enumerate(provision_list_of(document)):
        for place in places_of(provision):
            label = str(place.get("description") or f"Provision {index + 1}")
            for _member, text in geometries_of(place):
                yield label, text


@dataclass
class SvgShape:
    kind: str
    label: str
    points: str = ""  # "x,y x,y" for polylines; a path for polygons
    cx: float = 0.0
    cy: float = 0.0


@dataclass
class SvgPreview:
    view_box: str
    width: float
    height: float
    shapes: list[SvgShape]
    point_radius: float
    stroke_width: float
    unreadable: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.shapes


Projection = Callable[[float, float], tuple[float, float]]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg_points(coordinates: Iterable[Coordinate], project: Projection) -> str:
    """ "x,y x,y ..." in SVG units, to a tenth of a unit, for polyline and path data."""
    return " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in (project(x, y) for x, y in coordinates))


def svg_preview(geometries: Iterable[tuple[str, str]], *, size: float = 400.0) -> SvgPreview:
    """Fit every shape into a `size`-wide viewBox (with a margin), y flipped to point north."""
    parsed: list[Shape] = []
    unreadable = 0
    budget = MAX_POINTS
    for label, text in geometries:
        try:
            geometry = parse_wkt(text)
        except GeometryError:
            unreadable += 1
            continue
        for shape in geometry.shapes:
            shape.label = label
            count = sum(len(r) for r in shape.rings)
            if count > budget:
                continue
            budget -= count
            parsed.append(shape)
    xs = [x for s in parsed for r in s.rings for x, _ in r]
    ys = [y for s in parsed for r in s.rings for _, y in r]
    if not xs:
        return SvgPreview("0 0 1 1", size, size, [], 1, 1, unreadable)
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    # A lone point or a very thin line still gets a sensible square around it (50 m).
    span = max(max_x - min_x, max_y - min_y, 50.0)
    scale = size / span
    width = max((max_x - min_x) * scale, size * 0.5)
    height = max((max_y - min_y) * scale, size * 0.5)
    margin = size * 0.05
    off_x = (width - (max_x - min_x) * scale) / 2
    off_y = (height - (max_y - min_y) * scale) / 2

    def project(x: float, y: float) -> tuple[float, float]:
        return (margin + off_x + (x - min_x) * scale, margin + off_y + (max_y - y) * scale)

    shapes: list[SvgShape] = []
    for shape in parsed:
        if shape.kind == "point":
            cx, cy = project(*shape.rings[0][0])
            shapes.append(SvgShape("point", shape.label, cx=round(cx, 1), cy=round(cy, 1)))
        elif shape.kind == "line":
            points = svg_points(shape.rings[0], project)
            shapes.append(SvgShape("line", shape.label, points=points))
        else:
            path = " ".join(
                "M" + svg_points(ring, project).replace(" ", " L") + " Z"
                for ring in shape.rings
                if ring
            )
            shapes.append(SvgShape("polygon", shape.label, points=path))
    total_w, total_h = width + 2 * margin, height + 2 * margin
    return SvgPreview(
        view_box=f"0 0 {_fmt(total_w)} {_fmt(total_h)}",
        width=round(total_w, 1),
        height=round(total_h, 1),
        shapes=shapes,
        point_radius=round(size * 0.015, 1),
        stroke_width=round(size * 0.008, 1),
        unreadable=unreadable,
    )


def document_preview(document: Any) -> SvgPreview:
    return svg_preview(wkt_in_document(document))
