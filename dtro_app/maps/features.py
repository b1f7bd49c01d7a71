"""The regulated places of an order as GeoJSON in British National Grid, for the page's map.

Every place of every provision becomes a feature carrying its provision's reference and
regulation type, and a style category for the legend (a diversion route is told apart from
the regulation it serves). A 10 MB order has thousands of places, so the collection is
capped and long shapes are simplified: the browser draws it without freezing and the page
stays a reasonable size. The SVG preview remains the drawing for pages without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from dtro_app.labels import NOT_GIVEN, label
from dtro_validation.document_parts import geometries_of, places_of, provision_list_of
from dtro_validation.geometry import GeometryError, read_ewkt

# Enough for real orders (a 10 MB order has about 5,700 places) drawn at a glance; beyond it
# the map says how many are left out.
MAX_FEATURES = 3_000
# Vertices across the whole map; a shape is simplified once it has more than SIMPLIFY_ABOVE.
MAX_VERTICES = 100_000
SIMPLIFY_ABOVE = 8
# Metres: below what a screen shows at street scale.
SIMPLIFY_TOLERANCE = 1.0
# Eastings and northings to 10 cm: more is noise on a map and bytes on the page.
PRECISION = 1

# Legend order; each category has its own colour and its own dash or marker in map.js.
CATEGORIES = {
    "closure": "Closure or prohibition",
    "diversion": "Diversion route",
    "waiting": "Waiting, loading and parking",
    "speed": "Speed limit",
    "other": "Other regulation",
}
_CLOSURE_WORDS = ("closure", "prohibit", "banned", "noentry")
_WAITING_WORDS = ("waiting", "loading", "parking", "bay", "stopping")


@dataclass
class MapFeatures:
    """The GeoJSON the page embeds, with what the legend and the text list need."""

    collection: dict[str, Any]
    places: list[dict[str, str]] = field(default_factory=list)
    legend: list[dict[str, str]] = field(default_factory=list)
    left_out: int = 0
    unreadable: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.collection["features"]


def regulation_types_of(provision: dict[str, Any]) -> list[str]:
    """The raw regulation types of a provision (3.x list or 4.0 object alike)."""
    regulations = provision.get("regulation")
    if isinstance(regulations, dict):
        regulations = [regulations]
    types: list[str] = []
    for regulation in regulations if isinstance(regulations, list) else []:
        if not isinstance(regulation, dict):
            continue
        for key, value in regulation.items():
            if isinstance(value, dict) and key not in {"condition", "conditionSet"}:
                types.append(str(value.get("regulationType") or key))
    return types


def _category_of_type(regulation_type: str) -> str:
    words = regulation_type.lower()
    # Kerbside rules ("kerbsideFootwayParkingProhibited") are waiting and parking, not closures.
    if words.startswith("kerbside") or any(word in words for word in _WAITING_WORDS):
        return "waiting"
    if any(word in words for word in _CLOSURE_WORDS):
        return "closure"
    if "speed" in words:
        return "speed"
    return "other"


def category_of(place: dict[str, Any], regulation_types: list[str]) -> str:
    """The legend entry a place is drawn with: its route type, else its strongest regulation."""
    if place.get("type") == "diversionRoute":
        return "diversion"
    found = {_category_of_type(t) for t in regulation_types}
    return next((c for c in ("closure", "speed", "waiting") if c in found), "other")


def _vertex_count(geometry: BaseGeometry) -> int:
    return int(shapely.get_num_coordinates(geometry))


def _coordinates(geometry: BaseGeometry) -> Any:
    rounded = shapely.transform(geometry, lambda points: points.round(PRECISION))
    return shapely.geometry.mapping(rounded)


def map_features(document: Any) -> MapFeatures:
    features: list[dict[str, Any]] = []
    places: list[dict[str, str]] = []
    used: set[str] = set()
    left_out = unreadable = 0
    budget = MAX_VERTICES
    for index, provision in enumerate(provision_list_of(document)):
        if not isinstance(provision, dict):
            continue
        raw_types = regulation_types_of(provision)
        regulation = ", ".join(label(t, "regulationType") for t in raw_types) or NOT_GIVEN
        reference = str(provision.get("reference") or f"Provision {index + 1}")
        for place in places_of(provision):
            category = category_of(place, raw_types)
            description = str(place.get("description") or "Unnamed place")
            for _member, text in geometries_of(place):
                if len(features) >= MAX_FEATURES:
                    left_out += 1
                    continue
                try:
                    geometry = read_ewkt(text, mend=True)
                except GeometryError:
                    unreadable += 1
                    continue
                if _vertex_count(geometry) > SIMPLIFY_ABOVE:
                    geometry = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
                count = _vertex_count(geometry)
                if count > budget:
                    left_out += 1
                    continue
                budget -= count
                used.add(category)
                properties = {
                    "id": len(features),
                    "reference": reference,
                    "regulation": regulation,
                    "category": category,
                    "place": description,
                }
                features.append(
                    {
                        "type": "Feature",
                        "geometry": _coordinates(geometry),
                        "properties": properties,
                    }
                )
                places.append(
                    {
                        "reference": reference,
                        "regulation": regulation,
                        "category": CATEGORIES[category],
                        "place": description,
                    }
                )
    legend = [{"category": key, "label": label} for key, label in CATEGORIES.items() if key in used]
    collection = {"type": "FeatureCollection", "features": features}
    return MapFeatures(collection, places, legend, left_out, unreadable)
