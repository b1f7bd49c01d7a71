"""Places of a provision that differ only in coordinates become one MULTI place, from 3.5.0
(whose schema first accepts MULTI types); never in 3.4.x, never across different places."""

from __future__ import annotations

import pytest
from shrink_helpers import linestrings, wiggly_line, with_places

from dtro_validation import validate_document
from dtro_validation.shrink import ShrinkOptions, shrink_document

LINES = [wiggly_line(444000, 30), wiggly_line(444100, 30), wiggly_line(444200, 30)]


@pytest.mark.parametrize("version", ["3.5.0", "3.5.1", "4.0.0"])
def test_places_differing_only_in_coordinates_become_one_multilinestring(version: str) -> None:
    document = with_places(version, LINES)
    shrunk, report = shrink_document(document, ShrinkOptions(tolerance=1.0))
    (merged,) = linestrings(shrunk)
    assert merged.startswith("SRID=27700;MULTILINESTRING((444000 333253, ")
    assert merged.count("(") == 4
    assert report.places_before == 3 and report.places_after == 1 and report.places_merged == 2
    assert validate_document(shrunk).is_valid


@pytest.mark.parametrize("version", ["3.4.0", "3.4.1"])
def test_before_3_5_0_places_stay_apart(version: str) -> None:
    document = with_places(version, LINES)
    shrunk, report = shrink_document(document, ShrinkOptions(tolerance=1.0))
    assert len(linestrings(shrunk)) == 3
    assert all(line.startswith("SRID=27700;LINESTRING(") for line in linestrings(shrunk))
    assert report.places_merged == 0 and not report.merging_allowed
    assert validate_document(shrunk).is_valid


def test_places_with_different_descriptions_are_not_merged() -> None:
    document = with_places("3.5.1", LINES)
    document["data"]["source"]["provision"][0]["regulatedPlace"][1]["description"] = "East side"
    shrunk, report = shrink_document(document)
    places = shrunk["data"]["source"]["provision"][0]["regulatedPlace"]
    assert [p["description"] for p in places] == ["West side, Market Street, Draycott", "East side"]
    assert report.places_merged == 1


def test_merging_can_be_turned_off() -> None:
    shrunk, report = shrink_document(with_places("3.5.1", LINES), ShrinkOptions(merge=False))
    assert len(linestrings(shrunk)) == 3 and report.places_merged == 0


def test_overlapping_areas_stay_apart_so_no_invalid_multipolygon_is_made() -> None:
    def square(x: int) -> str:
        corners = [(x, 333000), (x + 20, 333000), (x + 20, 333020), (x, 333020), (x, 333000)]
        return "SRID=27700;POLYGON((" + ", ".join(f"{e} {n}" for e, n in corners) + "))"

    document = with_places("3.5.1", LINES[:1])
    provision = document["data"]["source"]["provision"][0]
    place = provision["regulatedPlace"][0]
    del place["linearGeometry"]
    areas = [{**place, "polygon": {"polygon": square(x), "version": 1}} for x in (444000, 444010)]
    apart = {**place, "polygon": {"polygon": square(444100), "version": 1}}
    provision["regulatedPlace"] = [*areas, apart]
    shrunk, report = shrink_document(document)
    assert report.places_merged == 0
    document["data"]["source"]["provision"][0]["regulatedPlace"] = [areas[0], apart]
    shrunk, report = shrink_document(document)
    (merged,) = shrunk["data"]["source"]["provision"][0]["regulatedPlace"]
    assert merged["polygon"]["polygon"].startswith("SRID=27700;MULTIPOLYGON(((")
    assert validate_document(shrunk).is_valid
