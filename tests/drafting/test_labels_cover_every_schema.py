"""Every code of every enum of every data-spec version has a label in that version's table,
and each table holds nothing its schema does not."""

from __future__ import annotations

from typing import Any

import pytest

from dtro_app.labels import PROPERTY_ENUMS, humanise, label
from dtro_app.labels.tables import TABLES
from dtro_validation import get_registry

VERSIONS = ["3.4.0", "3.4.1", "3.5.0", "3.5.1", "4.0.0"]


def _enums(version: str) -> dict[str, set[str]]:
    found = get_registry().find(version)
    assert found is not None, f"{version} is not in DTRO_SPEC_DIR"
    defs = found.schema.get("$defs") or found.schema.get("definitions") or {}
    return {
        name: {str(v) for v in entry["enum"]}
        for name, entry in defs.items()
        if isinstance(entry, dict) and isinstance(entry.get("enum"), list)
    }


def _inline_string_enums(node: Any) -> set[str]:
    """Enums written inside other definitions (subsets of named ones, such as the reporting
    points a rule allows); numbers (mph values) are not codes."""
    found: set[str] = set()
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list):
            found |= {v for v in values if isinstance(v, str)}
        for child in node.values():
            found |= _inline_string_enums(child)
    elif isinstance(node, list):
        for child in node:
            found |= _inline_string_enums(child)
    return found


@pytest.mark.parametrize("version", VERSIONS)
def test_every_enum_value_has_a_label_in_its_versions_table(version: str) -> None:
    table = TABLES[version]
    missing = [
        f"{name}.{code}"
        for name, codes in sorted(_enums(version).items())
        for code in sorted(codes)
        if not table.find(code, name)
    ]
    assert missing == []
    inline = _inline_string_enums(get_registry().get(version).schema)
    assert {code for code in inline if not table.find(code)} == set()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_table_holds_only_what_its_schema_allows(version: str) -> None:
    enums = _enums(version)
    extra = [
        f"{name}.{code}"
        for name, codes in TABLES[version].enums.items()
        for code in codes
        if code not in enums.get(name, set())
    ]
    assert extra == []


@pytest.mark.parametrize("version", VERSIONS)
def test_no_two_codes_of_one_enum_read_the_same(version: str) -> None:
    for name, codes in TABLES[version].enums.items():
        texts = list(codes.values())
        assert len(set(texts)) == len(texts), name


def test_a_code_a_version_dropped_still_reads_well_under_that_version() -> None:
    # 4.0.0 moved the coastguard from vehicle types to vehicle usage; older records keep it.
    assert label("coastguardVehicle", "vehicleType", "4.0.0") == "Coastguard vehicle"
    assert label("publicRightOfWayClosure", "regulationType", "4.0.0") != humanise(
        "publicRightOfWayClosure"
    )


def test_a_code_no_table_knows_is_humanised_and_nothing_reads_not_given() -> None:
    assert label("somethingNewInFiveOh", "regulationType") == "Something new in five oh"
    assert label("", "regulationType") == "Not given"
    assert label(None) == "Not given"


def _property_refs(node: Any, enums: set[str], found: dict[str, set[str]]) -> None:
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            for candidate in (sub, sub.get("items")) if isinstance(sub, dict) else ():
                ref = candidate.get("$ref", "") if isinstance(candidate, dict) else ""
                if ref.rsplit("/", 1)[-1] in enums:
                    found.setdefault(name, set()).add(ref.rsplit("/", 1)[-1])
        for child in node.values():
            _property_refs(child, enums, found)
    elif isinstance(node, list):
        for child in node:
            _property_refs(child, enums, found)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_property_that_takes_codes_knows_its_enum(version: str) -> None:
    found: dict[str, set[str]] = {}
    _property_refs(get_registry().get(version).schema, set(_enums(version)), found)
    for name, enums in found.items():
        assert name in PROPERTY_ENUMS, name
        chosen = PROPERTY_ENUMS[name]
        if chosen is None:  # several enums with different words: looked up in all of them
            continue
        # Whichever enum the property refers to here, its codes read as the chosen one's.
        for enum in enums:
            for code, text in TABLES[version].enums[enum].items():
                assert label(code, chosen, version) == text, (name, code)
