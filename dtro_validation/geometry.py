"""The one place geometry is read and written: the D-TRO service's EWKT strings, through shapely.

The service takes British National Grid (EPSG:27700) geometry as `SRID=27700;` EWKT. GEOS
(shapely) reads it; this module adds what GEOS cannot say: *why* a string is wrong, in plain
English, and whether it lies inside Great Britain. Every other package (validation, the
portal, the sandbox, Street Manager pre-fill) calls these functions rather than parsing WKT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry.base import BaseGeometry

SRID_PREFIX = "SRID=27700;"
GB_MAX_X = 700_000.0
GB_MAX_Y = 1_300_000.0
GREAT_BRITAIN = shapely.box(0.0, 0.0, GB_MAX_X, GB_MAX_Y)
shapely.prepare(GREAT_BRITAIN)

#: WKT type name -> GEOS type id, for the types the service accepts.
TYPE_IDS = {
    "POINT": 0,
    "LINESTRING": 1,
    "POLYGON": 3,
    "MULTIPOINT": 4,
    "MULTILINESTRING": 5,
    "MULTIPOLYGON": 6,
}
_POINT_TYPES = ("POINT", "MULTIPOINT")
_POLYGON_TYPES = ("POLYGON", "MULTIPOLYGON")
_POLYGON_IDS = (TYPE_IDS["POLYGON"], TYPE_IDS["MULTIPOLYGON"])
# Only the leading type name is read by hand, to say which type a broken string meant.
_TYPE_RE = re.compile(r"\s*([A-Za-z]+)\s*")
# The innermost bracketed coordinate lists: a polygon's rings, to say which ring is wrong.
_RING_TEXT_RE = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class GeometryProblem:
    code: str
    message: str
    #: The service accepts it (so it must not block), but an officer should look again.
    advice: bool = False


def place_label(kind: str, provision: int, place: int, description: Any = None) -> str:
    """Which geometry a message is about: "line of the place 'High Street' (provision 2)"."""
    if isinstance(description, str) and description.strip():
        name = description.strip()
        name = name if len(name) <= 60 else name[:59] + "…"
        return f"{kind} of the place '{name}' (provision {provision + 1})"
    return f"{kind} of place {place + 1} of provision {provision + 1}"


class GeometryError(ValueError):
    """The text is not geometry that can be read."""


def split_srid(value: str) -> tuple[str, str]:
    """(`SRID=...` prefix or "", WKT) of an EWKT string."""
    semi = value.rfind(";")
    if semi < 0:
        return "", value
    return value[:semi].strip(), value[semi + 1 :]


def srid_of(prefix: str) -> int | None:
    """27700 for "SRID=27700" (spaces and case ignored); None for anything else."""
    name, _, number = prefix.replace(" ", "").upper().partition("=")
    return int(number) if name == "SRID" and number.isdigit() else None


def read_ewkt(value: str, *, mend: bool = False) -> BaseGeometry:
    """The geometry of (E)WKT, any SRID. `mend` closes open rings (for drawing, not checking)."""
    if not isinstance(value, str) or not value.strip():
        raise GeometryError("Empty geometry")
    _prefix, wkt = split_srid(value)
    try:
        geometry = shapely.from_wkt(wkt, on_invalid="fix" if mend else "raise")
    except GEOSException as error:
        raise GeometryError(str(error)) from error
    if geometry is None or geometry.is_empty or type_name(geometry) not in TYPE_IDS:
        raise GeometryError(f"Not a geometry the service accepts: {value[:40]!r}")
    return geometry


def type_name(geometry: BaseGeometry) -> str:
    """ "POINT", "MULTILINESTRING" and so on."""
    return str(geometry.geom_type).upper()


def kind_of(value: str) -> str:
    """`point`, `linestring` or `polygon` from an EWKT string's type name (multi included);
    "" when it names none of them."""
    head = _TYPE_RE.match(split_srid(value or "")[1])
    name = head.group(1).upper() if head else ""
    if name not in TYPE_IDS:
        return ""
    return name.removeprefix("MULTI").lower()


def to_ewkt(geometry: BaseGeometry, *, precision: int) -> str:
    """`SRID=27700;` EWKT, `precision` decimal places at most, 2D, as the service writes it."""
    text = shapely.to_wkt(geometry, rounding_precision=precision, trim=True, output_dimension=2)
    # "LINESTRING (1 2, 3 4)" -> "LINESTRING(1 2, 3 4)": no space after the type name.
    return SRID_PREFIX + str(text).replace(" (", "(", 1)


def from_geojson(geometry: dict[str, Any]) -> BaseGeometry:
    """A GeoJSON geometry object as shapely geometry (no reprojection)."""
    try:
        return shapely.geometry.shape(geometry)
    except (AttributeError, IndexError, KeyError, ShapelyError, TypeError, ValueError) as error:
        raise GeometryError(f"Not a GeoJSON geometry: {error}") from error


def from_pairs(kind: str, pairs: Sequence[tuple[float, float]]) -> BaseGeometry:
    """Easting/northing pairs as a point, a line or a polygon (closed for you)."""
    try:
        if kind == "point":
            return shapely.Point(pairs[0])
        if kind == "polygon":
            ring = list(pairs)
            if ring and ring[0] != ring[-1]:
                ring.append(ring[0])
            return shapely.Polygon(ring)
        return shapely.LineString(pairs)
    except (GEOSException, IndexError, ValueError) as error:
        raise GeometryError(f"Too few points for a {kind}: {error}") from error


def distance_to_line(point: tuple[float, float], line: Sequence[Sequence[float]]) -> float:
    """Metres from an easting/northing to the nearest part of a line (British National Grid)."""
    return float(shapely.Point(point).distance(shapely.LineString(line)))


def bounds_of(value: str) -> tuple[float, float, float, float] | None:
    """(min x, min y, max x, max y) of an EWKT string; None when it cannot be read."""
    try:
        geometry = read_ewkt(value, mend=True)
    except GeometryError:
        return None
    min_x, min_y, max_x, max_y = geometry.bounds
    return (min_x, min_y, max_x, max_y)


def _strictly_inside(bounds: Any) -> Any:
    """Per row of (min x, min y, max x, max y): inside GB's box, touching no edge."""
    min_x, min_y, max_x, max_y = bounds.T
    return (min_x > 0) & (min_y > 0) & (max_x < GB_MAX_X) & (max_y < GB_MAX_Y)


