"""The search form's Area: a polygon in British National Grid, sent as the query's geometry."""

from __future__ import annotations

import pytest

from dtro_app.catalogue.forms import SearchForm

AREA = "POLYGON((430000 360000, 431000 360000, 431000 361000, 430000 361000, 430000 360000))"

pytestmark = pytest.mark.django_db


def test_the_area_goes_in_the_query_as_plain_wkt() -> None:
    form = SearchForm({"troName": "Parking", "area": f"  SRID=27700;{AREA}\n"})

    assert form.is_valid(), form.errors
    assert form.body(page=1) == {
        "page": 1,
        "pageSize": 20,
        "queries": [{"troName": "Parking", "geometry": AREA}],
    }


def test_no_area_sends_no_geometry() -> None:
    form = SearchForm({"area": "   "})

    assert form.is_valid(), form.errors
    assert "geometry" not in form.body(page=1)["queries"][0]


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("LINESTRING(430000 360000, 431000 360000)", "must be a polygon"),
        ("somewhere near Derby", "Enter the area as a polygon in British National Grid"),
        ("POLYGON((800000 360000, 900000 360000, 900000 361000, 800000 360000))",
         "must be inside Great Britain"),
        ("POLYGON((430000 360000, 431000 360000, 431000 361000))", "fewer than four points"),
        ("SRID=4326;POLYGON((0 50, 1 50, 1 51, 0 50))", "must be in British National Grid"),
    ],
)  # fmt: skip
def test_an_area_that_is_not_a_polygon_in_great_britain_is_explained(
    area: str, message: str
) -> None:
    form = SearchForm({"area": area})

    assert not form.is_valid()
    assert message in form.errors["area"][0]


def test_the_area_field_can_be_found_and_filled_by_a_map() -> None:
    html = str(SearchForm()["area"])

    assert 'id="search-area"' in html
    assert "data-map-area" in html
