"""Making an oversized D-TRO smaller, as DfT advises (service/efficient_representation_...).

Three things, and nothing else in the document changes:

- **merge**: regulated places of one provision that differ only in their coordinates become
  one place with a MULTI geometry (MULTILINESTRING, MULTIPOINT, MULTIPOLYGON), only from
  data-spec 3.5.0, the first version whose schema and service accept MULTI types;
- **simplify**: lines and polygon rings lose the vertices that lie within `tolerance` metres
  of the simplified shape (Douglas-Peucker, topology-preserving as GEOS does it, so no line or
  outline is made to cross itself; a line keeps its two ends and at least two points, a ring
  at least four);
- **round**: eastings and northings to `decimals` places (British National Grid is metres).

All geometry goes through GEOS in a few vectorised calls (bench/shrink.py measures a 10 MB
order). Only the containers down to each regulated place are copied, not the whole document:
the result shares every unchanged object with the original, so neither may be changed in
place afterwards.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from dtro_validation.document_parts import GEOMETRY_MEMBERS, PROVISION_KEYS, SOURCE_KEYS
from dtro_validation.geometry import SRID_PREFIX, TYPE_IDS
from dtro_validation.registry import version_key

DEFAULT_TOLERANCE_METRES = 5.0
DEFAULT_DECIMALS = 2
#: The first data-spec version whose WKT patterns (and the service) accept MULTI geometries.
MULTI_SINCE = (3, 5, 0)
# The single type a geometry member holds -> its MULTI type (the schema allows only these).
_MEMBER_TYPES = {
    "pointGeometry": ("POINT", "MULTIPOINT"),
    "linearGeometry": ("LINESTRING", "MULTILINESTRING"),
    "directedLinear": ("LINESTRING", "MULTILINESTRING"),
    "polygon": ("POLYGON", "MULTIPOLYGON"),
}
_GZIP_LEVEL = 6


@dataclass(frozen=True)
class ShrinkOptions:
    tolerance: float = DEFAULT_TOLERANCE_METRES
    merge: bool = True
    decimals: int = DEFAULT_DECIMALS


@dataclass(frozen=True)
class Size:
    """A document's size as sent: compact JSON, and gzipped."""

    json_bytes: int
    gzip_bytes: int


@dataclass(frozen=True)
class ShrinkReport:
    before: Size
    after: Size
    points_before: int
    points_after: int
    places_before: int
    places_after: int
    geometries_changed: int
    #: Metres: the furthest any original vertex lies from the new shape (Hausdorff distance).
    max_displacement: float
    merging_allowed: bool
    options: ShrinkOptions

    @property
    def places_merged(self) -> int:
        return self.places_before - self.places_after

    @property
    def saved_percent(self) -> float:
        if not self.before.json_bytes:
            return 0.0
        return 100.0 * (1 - self.after.json_bytes / self.before.json_bytes)

    @property
    def changed(self) -> bool:
        return self.geometries_changed > 0 or self.places_merged > 0


def size_of(document: Any) -> Size:
    raw = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    return Size(len(raw), len(gzip.compress(raw, compresslevel=_GZIP_LEVEL, mtime=0)))


def merging_allowed(document: Any) -> bool:
    """Whether the document's schema version accepts MULTI geometries (3.5.0 and later)."""
    version = document.get("schemaVersion") if isinstance(document, dict) else None
    try:
        return version_key(str(version)) >= MULTI_SINCE
    except (TypeError, ValueError):
        return False


@dataclass
class _Part:
    """One geometry string of one regulated place that can be read and rewritten."""

    places: list[Any]  # the provision's (copied) place list
    index: int  # of the place in that list
    member: str  # pointGeometry, linearGeometry, ...
    text: str
    new_text: str = ""
    inner: str = ""  # the WKT between the type name's brackets, for merging
    rewritten: bool = False  # the document now holds the new shape (alone or merged)


@dataclass
class _Provision:
    places: list[Any]
    parts: list[_Part] = field(default_factory=list)


