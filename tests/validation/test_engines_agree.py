"""jsonschema-rs decides validity; the pure-Python jsonschema must agree on every document."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from validation_helpers import SPEC_DIR

from dtro_validation import build_registry

REGISTRY = build_registry(SPEC_DIR, use_cached=False)

MUTATIONS = {
    "drop_action_type": lambda s: s.pop("actionType", None),
    "bad_enum": lambda s: s.__setitem__("actionType", "brandNew"),
    "tra_as_text": lambda s: s.__setitem__("currentTraOwner", "1"),
    "extra_property": lambda s: s.__setitem__("colour", "red"),
    "empty_name": lambda s: s.__setitem__("troName", ""),
    "no_provisions": lambda s: s.__setitem__("provision", []),
    "srid_4326": lambda s: _geometry(s, "SRID=4326;POINT(1 1)"),
    "bad_wkt": lambda s: _geometry(s, "SRID=27700;LINE(1 1)"),
    "version_zero": lambda s: _first_geometry(s).__setitem__("version", 0),
    "duplicate_provision": lambda s: s["provision"].append(copy.deepcopy(s["provision"][0])),
}


def _first_geometry(source: dict[str, Any]) -> dict[str, Any]:
    place = source["provision"][0]["regulatedPlace"][0]
    key = next(
        k for k in ("pointGeometry", "linearGeometry", "polygon", "directedLinear") if k in place
    )
    return place[key]


def _geometry(source: dict[str, Any], value: str) -> None:
    geometry = _first_geometry(source)
    key = next(k for k in ("point", "linestring", "polygon", "directedLineString") if k in geometry)
    geometry[key] = value


def _has_source(path: Any) -> bool:
    """Consultation-only examples have no source for the mutations to break."""
    return "source" in json.loads(path.read_text(encoding="utf-8-sig"))["data"]


CASES = []
for version in REGISTRY.versions():
    for path in version.examples:
        CASES.append(pytest.param(version.version, path, None, id=f"{version.version}/{path.name}"))
        for name in MUTATIONS if _has_source(path) else ():
            CASES.append(
                pytest.param(
                    version.version, path, name, id=f"{version.version}/{path.name}/{name}"
                )
            )


@pytest.mark.parametrize(("version", "path", "mutation"), CASES)
def test_both_engines_agree(version, path, mutation) -> None:
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    data = document["data"]
    if mutation:
        MUTATIONS[mutation](data["source"])
    spec = REGISTRY.get(version)
    fast = spec.validator().is_valid(data)
    slow = jsonschema.Draft202012Validator(spec.schema).is_valid(data)
    assert fast == slow
