"""The guided form: Django forms for the common orders and the builder to and from JSON."""

from __future__ import annotations

from dtro_app.drafting.guided.builder import (
    ORDER_TYPES,
    GuidedOrder,
    GuidedProvision,
    build_document,
    coordinates_to_wkt,
    prefill_from_document,
)

__all__ = [
    "ORDER_TYPES",
    "GuidedOrder",
    "GuidedProvision",
    "build_document",
    "coordinates_to_wkt",
    "prefill_from_document",
]