def _copied_sources(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each source object of `data` (already a copy), itself replaced by a copy."""
    for key in SOURCE_KEYS:
        if isinstance(data.get(key), dict):
            data[key] = dict(data[key])
            yield data[key]
            break
    consultation = data.get("consultation")
    if not isinstance(consultation, dict):
        return
    consultation = data["consultation"] = dict(consultation)
    nested = consultation.get("source")
    if isinstance(nested, dict):
        consultation["source"] = dict(nested)
        yield consultation["source"]
    elif isinstance(nested, list):
        copies = consultation["source"] = [dict(s) if isinstance(s, dict) else s for s in nested]
        yield from (s for s in copies if isinstance(s, dict))


def _provisions(document: dict[str, Any]) -> Iterator[_Provision]:
    """Every provision's regulated places, as copies the caller may rewrite."""
    data = document.get("data")
    if not isinstance(data, dict):
        return
    data = document["data"] = dict(data)
    for source in _copied_sources(data):
        key = next((k for k in PROVISION_KEYS if isinstance(source.get(k), list)), None)
        if key is None:
            continue
        provisions = source[key] = list(source[key])
        for i, provision in enumerate(provisions):
            if not isinstance(provision, dict) or not isinstance(
                provision.get("regulatedPlace"), list
            ):
                continue
            provision = provisions[i] = dict(provision)
            places = provision["regulatedPlace"] = list(provision["regulatedPlace"])
            yield _Provision(places)


def _part_of(places: list[Any], index: int) -> _Part | None:
    """The place's one geometry string, when it has exactly one and it is BNG EWKT."""
    place = places[index]
    if not isinstance(place, dict):
        return None
    members = [m for m in GEOMETRY_MEMBERS if m in place]
    if len(members) != 1 or not isinstance(place[members[0]], dict):
        return None
    text = place[members[0]].get(GEOMETRY_MEMBERS[members[0]])
    if not isinstance(text, str) or not text.startswith(SRID_PREFIX):
        return None
    return _Part(places, index, members[0], text)


def _readable(parts: list[_Part]) -> tuple[list[_Part], Any]:
    """The parts GEOS reads as a type their member allows, 2D only, and their geometries."""
    geometries = shapely.from_wkt([p.text[len(SRID_PREFIX) :] for p in parts], on_invalid="ignore")
    type_ids = shapely.get_type_id(geometries).tolist()
    flat = (~shapely.has_z(geometries) & ~shapely.is_empty(geometries)).tolist()
    keep = [
        i
        for i, (part, type_id, ok) in enumerate(zip(parts, type_ids, flat, strict=True))
        if ok and type_id in {TYPE_IDS[t] for t in _MEMBER_TYPES[part.member]}
    ]
    return [parts[i] for i in keep], geometries[keep]


def _simplified(geometries: Any, tolerance: float) -> Any:
    """Douglas-Peucker keeping topology; any shape GEOS would shrink too far stays as it was."""
    if tolerance <= 0 or not len(geometries):
        return geometries
    shapes = geometries.copy()
    lines = shapely.get_type_id(geometries) != TYPE_IDS["POINT"]
    lines &= shapely.get_type_id(geometries) != TYPE_IDS["MULTIPOINT"]
    simple = shapely.simplify(geometries[lines], tolerance, preserve_topology=True)
    intact = ~shapely.is_empty(simple) & (
        shapely.get_num_geometries(simple) == shapely.get_num_geometries(geometries[lines])
    )
    intact &= _smallest_parts_ok(simple)
    shapes[np.flatnonzero(lines)[intact]] = simple[intact]
    return shapes


def _smallest_parts_ok(geometries: Any) -> Any:
    """Per geometry: every line has 2 points or more, every ring 4 or more."""
    ok = np.ones(len(geometries), dtype=bool)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    if not len(parts):
        return ok
    polygon = shapely.get_type_id(parts) == TYPE_IDS["POLYGON"]
    counts = shapely.get_num_coordinates(parts)
    ok[owner[~polygon & (counts < 2)]] = False
    rings, ring_owner = shapely.get_rings(parts[polygon], return_index=True)
    short = shapely.get_num_coordinates(rings) < 4
    ok[owner[np.flatnonzero(polygon)[ring_owner[short]]]] = False
    return ok


def _place_key(place: dict[str, Any], member: str) -> str:
    """The place with its coordinates left out: equal keys differ only in coordinates."""
    geometry = dict(place[member])
    geometry.pop(GEOMETRY_MEMBERS[member])
    return json.dumps({**place, member: geometry}, sort_keys=True, ensure_ascii=False)


def _merge(provision: _Provision, finals: dict[int, Any]) -> int:
    """Merge the provision's places that differ only in coordinates; how many places went."""
    groups: dict[str, list[_Part]] = {}
    for part in provision.parts:
        key = part.member + _place_key(provision.places[part.index], part.member)
        groups.setdefault(key, []).append(part)
    gone: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        single, multi = _MEMBER_TYPES[group[0].member]
        if single == "POLYGON":
            # Overlapping polygons make an invalid MULTIPOLYGON: leave such places apart.
            polygons = shapely.get_parts([finals[id(p)] for p in group])
            if not shapely.is_valid(shapely.multipolygons(polygons)):
                continue
        text = f"{SRID_PREFIX}{multi}({', '.join(p.inner for p in group)})"
        first = group[0]
        place = dict(provision.places[first.index])
        place[first.member] = {**place[first.member], GEOMETRY_MEMBERS[first.member]: text}
        provision.places[first.index] = place
        for part in group:
            part.rewritten = True
        gone.update(p.index for p in group[1:])
    if gone:
        provision.places[:] = [p for i, p in enumerate(provision.places) if i not in gone]
    return len(gone)


def _inner(wkt: str) -> str:
    """`LINESTRING (1 2, 3 4)` -> `(1 2, 3 4)`; `MULTILINESTRING ((..), (..))` -> `(..), (..)`."""
    opened = wkt.index("(")
    return wkt[opened + 1 : -1] if wkt.startswith("MULTI") else wkt[opened:]


def shrink_document(
    document: dict[str, Any], options: ShrinkOptions | None = None
) -> tuple[dict[str, Any], ShrinkReport]:
    """A smaller copy of `document` and what shrinking did. `document` is not changed."""
    options = options or ShrinkOptions()
    merge = options.merge and merging_allowed(document)
    before = size_of(document)
    result = dict(document)
    provisions = list(_provisions(result))
    places_before = sum(len(p.places) for p in provisions)
    candidates = [
        part
        for provision in provisions
        for index in range(len(provision.places))
        if (part := _part_of(provision.places, index)) is not None
    ]
    parts, originals = _readable(candidates)
    shapes = _simplified(originals, options.tolerance)
    wkts = shapely.to_wkt(
        shapes, rounding_precision=options.decimals, trim=True, output_dimension=2
    ).tolist()
    finals = shapely.from_wkt(wkts)
    # Discrete Hausdorff over vertices: exact for Douglas-Peucker, which only drops vertices.
    displacement = shapely.hausdorff_distance(originals, finals)
    by_places = {id(p.places): p for p in provisions}
    final_of: dict[int, Any] = {}
    for part, wkt, final in zip(parts, wkts, finals.tolist(), strict=True):
        part.new_text = SRID_PREFIX + wkt.replace(" (", "(", 1)
        part.inner = _inner(wkt)
        final_of[id(part)] = final
        by_places[id(part.places)].parts.append(part)
        if len(part.new_text) < len(part.text):
            place = dict(part.places[part.index])
            place[part.member] = {
                **place[part.member],
                GEOMETRY_MEMBERS[part.member]: part.new_text,
            }
            part.places[part.index] = place
            part.rewritten = True
    merged = sum(_merge(p, final_of) for p in provisions) if merge else 0
    rewritten = np.array([p.rewritten for p in parts], dtype=bool)
    points_before = int(shapely.get_num_coordinates(originals).sum())
    points_after = int(shapely.get_num_coordinates(np.where(rewritten, finals, originals)).sum())
    moved = displacement[rewritten]
    report = ShrinkReport(
        before=before,
        after=size_of(result),
        points_before=points_before,
        points_after=points_after,
        places_before=places_before,
        places_after=places_before - merged,
        geometries_changed=int(rewritten.sum()),
        max_displacement=float(moved.max()) if len(moved) else 0.0,
        merging_allowed=merging_allowed(document),
        options=options,
    )
    return result, report
