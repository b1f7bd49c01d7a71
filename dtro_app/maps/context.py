"""What a map shows around an order: its basemap, the TRA's other orders, and the TRA's area.

The TRA's orders are drawn from their current revisions. A revision never changes, so its
shapes are worked out once (through map_features, as the order's own page does) and cached
under the revision's id; later maps only read the cache. The work is capped: the most
recently updated orders and a few thousand shapes, enough to show the neighbourhood.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode, urlsplit

import shapely
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from shapely.geometry import box as shapely_box
from shapely.geometry import shape

from dtro_app.maps.features import map_features
from dtro_app.models import Dtro, DtroQuerySet, Revision, TrafficAuthority

OS_MAPS_HOST = "api.os.uk"
# British National Grid's extent, as map.js's GB_EXTENT: every box must lie within it.
GB_EXTENT = (0.0, 0.0, 700_000.0, 1_300_000.0)
MAX_ORDERS = 300
MAX_SHAPES = 3_000
# A revision's shapes never change: the cache only lets them age out.
PLACES_SECONDS = 7 * 24 * 60 * 60
EXTENT_SECONDS = 24 * 60 * 60
# A home area smaller than this (one point, one street) is widened so the map is not a blur.
MIN_EXTENT_METRES = 1_000.0

Box = tuple[float, float, float, float]


def parse_box(text: str, *, max_metres: float | None = None) -> Box:
    """A box `minx,miny,maxx,maxy` in British National Grid metres; ValueError says why not."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(value) for value in values):
        raise ValueError("Give bbox as four numbers in metres: min-x,min-y,max-x,max-y")
    min_x, min_y, max_x, max_y = values
    if min_x >= max_x or min_y >= max_y:
        raise ValueError("The box's minimum must be below its maximum on both axes")
    if min_x < GB_EXTENT[0] or min_y < GB_EXTENT[1] or max_x > GB_EXTENT[2] or max_y > GB_EXTENT[3]:
        raise ValueError("That box is outside Great Britain")
    if max_metres is not None and (max_x - min_x > max_metres or max_y - min_y > max_metres):
        raise ValueError(
            f"That box is {max_x - min_x:,.0f} m by {max_y - min_y:,.0f} m: "
            f"ask for at most {max_metres:,.0f} m by {max_metres:,.0f} m"
        )
    return min_x, min_y, max_x, max_y


def _orders(queryset: DtroQuerySet) -> list[Dtro]:
    """The most recently updated orders with something to draw, newest first."""
    return list(
        queryset.live()
        .exclude(current_revision=None)
        .order_by("-updated_at", "-pk")
        .only("pk", "name", "authority_id", "current_revision_id")[:MAX_ORDERS]
    )


def _shapes_of(document: Any) -> list[dict[str, Any]]:
    shapes = []
    for feature in map_features(document).collection["features"]:
        properties = feature["properties"]
        shapes.append(
            {
                "geometry": feature["geometry"],
                "bounds": list(shape(feature["geometry"]).bounds),
                "place": properties["place"],
                "provision": properties["reference"],
                "regulation": properties["regulation"],
                "category": properties["category"],
            }
        )
    return shapes


def _places_key(revision_id: int) -> str:
    return f"map:order-places:{revision_id}"


def _shapes_by_order(orders: list[Dtro]) -> dict[int, list[dict[str, Any]]]:
    """Each order's shapes, from the cache, working out only the revisions not yet there."""
    keys = {_places_key(order.current_revision_id or 0): order for order in orders}
    found: dict[str, Any] = cache.get_many(list(keys))
    missing = [order.current_revision_id for key, order in keys.items() if key not in found]
    if missing:
        fresh = {}
        documents = Revision.objects.filter(pk__in=missing).values_list("pk", "document")
        # A few documents at a time: an order can be megabytes of JSON.
        for revision_id, document in documents.iterator(chunk_size=20):
            fresh[_places_key(revision_id)] = _shapes_of(document)
        cache.set_many(fresh, PLACES_SECONDS)
        found.update(fresh)
    return {order.pk: found.get(key) or [] for key, order in keys.items()}


def _overlaps(bounds: list[float], box: Box) -> bool:
    min_x, min_y, max_x, max_y = bounds
    return not (max_x < box[0] or min_x > box[2] or max_y < box[1] or min_y > box[3])


