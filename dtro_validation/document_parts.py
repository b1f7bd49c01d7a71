"""The walk from a D-TRO envelope to its source and provisions, in one place.

The published schemas (3.4.0 to 4.0.0) spell these keys `source` and `provision`, but the
D-TRO service converts them to `Source` and `Provision` internally and documents from older
versions (before 3.3.2) use that casing, so both are read; the lower-case spelling wins when a
document somehow has both. Nothing here raises on a malformed document: a draft can be anything.
"""

from __future__ import annotations

from typing import Any

SOURCE_KEYS = ("source", "Source")
PROVISION_KEYS = ("provision", "Provision")


def data_of(document: Any) -> dict[str, Any] | None:
    """The envelope's `data` object, or None."""
    data = document.get("data") if isinstance(document, dict) else None
    return data if isinstance(data, dict) else None


def source_of(document: Any) -> dict[str, Any] | None:
    """The `source` object of an envelope (the same dict, so callers may change it), or None."""
    data = data_of(document)
    if data is None:
        return None
    for key in SOURCE_KEYS:
        source = data.get(key)
        if isinstance(source, dict):
            return source
    return None


def provision_member(source: Any) -> Any:
    """The raw `provision` member of a source object, whatever it holds (None if absent).

    For callers that must see a malformed value rather than have it cleaned up.
    """
    if not isinstance(source, dict):
        return None
    for key in PROVISION_KEYS:
        if key in source:
            return source[key]
    return None


def provision_list_of(document: Any) -> list[Any]:
    """The provision array as written, entries unchecked, so positions match validation paths
    such as `/data/source/provision/2`; [] when there is no array."""
    provisions = provision_member(source_of(document))
    return provisions if isinstance(provisions, list) else []


def provisions_of(document: Any) -> list[dict[str, Any]]:
    """The provisions that are objects (the same dicts, so callers may change them)."""
    return [p for p in provision_list_of(document) if isinstance(p, dict)]


#: Regulated-place member holding a geometry -> the member of that object holding its EWKT.
GEOMETRY_MEMBERS = {
    "pointGeometry": "point",
    "linearGeometry": "linestring",
    "polygon": "polygon",
    "directedLinear": "directedLineString",
}


def places_of(provision: Any, *, lone: bool = False) -> list[dict[str, Any]]:
    """The regulated places of a provision that are objects (the same dicts); [] if none.

    With `lone`, a single place object not wrapped in a list counts too (for display only).
    """
    places = provision.get("regulatedPlace") if isinstance(provision, dict) else None
    if lone and isinstance(places, dict):
        places = [places]
    return [p for p in places if isinstance(p, dict)] if isinstance(places, list) else []


def geometries_of(place: Any) -> list[tuple[str, str]]:
    """(geometry member, EWKT) for every geometry of a regulated place that has its text."""
    if not isinstance(place, dict):
        return []
    found = []
    for member, text_key in GEOMETRY_MEMBERS.items():
        geometry = place.get(member)
        text = geometry.get(text_key) if isinstance(geometry, dict) else None
        if isinstance(text, str):
            found.append((member, text))
    return found


def value_at(node: Any, path: list[str | int]) -> Any:
    """What lies at `path` inside nested objects and lists (a document or a schema), or
    None when nothing does."""
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
