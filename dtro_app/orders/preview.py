"""Draw a D-TRO's regulated places as a small SVG, straight from their WKT.

British National Grid (EPSG:27700) is already a flat metric grid, so no projection library
is needed: we fit every shape into one viewBox and flip the y axis (north is up on a map,
down in SVG). No external map tiles: the preview shows shape and extent, not streets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dtro_app.orders.document_parts import provision_list_of

Coordinate = tuple[float, float]

_SRID_RE = re.compile(r"^\s*SRID\s*=\s*(\d+)\s*;\s*", re.IGNORECASE)
_TYPE_RE = re.compile(r"^\s*([A-Za-z]+)\s*(?:Z\s*)?", re.IGNORECASE)
_GEOMETRY_KEYS = (
    "point",
    "linestring",
    "directedLineString",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
)
# Upper bound on vertices drawn: a preview does not need every kerb point of a huge order.
MAX_POINTS = 20_000


class WktError(ValueError):
    """The text is not WKT this module can draw."""


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


def _split_top_level(text: str) -> list[str]:
    """Split "(a),(b)" into ["(a)", "(b)"] at depth zero."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise WktError("Unbalanced brackets")
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    if depth != 0:
        raise WktError("Unbalanced brackets")
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _unwrap(text: str) -> str:
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        raise WktError("Expected a bracketed list")
    return text[1:-1]


def _coordinates(text: str) -> list[Coordinate]:
    if "(" in text or ")" in text:
        raise WktError("Unexpected bracket in a coordinate list")
    coords: list[Coordinate] = []
    for pair in text.split(","):
        numbers = pair.split()
        if len(numbers) < 2:
            raise WktError("A coordinate needs an x and a y")
        try:
            coords.append((float(numbers[0]), float(numbers[1])))
        except ValueError as exc:
            raise WktError(f"Not a number: {pair.strip()!r}") from exc
    return coords


def parse_wkt(text: str) -> Geometry:
    """Parse (E)WKT: POINT, LINESTRING, POLYGON and their MULTI forms, with optional SRID."""
    if not isinstance(text, str) or not text.strip():
        raise WktError("Empty geometry")
    srid = None
    match = _SRID_RE.match(text)
    if match:
        srid = int(match.group(1))
        text = text[match.end() :]
    match = _TYPE_RE.match(text)
    if not match:
        raise WktError("Missing geometry type")
    kind = match.group(1).upper()
    if text.count("(") != text.count(")"):
        raise WktError("Unbalanced brackets")
    body = _unwrap(text[match.end() :])
    shapes: list[Shape] = []
    if kind == "POINT":
        shapes.append(Shape("point", [_coordinates(body)[:1]]))
    elif kind == "LINESTRING":
        shapes.append(Shape("line", [_coordinates(body)]))
    elif kind == "POLYGON":
        shapes.append(Shape("polygon", [_coordinates(_unwrap(r)) for r in _split_top_level(body)]))
    elif kind == "MULTIPOINT":
        # Both "MULTIPOINT(1 2, 3 4)" and "MULTIPOINT((1 2), (3 4))" are valid WKT.
        flat = body.replace("(", " ").replace(")", " ")
        shapes.extend(Shape("point", [[c]]) for c in _coordinates(flat))
    elif kind == "MULTILINESTRING":
        shapes.extend(Shape("line", [_coordinates(_unwrap(p))]) for p in _split_top_level(body))
    elif kind == "MULTIPOLYGON":
        for polygon in _split_top_level(body):
            rings = [_coordinates(_unwrap(r)) for r in _split_top_level(_unwrap(polygon))]
            shapes.append(Shape("polygon", rings))
    else:
        raise WktError(f"Unsupported geometry type {kind}")
    return Geometry(srid=srid, shapes=shapes)


def wkt_in_document(document: Any) -> Iterator[tuple[str, str]]:
    """(label, WKT) for every regulated place geometry in an envelope, any data-spec version."""
    for index, provision in enumerate(provision_list_of(document)):
        if not isinstance(provision, dict):
            continue
        places = provision.get("regulatedPlace")
        for place in places if isinstance(places, list) else []:
            if not isinstance(place, dict):
                continue
            label = str(place.get("description") or f"Provision {index + 1}")
            for value in place.values():
                if not isinstance(value, dict):
                    continue
                for key in _GEOMETRY_KEYS:
                    if isinstance(value.get(key), str):
                        yield label, value[key]


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


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg_preview(geometries: Iterable[tuple[str, str]], *, size: float = 400.0) -> SvgPreview:
    """Fit every shape into a `size`-wide viewBox (with a margin), y flipped to point north."""
    parsed: list[Shape] = []
    unreadable = 0
    budget = MAX_POINTS
    for label, text in geometries:
        try:
            geometry = parse_wkt(text)
        except WktError:
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
            points = " ".join(
                f"{_fmt(px)},{_fmt(py)}" for px, py in (project(x, y) for x, y in shape.rings[0])
            )
            shapes.append(SvgShape("line", shape.label, points=points))
        else:
            path = " ".join(
                "M"
                + " L".join(f"{_fmt(px)},{_fmt(py)}" for px, py in (project(x, y) for x, y in ring))
                + " Z"
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
