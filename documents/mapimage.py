"""The map image of an order's places: the portal's SVG outline (`dtro_app.orders.preview`)
as a self-contained data: URL, so the HTML file and the PDF need nothing fetched, with a text
alternative naming the places."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from dtro_app.orders.preview import document_preview

# Places named in the image's alt text; the full list follows the image as text.
ALT_PLACES = 10


@dataclass(frozen=True)
class MapImage:
    src: str
    alt: str
    width: float
    height: float
    places: list[str]
    unreadable: int


def map_image(document: Any, places: list[dict[str, Any]]) -> MapImage | None:
    """None when no place has a geometry that can be drawn."""
    preview = document_preview(document)
    if preview.is_empty:
        return None
    svg = render_to_string("documents/map.svg", {"preview": preview})
    names = list(dict.fromkeys(place["description"] for place in places))
    shown = "; ".join(names[:ALT_PLACES])
    more = f"; and {len(names) - ALT_PLACES} more" if len(names) > ALT_PLACES else ""
    return MapImage(
        src="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        alt=f"Map of the places, north at the top: {shown}{more}.",
        width=preview.width,
        height=preview.height,
        places=names,
        unreadable=preview.unreadable,
    )
