"""The street-works search carries an area map over its four corners: each corner input is
marked for the box a drag fills, the map's options are embedded for map.js, and after a box
search the map opens on the box searched. The no-JavaScript plan of works stays."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def options_of(html: str) -> Any:
    found = re.search(
        r'<script id="portal-map-options" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no map options on the page"
    return json.loads(found.group(1))


def test_the_search_page_marks_each_corner_for_the_area_map(officer_client, tra) -> None:
    html = officer_client.get(reverse("streetworks:search")).content.decode()

    assert 'data-module="portal-map-area" hidden' in html
    assert 'aria-label="Map: drag a box to choose the area to search.' in html
    for name, corner in [
        ("min_easting", "min-x"),
        ("min_northing", "min-y"),
        ("max_easting", "max-x"),
        ("max_northing", "max-y"),
    ]:
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
        assert field and f'data-map-box="{corner}"' in field.group(0), name
    assert options_of(html)["tileUrl"] == ""
    assert "vendor/ol/ol.css" in html and "js/map.js" in html


def test_after_a_box_search_the_area_map_opens_on_that_box(
    officer_client, sm_account, emulator
) -> None:
    box = {
        "min_easting": "322600",
        "min_northing": "124900",
        "max_easting": "322800",
        "max_northing": "125200",
    }
    html = officer_client.get(reverse("streetworks:search"), box).content.decode()

    assert "1 works found" in html
    assert options_of(html)["areaExtent"] == [322600.0, 124900.0, 322800.0, 125200.0]
    # The plan of works without JavaScript is still drawn.
    assert '<svg class="streetworks-map__plan"' in html
