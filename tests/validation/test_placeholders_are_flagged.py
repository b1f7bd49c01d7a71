"""DfT's upgrade placeholders (`service/upversioning.rst`) are found with their paths and a
plain-English meaning, in the envelope or the bare data, and in huge documents."""

from __future__ import annotations

import copy

from validation_helpers import load_example

from dtro_validation.placeholders import Placeholder, find_placeholders


def upgraded_by_dft() -> dict:
    """A 3.5.1 example as DfT's upversioning leaves a record that lacked these values."""
    document = copy.deepcopy(load_example("3.5.1", "example-derbyshire-2024-dj388-partial.json"))
    source = document["data"]["source"]
    source["statementDescription"] = "**NOT PROVIDED**"
    source["madeDate"] = "2025-01-01"
    place = source["provision"][0]["regulatedPlace"][0]
    place["description"] = "**NOT PROVIDED**"
    place["bywayType"] = "**NOT PROVIDED**"
    place["externalReference"] = [{"uniqueStreetReferenceNumber": [{"usrn": 0}]}]
    source["provision"][0]["regulation"][0]["generalRegulation"]["regulationType"] = (
        "**DEPRECATED**"
    )
    return document


def by_path(found: list[Placeholder]) -> dict[str, Placeholder]:
    return {placeholder.path: placeholder for placeholder in found}


def test_each_kind_of_placeholder_is_found_with_its_path_and_meaning() -> None:
    found = by_path(find_placeholders(upgraded_by_dft()))

    place = "source.provision[0].regulatedPlace[0]"
    assert found[f"{place}.description"].meaning == (
        "DfT's upgrade put **NOT PROVIDED** here: the original record had no description of "
        "the regulated place. Replace it with the real description of the regulated place."
    )
    assert "no byway type" in found[f"{place}.bywayType"].meaning
    usrn = found[f"{place}.externalReference[0].uniqueStreetReferenceNumber[0].usrn"]
    assert usrn.value == 0
    assert "USRN 0" in usrn.meaning and "no street reference" in usrn.meaning
    assert "no statement description" in found["source.statementDescription"].meaning
    deprecated = found["source.provision[0].regulation[0].generalRegulation.regulationType"]
    assert "miscTemporarySpeedLimit" in deprecated.meaning
    made = found["source.madeDate"]
    assert made.value == "2025-01-01" and not made.certain
    assert "Check the order's real made date" in made.meaning
    assert found["source.comingIntoForceDate"].value == "2025-01-01"
    assert len(found) == 7
    assert found[f"{place}.description"].pointer == (
        "/data/source/provision/0/regulatedPlace/0/description"
    )


def test_the_bare_data_gives_the_same_placeholders_as_the_envelope() -> None:
    document = upgraded_by_dft()
    assert find_placeholders(document["data"]) == find_placeholders(document)


def test_genuine_values_that_look_alike_are_not_flagged() -> None:
    document = upgraded_by_dft()
    source = document["data"]["source"]
    source["statementDescription"] = "Waiting restrictions, NOT PROVIDED elsewhere"
    source["provision"][0]["regulatedPlace"][0]["externalReference"] = [
        {"uniqueStreetReferenceNumber": [{"usrn": 200001}]}
    ]
    # A provision's own date of 1 January 2025 is not where DfT injects one.
    source["provision"][0]["comingIntoForceDate"] = "2025-01-01"
    paths = {p.path for p in find_placeholders(document)}
    assert "source.statementDescription" not in paths
    assert not any("usrn" in path for path in paths)
    assert "source.provision[0].comingIntoForceDate" not in paths


def test_a_huge_deep_document_is_walked_without_recursion() -> None:
    deep: dict = {"description": "**NOT PROVIDED**"}
    for _ in range(20_000):  # far past Python's recursion limit
        deep = {"regulatedPlace": [deep]}
    wide = [{"description": "**NOT PROVIDED**"} for _ in range(50_000)]
    found = find_placeholders({"schemaVersion": "4.0.0", "data": {"deep": deep, "wide": wide}})
    assert len(found) == 50_001
    assert found[0].path.startswith("deep.regulatedPlace[0].regulatedPlace[0]")
    assert found[-1].path == "wide[49999].description"