def _outside_great_britain(geometry: BaseGeometry, kind: str) -> bool:
    """Mirrors NetTopologySuite's Contains, as the service uses it: a line or polygon may touch
    the edge of the box but must reach inside it; a point on the edge is outside."""
    if bool(_strictly_inside(np.array([geometry.bounds]))[0]):
        return False
    if kind in _POINT_TYPES:
        return True
    return not bool(shapely.contains(GREAT_BRITAIN, geometry))


def _shortest_rings(geometries: Any) -> Any:
    """The fewest coordinates in any ring of each polygon (a large number for non-polygons)."""
    fewest = np.full(len(geometries), np.iinfo(np.int64).max, dtype=np.int64)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    rings, index = shapely.get_rings(parts, return_index=True)
    if len(rings):
        np.minimum.at(fewest, owner[index], shapely.get_num_coordinates(rings))
    return fewest


def _ring_problem(wkt: str, label: str) -> GeometryProblem | None:
    """The first ring with too few points or not closed, read ring by ring."""
    texts = _RING_TEXT_RE.findall(wkt)
    rings = shapely.from_wkt([f"LINESTRING({t})" for t in texts], on_invalid="ignore")
    for ring in rings:
        if ring is None:
            return None
        coordinates = shapely.get_coordinates(ring)
        if len(coordinates) < 4:
            return GeometryProblem(
                "polygon_too_few_points",
                f"The {label} has a ring with fewer than four points; a polygon needs "
                f"at least three corners and must end where it starts.",
            )
        first, last = coordinates[0], coordinates[-1]
        if first[0] != last[0] or first[1] != last[1]:
            return GeometryProblem(
                "polygon_not_closed",
                f"The {label} is not closed: its last point must be the same as its "
                f"first point ({first[0]:g} {first[1]:g}).",
            )
    return None


