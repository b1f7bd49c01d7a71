"""Shrinking simplifies lines and rings within the officer's tolerance, keeps each line's ends,
never collapses a line below 2 points or a ring below 4, rounds, and changes nothing else."""

from __future__ import annotations

import copy

import pytest
import shapely
from shrink_helpers import linestrings, wiggly_line, with_places

from dtro_validation.geometry import read_ewkt
from dtro_validation.shrink import ShrinkOptions, shrink_document


def test_every_original_vertex_stays_within_the_tolerance_and_the_ends_are_kept() -> None:
    original = wiggly_line(444000, 200, wiggle=3.0)
    document = with_places("3.5.1", [original])
    shrunk, report = shrink_document(document, ShrinkOptions(tolerance=5.0, merge=False))
    (line,) = linestrings(shrunk)
    before, after = read_ewkt(original), read_ewkt(line)
    assert shapely.get_num_coordinates(after) < shapely.get_num_coordinates(before)
    assert shapely.hausdorff_distance(before, after) <= 5.0 + 0.01
    assert report.max_displacement <= 5.01
    # The ends are kept, rounded to the centimetre.
    assert after.coords[0] == pytest.approx(before.coords[0], abs=0.005)
    assert after.coords[-1] == pytest.approx(before.coords[-1], abs=0.005)
    assert report.points_before == 200 and report.points_after == len(after.coords)


def test_a_smaller_tolerance_keeps_more_points() -> None:
    document = with_places("3.5.1", [wiggly_line(444000, 200, wiggle=3.0)])
    _, fine = shrink_document(document, ShrinkOptions(tolerance=0.5, merge=False))
    _, coarse = shrink_document(document, ShrinkOptions(tolerance=5.0, merge=False))
    assert fine.points_after > coarse.points_after
    assert fine.max_displacement <= 0.51


def test_a_straight_line_keeps_two_points_and_a_small_ring_keeps_four() -> None:
    document = with_places("3.5.1", [wiggly_line(444000, 50, wiggle=0.0)])
    polygon_place = copy.deepcopy(document["data"]["source"]["provision"][0]["regulatedPlace"][0])
    del polygon_place["linearGeometry"]
    polygon_place["polygon"] = {
        "polygon": "SRID=27700;POLYGON((444000 333000, 444001 333000, 444001.5 333000.5, "
        "444001 333001, 444000 333001, 444000 333000))",
        "version": 1,
    }
    document["data"]["source"]["provision"][0]["regulatedPlace"].append(polygon_place)
    shrunk, _ = shrink_document(document, ShrinkOptions(tolerance=50.0, merge=False))
    line_place, polygon = shrunk["data"]["source"]["provision"][0]["regulatedPlace"]
    assert shapely.get_num_coordinates(read_ewkt(line_place["linearGeometry"]["linestring"])) == 2
    ring = read_ewkt(polygon["polygon"]["polygon"]).exterior
    assert len(ring.coords) >= 4


def test_coordinates_are_rounded_and_nothing_else_changes() -> None:
    document = with_places(
        "3.5.1", ["SRID=27700;LINESTRING(444284.123456 333253.987654, 444300.5 333260.25)"]
    )
    kept = copy.deepcopy(document)
    shrunk, report = shrink_document(document, ShrinkOptions(tolerance=5.0, decimals=2))
    assert linestrings(shrunk) == ["SRID=27700;LINESTRING(444284.12 333253.99, 444300.5 333260.25)"]
    assert document == kept, "the original document must not change"
    linestrings(shrunk).clear()
    shrunk["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"][
        "linestring"
    ] = kept["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"]["linestring"]
    assert shrunk == kept
    assert report.geometries_changed == 1


def test_a_geometry_it_cannot_read_is_left_as_it_was() -> None:
    broken = "SRID=27700;LINESTRING(444284 333253, 444290)"
    document = with_places("3.5.1", [broken, broken])
    shrunk, report = shrink_document(document)
    assert linestrings(shrunk) == [broken, broken]
    assert not report.changed
