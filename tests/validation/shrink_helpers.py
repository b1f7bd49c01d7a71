"""Documents for the shrinking tests: a derbyshire example whose places are wiggly kerb lines."""

from __future__ import annotations

import copy
import math
from typing import Any

from validation_helpers import load_example

EXAMPLE = "example-derbyshire-2024-dj388-partial.json"


def wiggly_line(start_x: float, length: int, *, wiggle: float = 0.4) -> str:
    """A kerb line with a vertex every metre, wandering `wiggle` metres either side."""
    points = ", ".join(
        f"{start_x + k:.4f} {333253 + wiggle * math.sin(k):.4f}" for k in range(length)
    )
    return f"SRID=27700;LINESTRING({points})"


def with_places(version: str, lines: list[str]) -> dict[str, Any]:
    """The example with its first provision's one place repeated, one copy per line."""
    document = load_example(version, EXAMPLE)
    provision = document["data"]["source"]["provision"][0]
    template = provision["regulatedPlace"][0]
    places = []
    for line in lines:
        place = copy.deepcopy(template)
        place["linearGeometry"]["linestring"] = line
        places.append(place)
    provision["regulatedPlace"] = places
    return document


def linestrings(document: dict[str, Any]) -> list[str]:
    provision = document["data"]["source"]["provision"][0]
    return [place["linearGeometry"]["linestring"] for place in provision["regulatedPlace"]]