def _syntax_problem(kind: str, label: str) -> GeometryProblem:
    ring = "POLYGON" in kind
    if kind == "POINT":
        # Two pairs in a POINT land here; the example must not show two pairs.
        return GeometryProblem(
            "wkt_invalid",
            f"The {label} is not valid WKT. A point has exactly one coordinate pair, an easting "
            f"and a northing separated by a space, for example POINT(444284 333253).",
        )
    return GeometryProblem(
        "wkt_invalid",
        f"The {label} is not valid WKT. Each coordinate needs an easting and a northing "
        f"separated by a space, coordinates separated by commas, inside brackets, "
        f"for example {kind}("
        + ("(" if ring else "")
        + "444284 333253, 444290 333260"
        + (")" if ring else "")
        + ").",
    )


def _readable(geometry: BaseGeometry) -> bool:
    """Not empty, no measure (M) values, every coordinate a finite number."""
    if geometry.is_empty or shapely.has_m(geometry):
        return False
    return bool(np.isfinite(shapely.get_coordinates(geometry)).all())


def check_wkt(
    value: str, allowed: tuple[str, ...], *, label: str, exact_prefix: bool = False
) -> list[GeometryProblem]:
    """Problems with one EWKT string; `allowed` lists geometry types valid for this field.

    With `exact_prefix`, as the service checks a D-TRO: the text before the first `;` must be
    exactly `SRID=27700` (no spaces, capitals). Without it (a search area) any spelling of
    SRID 27700 will do."""
    problems: list[GeometryProblem] = []
    prefix, wkt = split_srid(value)
    if srid_of(prefix) != 27700:
        shown = prefix or "no SRID"
        problems.append(
            GeometryProblem(
                "srid_not_27700",
                f"The {label} must use British National Grid coordinates and start with "
                f"'SRID=27700;' (found {shown}).",
            )
        )
    elif exact_prefix and value.split(";", 1)[0] != "SRID=27700":
        problems.append(
            GeometryProblem(
                "srid_not_27700",
                f"The {label} must start with exactly 'SRID=27700;', in capitals and without "
                f"spaces (found '{value.split(';', 1)[0]};'); the D-TRO service reads nothing "
                f"else.",
            )
        )
    head = _TYPE_RE.match(wkt)
    kind = head.group(1).upper() if head else ""
    if kind not in TYPE_IDS:
        problems.append(
            GeometryProblem(
                "wkt_invalid",
                f"The {label} is not valid WKT: it should start with one of {', '.join(allowed)}.",
            )
        )
        return problems
    if kind not in allowed:
        problems.append(
            GeometryProblem(
                "geometry_type_not_allowed",
                f"The {label} is a {kind}, but only {' or '.join(allowed)} is allowed here "
                f"for this schema version.",
            )
        )
        return problems
    geometry: BaseGeometry | None = None
    ring_problem: GeometryProblem | None = None
    try:
        geometry = shapely.from_wkt(wkt)
    except GEOSException as error:
        reason = str(error)
        if kind in ("LINESTRING", "MULTILINESTRING") and "must contain 0 or >1" in reason:
            problems.append(
                GeometryProblem(
                    "linestring_too_few_points",
                    f"The {label} has only one point; a line needs at least two.",
                )
            )
            return problems
        ring_problem = _ring_problem(wkt, label) if kind in _POLYGON_TYPES else None
        if ring_problem is None:
            problems.append(_syntax_problem(kind, label))
            return problems
        problems.append(ring_problem)
        # Read it again with its rings closed, so the position is still checked.
        geometry = shapely.from_wkt(wkt, on_invalid="fix")
        if geometry is None:
            return problems
    if geometry is None or not _readable(geometry):
        problems.append(_syntax_problem(kind, label))
        return problems
    # GEOS reads a closed three-point ring; the service needs at least four points.
    if ring_problem is None and _shortest_rings(np.array([geometry]))[0] < 4:
        ring_problem = _ring_problem(wkt, label)
        if ring_problem is not None:
            problems.append(ring_problem)
    if _outside_great_britain(geometry, kind):
        problems.append(
            GeometryProblem(
                "outside_great_britain",
                f"The {label} has coordinates outside Great Britain. Eastings must be between 0 "
                f"and 700000 and northings between 0 and 1300000 (British National Grid).",
            )
        )
    if not problems:
        problems.extend(shape_advice(geometry, label))
    return problems


