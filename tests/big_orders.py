"""Orders of many provisions for the big-order tests: the example order's provision repeated,
each copy with its own reference, a numbered description and one of a few streets."""

from __future__ import annotations

import copy
from typing import Any

from factories import valid_document

STREETS = ["Market Street", "Mill Lane", "Station Road"]


def provision_copy(template: dict[str, Any], index: int) -> dict[str, Any]:
    provision = copy.deepcopy(template)
    provision["reference"] = f"BIG-{index:06d}"
    provision["provisionDescription"] = f"No waiting, section {index:06d}"
    provision["regulatedPlace"][0]["description"] = f"West side, {STREETS[index % 3]}"
    # A few dozen vertices, as councils' kerb lines have: a realistic weight per provision.
    coordinates = ", ".join(f"{444284 + k * 3 + index} {333253 + k * 2}" for k in range(30))
    provision["regulatedPlace"][0]["linearGeometry"]["linestring"] = (
        f"SRID=27700;LINESTRING({coordinates})"
    )
    return provision


def big_order(authority: Any, count: int) -> dict[str, Any]:
    """A valid D-TRO of `authority` with `count` provisions (numbered from 0)."""
    document = valid_document(authority)
    source = document["data"]["source"]
    template = source["provision"][0]
    source["provision"] = [provision_copy(template, index) for index in range(count)]
    return document