def orders_places(
    queryset: DtroQuerySet, box: Box, *, exclude: int | None = None
) -> dict[str, Any]:
    """GeoJSON (EPSG:27700) of the orders' places that intersect `box`, for the map."""
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    orders = _orders(queryset)
    shapes_by_order = _shapes_by_order(orders)
    area = shapely_box(*box)
    features: list[dict[str, Any]] = []
    left_out = 0
    for order in orders:
        url = order.get_absolute_url()
        for index, place in enumerate(shapes_by_order[order.pk]):
            if not _overlaps(place["bounds"], box):
                continue
            if not shapely.intersects(shape(place["geometry"]), area):
                continue
            if len(features) >= MAX_SHAPES:
                left_out += 1
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": f"{order.pk}-{index}",
                    "geometry": place["geometry"],
                    "properties": {
                        "reference": order.reference,
                        "troName": order.name,
                        "place": place["place"],
                        "provision": place["provision"],
                        "regulation": place["regulation"],
                        "category": place["category"],
                        "url": url,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features, "leftOut": left_out}


def _widened(extent: list[float]) -> list[float]:
    min_x, min_y, max_x, max_y = extent
    half_x = max(max_x - min_x, MIN_EXTENT_METRES) / 2
    half_y = max(max_y - min_y, MIN_EXTENT_METRES) / 2
    centre_x, centre_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    return [
        round(centre_x - half_x),
        round(centre_y - half_y),
        round(centre_x + half_x),
        round(centre_y + half_y),
    ]


def orders_extent(authority: TrafficAuthority) -> list[float] | None:
    """The extent of the TRA's orders' places, or None when they have none to draw.

    Cached under the TRA's latest change, so a new or changed order is seen at once while
    an unchanged TRA costs one indexed query.
    """
    queryset = Dtro.objects.filter(authority=authority)
    latest = queryset.live().aggregate(latest=Max("updated_at"), count=Count("pk"))
    if not latest["count"]:
        return None
    key = f"map:home-extent:{authority.pk}:{latest['latest'].timestamp()}:{latest['count']}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    shapes_by_order = _shapes_by_order(_orders(queryset))
    bounds = [place["bounds"] for shapes in shapes_by_order.values() for place in shapes]
    extent = (
        _widened(
            [
                min(b[0] for b in bounds),
                min(b[1] for b in bounds),
                max(b[2] for b in bounds),
                max(b[3] for b in bounds),
            ]
        )
        if bounds
        else []
    )
    cache.set(key, extent, EXTENT_SECONDS)
    return extent or None


def home_extent(authority: TrafficAuthority | None) -> list[float] | None:
    """Where a map with nothing of its own starts: the TRA's orders, else MAP_HOME_EXTENT."""
    extent = orders_extent(authority) if authority is not None else None
    if extent:
        return extent
    return list(settings.MAP_HOME_EXTENT) or None


def _url_or_empty(name: str) -> str:
    # The streets come from the streetworks app, above this one: named, never imported.
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def map_options(
    authority: TrafficAuthority | None = None,
    *,
    exclude: int | None = None,
    start: Box | None = None,
) -> dict[str, Any]:
    """What static/js/map.js needs: the basemap (empty strings draw the offline grid), the
    area a map starts on, and, for a TRA, where its streets and its other orders are read.
    `exclude` is the order the page draws itself, left out of the TRA's other orders;
    `start` is where the map opens when the page knows (a box searched), else home_extent."""
    url = settings.MAP_TILE_URL
    key = settings.OS_MAPS_API_KEY
    # The OS Maps API wants its key in the query; it is added here only, never logged.
    if url and key and urlsplit(url).hostname == OS_MAPS_HOST and "key=" not in url:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({'key': key})}"
    options: dict[str, Any] = {"tileUrl": url, "attribution": settings.MAP_TILE_ATTRIBUTION}
    extent = list(start) if start else home_extent(authority)
    if extent:
        options["areaExtent"] = extent
    if authority is not None:
        query = {"tra": authority.code, **({"exclude": exclude} if exclude else {})}
        options["ordersUrl"] = f"{reverse('dtro_app:orders_places')}?{urlencode(query)}"
        streets = _url_or_empty("streetworks:streets_in_box")
        if streets:
            options["streetsUrl"] = streets
    return options