def shape_advice(geometry: BaseGeometry, label: str) -> list[GeometryProblem]:
    """What the service accepts but is probably a mistake: a polygon whose outline crosses
    itself (maps and area searches cannot tell its inside). A line whose points are all the
    same is not advised on: DfT's own examples use one for a place on a street."""
    kind = type_name(geometry)
    if kind in _POLYGON_TYPES and not bool(shapely.is_valid(geometry)):
        return [
            GeometryProblem(
                "polygon_crosses_itself",
                f"The outline of the {label} crosses or touches itself. The D-TRO service "
                f"accepts this, but maps and area searches may not show the area as meant.",
                advice=True,
            )
        ]
    return []


@dataclass(frozen=True)
class GeometryField:
    """One geometry string to check, with the types its field allows and its plain name."""

    value: str
    allowed: tuple[str, ...]
    label: str


def check_many(fields: Iterable[GeometryField]) -> list[list[GeometryProblem]]:
    """Problems per field, in order. GEOS decides in one vectorised call which are certainly
    fine (so a 5,000-provision order stays fast); only the rest are examined one by one."""
    fields = list(fields)
    if not fields:
        return []
    prefix = len(SRID_PREFIX)
    wkts = [f.value[prefix:] if f.value.startswith(SRID_PREFIX) else "" for f in fields]
    geometries = shapely.from_wkt(wkts, on_invalid="ignore")
    type_ids = shapely.get_type_id(geometries).tolist()
    # Plain Python over short lists: numpy's per-call overhead dominates for a typical order.
    fine = [
        type_id in {TYPE_IDS[k] for k in f.allowed}
        and min_x > 0
        and min_y > 0
        and max_x < GB_MAX_X
        and max_y < GB_MAX_Y
        and not has_m
        for f, type_id, (min_x, min_y, max_x, max_y), has_m in zip(
            fields,
            type_ids,
            shapely.bounds(geometries).tolist(),
            shapely.has_m(geometries).tolist(),
            strict=True,
        )
    ]
    # GEOS reads a closed three-point ring; the service needs four. A polygon without holes
    # shows it in its point count; others (rare) are looked at ring by ring.
    polygons = [i for i, ok in enumerate(fine) if ok and type_ids[i] in _POLYGON_IDS]
    if polygons:
        coordinates = shapely.get_num_coordinates(geometries).tolist()
        holes = shapely.get_num_interior_rings(geometries).tolist()
        for i in polygons:
            if type_ids[i] == TYPE_IDS["POLYGON"] and holes[i] == 0:
                fine[i] = coordinates[i] >= 4
            else:
                fine[i] = bool(_shortest_rings(geometries[i : i + 1])[0] >= 4)
    # Fine for the service; what it accepts but is probably a mistake is looked for in bulk.
    areas = [i for i, ok in enumerate(fine) if ok and type_ids[i] in _POLYGON_IDS]
    crossing: set[int] = set()
    if areas:
        valid = shapely.is_valid(geometries[areas]).tolist()
        crossing = {i for i, ok in zip(areas, valid, strict=True) if not ok}
    return [
        (shape_advice(geometries[i], f.label) if i in crossing else [])
        if ok
        else check_wkt(f.value, f.allowed, label=f.label, exact_prefix=True)
        for i, (f, ok) in enumerate(zip(fields, fine, strict=True))
    ]


def service_error(geom_name: str, coords_key: str, code: str, value: Any) -> dict[str, Any]:
    """The service's own error for a geometry it refuses (its name, message, path, rule)."""
    path = f"Source -> Provision -> RegulatedPlace -> {geom_name} -> {coords_key}"
    if code == "srid_not_27700":
        return {
            "name": "Invalid geometry grid",
            "message": f"Geometry grid linked to '{geom_name}'",
            "path": path,
            "rule": "The WKT string must start with 'SRID=27700'",
        }
    message = (
        f"Geometry grid linked to '{geom_name}'"
        if geom_name in ("PointGeometry", "LinearGeometry")
        else "Indicates that the given coordinates are broadly appropriate"
    )
    return {
        "name": "Invalid coordinates",
        "message": message,
        "path": path,
        "rule": f"Coordinates '{value}' are incorrect or not within Great Britain",
    }
