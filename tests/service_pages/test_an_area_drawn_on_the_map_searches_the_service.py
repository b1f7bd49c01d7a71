"""In Chromium, the officer drags a box on the search page's map: the area field fills with
the box as WKT in whole metres, the search runs against the sandbox over HTTP and lists the
order inside the box; the map pans with the keyboard and the page passes axe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from service_helpers import valid_document

from dtro_app.client import DtroClient
from dtro_validation.document_parts import places_of, provisions_of
from tests.browser.browser_helpers import serious_axe_violations, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = re.compile(r"POLYGON\(\((\d+) (\d+), (\d+) \2, \3 (\d+), \1 \4, \1 \2\)\)")


def held_along(credential: Any, authority: Any, line: str, name: str) -> None:
    document = valid_document(authority, name_suffix=name)
    for provision in provisions_of(document):
        for place in places_of(provision):
            place["linearGeometry"] = {**place.get("linearGeometry", {}), "linestring": line}
    DtroClient(credential).create_from_body(document)


def test_a_box_drawn_on_the_map_fills_the_area_and_the_search_finds_the_order_inside(
    live_server: Any,
    page: Any,
    screenshot_dir: Path,
    tra: Any,
    officer: Any,
    sandbox_credential: Any,
) -> None:
    held_along(
        sandbox_credential, tra, "SRID=27700;LINESTRING(430200 360500, 430800 360500)", "inside"
    )
    held_along(
        sandbox_credential, tra, "SRID=27700;LINESTRING(500000 200000, 500100 200000)", "far away"
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{reverse('dtro_app:search')}")
    page.wait_for_load_state("networkidle")

    view = page.get_by_role("region", name="Map to draw the search area")
    view.locator("canvas").first.wait_for()
    assert serious_axe_violations(page, base) == []

    map_of = "document.querySelector('#search-area-map').portalMap"
    # Offline, the map's context is the grid: its lines are drawn.
    grid = f"{map_of}.getLayers().item(0).getSource().getFeatures().length"
    wait_until(page, lambda: page.evaluate(grid) > 0)
    centre = f"{map_of}.getView().getCenter()"
    before = page.evaluate(centre)
    view.focus()
    page.keyboard.press("ArrowLeft")
    wait_until(page, lambda: page.evaluate(centre)[0] != before[0])

    page.evaluate(f"{map_of}.getView().fit([429800, 359800, 431200, 361200])")
    wait_until(page, lambda: not page.evaluate(f"{map_of}.getView().getAnimating()"))
    corners = page.evaluate(
        f"(() => {{ const map = {map_of}; map.renderSync();"
        " return [map.getPixelFromCoordinate([430000, 360000]),"
        " map.getPixelFromCoordinate([431000, 361000])]; })()"
    )
    box = view.bounding_box()
    (x1, y1), (x2, y2) = ((box["x"] + x, box["y"] + y) for x, y in corners)
    page.mouse.click(x1, y1)
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=5)
    page.mouse.move(x2, y2, steps=5)
    page.mouse.click(x2, y2)

    area = page.get_by_label("Area", exact=True)
    wait_until(page, lambda: bool(area.input_value()))
    found = BOX.fullmatch(area.input_value())
    assert found, area.input_value()
    west, south, east, north = (int(n) for n in found.groups())
    # Whole metres, within a few pixels of the corners dragged between.
    assert abs(west - 430000) < 20 and abs(east - 431000) < 20
    assert abs(south - 360000) < 20 and abs(north - 361000) < 20

    page.get_by_role("button", name="Search").click()
    page.locator("#results").wait_for()
    results = page.locator("main").inner_text()
    assert "Showing 1 to 1 of 1 D-TRO." in results
    assert "inside" in results and "far away" not in results
    page.screenshot(path=str(screenshot_dir / "area-search.png"), full_page=True)
    assert errors == []
    assert serious_axe_violations(page, base) == []
