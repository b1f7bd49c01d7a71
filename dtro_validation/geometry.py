"""A small, fast WKT reader for the geometry the D-TRO service accepts.

Regular expressions do the syntax check in C, so a 10 MB D-TRO's geometry is checked in a few
milliseconds (shapely's `from_wkt` was slower here, and cannot report *why* a string is wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SRID_PREFIX = "SRID=27700;"
GB_MAX_X = 700_000.0
GB_MAX_Y = 1_300_000.0

# Possessive quantifiers: no backtracking, so hostile input cannot make matching slow.
_NUM = r"[-+]?+(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][-+]?+\d++)?+"
_PAIR = rf"{_NUM}\s+{_NUM}(?:\s+{_NUM})?"  # an optional height (Z) is allowed
_SEQ = rf"\s*{_PAIR}\s*(?:,\s*{_PAIR}\s*)*"
_RING = rf"\s*\({_SEQ}\)\s*"
_RINGS = rf"\s*\({_RING}(?:,{_RING})*\)\s*"
_TYPE_RE = re.compile(r"\s*([A-Za-z]+)\s*")
_BODY = {
    "POINT": re.compile(rf"\({_SEQ}\)\s*"),
    "LINESTRING": re.compile(rf"\({_SEQ}\)\s*"),
    "POLYGON": re.compile(rf"\({_RING}(?:,{_RING})*\)\s*"),
    "MULTIPOINT": re.compile(rf"\((?:{_SEQ}|{_RING}(?:,{_RING})*)\)\s*"),
    "MULTILINESTRING": re.compile(rf"\({_RING}(?:,{_RING})*\)\s*"),
    "MULTIPOLYGON": re.compile(rf"\({_RINGS}(?:,{_RINGS})*\)\s*"),
}
_NUM_RE = re.compile(_NUM)
_PART_RE = re.compile(r"\(([^()]*)\)")
_POLY_RE = re.compile(r"\(\s*((?:\([^()]*\)\s*,?\s*)+)\)")


@dataclass(frozen=True)
class GeometryProblem:
    code: str
    message: str


_SEPARATORS = str.maketrans("(),", "   ")
_RING_BREAK = re.compile(r"\)\s*,")


def _pairs(text: str) -> list[float]:
    """Flat [x0, y0, x1, y1, ...] of a syntactically valid coordinate text (Z dropped)."""
    nums = list(map(float, text.translate(_SEPARATORS).split()))
    coordinates = text.count(",") - len(_RING_BREAK.findall(text)) + len(_PART_RE.findall(text))
    if len(nums) == 2 * coordinates:
        return nums
    if len(nums) == 3 * coordinates:
        return [v for i, v in enumerate(nums) if i % 3 != 2]
    out: list[float] = []  # mixed 2D and 3D coordinates: rare, so the slow way
    for chunk in re.split(r"[(),]", text):
        parts = chunk.split()
        if len(parts) >= 2:
            out.extend((float(parts[0]), float(parts[1])))
    return out


_coords = _pairs


def _outside(values: list[float], strict: bool) -> bool:
    """True when the vertices are not inside GB's box 0-700000 x 0-1300000 (EPSG:27700).

    Mirrors NetTopologySuite's Contains: a point on the edge is outside; a line or polygon may
    touch the edge but must reach inside it.
    """
    xs, ys = values[0::2], values[1::2]
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    if lo_x > 0 and hi_x < GB_MAX_X and lo_y > 0 and hi_y < GB_MAX_Y:
        return False
    if lo_x < 0 or hi_x > GB_MAX_X or lo_y < 0 or hi_y > GB_MAX_Y:
        return True
    if strict:
        return True
    inside = any(0 < x < GB_MAX_X and 0 < y < GB_MAX_Y for x, y in zip(xs, ys, strict=True))
    if inside:
        return False
    mids = (((xs[i] + xs[i + 1]) / 2, (ys[i] + ys[i + 1]) / 2) for i in range(len(xs) - 1))
    return not any(0 < x < GB_MAX_X and 0 < y < GB_MAX_Y for x, y in mids)


def check_wkt(value: str, allowed: tuple[str, ...], *, label: str) -> list[GeometryProblem]:
    """Problems with one EWKT string; `allowed` lists geometry types valid for this field."""
    problems: list[GeometryProblem] = []
    semi = value.rfind(";")
    prefix = value[:semi].strip() if semi >= 0 else ""
    wkt = value[semi + 1 :] if semi >= 0 else value
    if prefix.replace(" ", "").upper() != "SRID=27700":
        shown = prefix or "no SRID"
        problems.append(
            GeometryProblem(
                "srid_not_27700",
                f"The {label} must use British National Grid coordinates and start with "
                f"'SRID=27700;' (found {shown}).",
            )
        )
    head = _TYPE_RE.match(wkt)
    kind = head.group(1).upper() if head else ""
    if kind not in _BODY:
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
    body = wkt[head.end() :]
    if not _BODY[kind].fullmatch(body):
        problems.append(
            GeometryProblem(
                "wkt_invalid",
                f"The {label} is not valid WKT. Each coordinate needs an easting and a northing "
                f"separated by a space, coordinates separated by commas, inside brackets, "
                f"for example {kind}("
                + ("(" if "POLYGON" in kind else "")
                + "444284 333253, 444290 333260"
                + (")" if "POLYGON" in kind else "")
                + ").",
            )
        )
        return problems
    values = _coords(body)
    if kind in ("LINESTRING", "MULTILINESTRING"):
        parts = [body] if kind == "LINESTRING" else _PART_RE.findall(body)
        for part in parts:
            if part.count(",") < 1:
                problems.append(
                    GeometryProblem(
                        "linestring_too_few_points",
                        f"The {label} has only one point; a line needs at least two.",
                    )
                )
                break
    elif kind in ("POLYGON", "MULTIPOLYGON"):
        for ring in _PART_RE.findall(body):
            nums = _coords(ring)
            if len(nums) < 8:
                problems.append(
                    GeometryProblem(
                        "polygon_too_few_points",
                        f"The {label} has a ring with fewer than four points; a polygon needs "
                        f"at least three corners and must end where it starts.",
                    )
                )
                break
            if nums[0:2] != nums[-2:]:
                problems.append(
                    GeometryProblem(
                        "polygon_not_closed",
                        f"The {label} is not closed: its last point must be the same as its "
                        f"first point ({nums[0]:g} {nums[1]:g}).",
                    )
                )
                break
    if values and _outside(values, strict=kind in ("POINT", "MULTIPOINT")):
        problems.append(
            GeometryProblem(
                "outside_great_britain",
                f"The {label} has coordinates outside Great Britain. Eastings must be between 0 "
                f"and 700000 and northings between 0 and 1300000 (British National Grid).",
            )
        )
    return problems
