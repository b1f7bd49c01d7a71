"""In Chromium, a D-TRO's page draws its places on a map in British National Grid: a canvas,
a legend telling a closure from its diversion route, the places as text, keyboard panning,
selecting a shape shows its provision, no console errors, and axe finds nothing serious."""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

import pytest
from factories import draft_dtro, valid_document

from dtro_app.maps.features import MAX_FEATURES
from tests.browser.browser_helpers import (
    console_errors,
    serious_axe_violations,
    sign_in,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1x1 PNG: every tile of the test's own tile server.
ONE_GREY_PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP48OEDAAWkAtFabOJuAAAAAElFTkSuQmCC"
)


def closure_and_diversion(tra: Any) -> dict[str, Any]:
    document = valid_document(tra)
    provisions = document["data"]["source"]["provision"]
    closure = provisions[0]
    closure["regulation"]["generalRegulation"] = {"regulationType": "miscRoadClosure"}
    place = closure["regulatedPlace"][0]
    place["description"] = "Market Street, closed"
    place["linearGeometry"]["linestring"] = (
        "SRID=27700;LINESTRING(444200 333200, 444300 333260, 444400 333300)"
    )
    diversion = copy.deepcopy(closure)
    diversion["reference"] = closure["reference"][:-4] + "D1D1"
    route = diversion["regulatedPlace"][0]
    route["type"] = "diversionRoute"
    route["description"] = "Church Lane, diversion"
    route["linearGeometry"]["linestring"] = (
        "SRID=27700;LINESTRING(444200 333200, 444250 333400, 444400 333300)"
    )
    provisions.append(diversion)
    return document


def test_the_dtro_page_draws_its_places_on_a_map(
    live_server: Any, page: Any, screenshot_dir: Path, tra: Any, officer: Any
) -> None:
    dtro = draft_dtro(tra, officer, closure_and_diversion(tra))
    errors = console_errors(page)
    outside: list[str] = []
    base = live_server.url
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None,
    )
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{dtro.get_absolute_url()}")
    page.wait_for_load_state("networkidle")

    view = page.get_by_role("region", name="Map of the regulated places")
    view.locator("canvas").first.wait_for()
    assert page.locator("[data-map-fallback]").is_hidden()
    legend = page.locator(".portal-map__legend")
    assert "Closure or prohibition" in legend.inner_text()
    assert "Diversion route" in legend.inner_text()

    page.get_by_text("places on the map, as a list").click()
    listed = page.locator(".portal-map__places table").inner_text()
    assert "Market Street, closed" in listed and "Church Lane, diversion" in listed

    # Keyboard: focus the map and pan with an arrow key; the view's centre moves.
    view_of_map = "document.querySelector('.portal-map__view').portalMap.getView()"
    centre = f"{view_of_map}.getCenter()"
    before = page.evaluate(centre)
    view.focus()
    page.keyboard.press("ArrowLeft")
    wait_until(page, lambda: page.evaluate(centre)[0] != before[0])

    # Select the diversion route at a vertex only it has; its provision is shown as text.
    wait_until(page, lambda: not page.evaluate(f"{view_of_map}.getAnimating()"))
    pixel = page.evaluate(
        "(() => { const map = document.querySelector('.portal-map__view').portalMap;"
        " map.renderSync(); return map.getPixelFromCoordinate([444250, 333400]); })()"
    )
    view.click(position={"x": pixel[0], "y": pixel[1]})
    selected = page.locator(".portal-map__selected")
    selected.get_by_text("Church Lane, diversion").wait_for()
    assert "Road closure" in selected.inner_text()

    page.screenshot(path=str(screenshot_dir / "map.png"), full_page=True)
    assert errors == []
    assert outside == []
    assert serious_axe_violations(page, base) == []


def test_an_order_of_thousands_of_places_draws_the_first_and_says_how_many_are_left(
    live_server: Any, page: Any, tra: Any, officer: Any
) -> None:
    document = valid_document(tra)
    first = document["data"]["source"]["provision"][0]
    provisions = []
    for index in range(MAX_FEATURES + 100):
        item = copy.deepcopy(first)
        item["reference"] = f"{first['reference'][:-8]}{index:08d}"
        x, y = 440000 + (index % 60) * 100, 330000 + (index // 60) * 100
        item["regulatedPlace"][0]["linearGeometry"]["linestring"] = (
            f"SRID=27700;LINESTRING({x} {y}, {x + 40} {y + 30}, {x + 80} {y})"
        )
        provisions.append(item)
    document["data"]["source"]["provision"] = provisions
    dtro = draft_dtro(tra, officer, document)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    # The page lists 50 provisions and maps those; asked to, it maps the whole order.
    page.goto(f"{base}{dtro.get_absolute_url()}?map=all")
    # Wait until the map has drawn every feature it holds.
    page.evaluate(
        "new Promise(done => { const map = document.querySelector('.portal-map__view')"
        ".portalMap; map.once('rendercomplete', () => done(true)); map.render(); })"
    )
    features = page.evaluate(
        "document.querySelector('.portal-map__view').portalMap.getLayers().getArray()"
        ".at(-1).getSource().getFeatures().length"
    )
    assert features == MAX_FEATURES
    assert "100 places not drawn" in page.locator("main").inner_text()
    # Zoomed out, the offline context draws the grid (10 km lines at this scale).
    page.evaluate("document.querySelector('.portal-map__view').portalMap.getView().setZoom(3)")
    wait_until(
        page,
        lambda: (
            page.evaluate(
                "document.querySelector('.portal-map__view').portalMap.getLayers().getArray()[0]"
                ".getSource().getFeatures().length"
            )
            > 0
        ),
    )
    assert errors == []


def test_a_configured_basemap_is_drawn_from_its_tile_server_with_its_attribution(
    live_server: Any, page: Any, settings: Any, tra: Any, officer: Any
) -> None:
    from portal.settings.services import _allow_tile_images

    tiles = "https://tiles.example.org/bng/{z}/{x}/{y}.png"
    settings.MAP_TILE_URL = tiles
    settings.MAP_TILE_ATTRIBUTION = "Example tiles © Example"
    settings.CONTENT_SECURITY_POLICY = _allow_tile_images(settings.CONTENT_SECURITY_POLICY, tiles)
    dtro = draft_dtro(tra, officer, closure_and_diversion(tra))
    # The tile server is played by the test: nothing leaves this machine.
    requested: list[str] = []
    png = base64.b64decode(ONE_GREY_PIXEL)

    def serve_tile(route: Any) -> None:
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=png)

    page.route("https://tiles.example.org/**", serve_tile)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{dtro.get_absolute_url()}")
    wait_until(page, lambda: bool(requested))
    page.wait_for_load_state("networkidle")
    # OS's 27700 grid at 0.4375 m a pixel (zoom 11), around Draycott.
    assert any("/bng/11/" in url for url in requested)
    assert "Example tiles © Example" in page.locator(".portal-map").inner_text()
    assert errors == []
    assert serious_axe_violations(page, base) == []
