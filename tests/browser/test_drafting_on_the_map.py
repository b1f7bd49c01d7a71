"""In Chromium, an officer drafts a place on the guided form's map with the mouse: the drawing
fills the Location field with British National Grid WKT, the street under it is proposed for
its USRN, and the saved draft holds exactly that line and validates. Typing WKT moves the map;
parts make a MULTI geometry and a selected part can be deleted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import (
    console_errors,
    serious_axe_violations,
    sign_in,
    wait_until,
)
from tests.streetworks.conftest import street_manager_account_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Around Fore Street, Taunton, where the Street Manager emulator's streets are: close enough
# (under 2 m a pixel) for the map to draw the streets.
TAUNTON = (322800, 124400, 323400, 124900)
FORE_STREET_USRN = 39610003
# Three points along Fore Street, west to east.
ALONG_FORE_STREET = [(322950, 124680), (323050, 124640), (323150, 124613)]
DRAW_MAP = "[data-module='portal-map-draw'][data-prefix='provision-0']"


@pytest.fixture(autouse=True)
def _quiet_before_teardown(page: Any) -> Iterator[None]:
    """Let the map's lookups (streets, USRN) finish before the test database is flushed:
    a request still in the live server then can deadlock the flush."""
    yield
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")


def drawing_map(page: Any) -> str:
    return f'document.querySelector("{DRAW_MAP}").portalDraw'


def pixel_of(page: Any, easting: float, northing: float) -> tuple[float, float]:
    return tuple(
        page.evaluate(
            f"(() => {{ const map = {drawing_map(page)}.map; map.renderSync();"
            f" return map.getPixelFromCoordinate([{easting}, {northing}]); }})()"
        )
    )


def settled(page: Any) -> None:
    wait_until(page, lambda: not page.evaluate(f"{drawing_map(page)}.map.getView().getAnimating()"))


def fill_the_order(page: Any, name: str) -> None:
    page.check("#id_order_type_0")
    page.fill("#id_troName", name)
    page.fill("#id_statementDescription", "Makes Fore Street one way eastbound.")
    for field in ("madeDate", "comingIntoForceDate"):
        page.fill(f"#id_{field}_day", "1")
        page.fill(f"#id_{field}_month", "1")
        page.fill(f"#id_{field}_year", "2025")
    page.fill("#id_provision-0-provisionDescription", "One way eastbound")
    page.select_option("#id_provision-0-regulationType", "mandatoryDirectionOneWay")
    page.fill("#id_provision-0-start", "03/02/2025 08:00")


def wkt_pairs(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", text)]


def test_an_officer_draws_a_line_with_the_mouse_and_saves_it(
    live_server: Any, page: Any, screenshot_dir: Path, tra: Any, officer: Any, settings: Any
) -> None:
    from dtro_app.models import Dtro

    settings.MAP_HOME_EXTENT = TAUNTON
    street_manager_account_for(tra, live_server.url)
    errors = console_errors(page)
    base = live_server.url
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None,
    )
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}/dtros/new/form/")
    fill_the_order(page, "Fore Street (One Way) Order 2025")
    drafting = page.locator(DRAW_MAP)
    drafting.scroll_into_view_if_needed()  # each provision's map starts when scrolled to
    drafting.locator("canvas").first.wait_for()
    settled(page)

    # Draw the line with the mouse: click, click, double-click to finish.
    drafting.get_by_role("button", name="Line").click()
    view = drafting.locator(".portal-map__view")
    box = view.bounding_box()
    pixels = [pixel_of(page, x, y) for x, y in ALONG_FORE_STREET]
    for x, y in pixels[:-1]:
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.mouse.dblclick(box["x"] + pixels[-1][0], box["y"] + pixels[-1][1])

    location = page.locator("#id_provision-0-geometry")
    wait_until(page, lambda: location.input_value() != "")
    wkt = location.input_value()
    assert re.fullmatch(r"SRID=27700;LINESTRING\([0-9. ,]+\)", wkt)
    drawn = wkt_pairs(wkt)
    assert len(drawn) == 3
    # Within a few pixels of where the mouse went (the view is about 1 m a pixel here).
    metres_per_pixel = page.evaluate(f"{drawing_map(page)}.map.getView().getResolution()")
    for (x, y), (want_x, want_y) in zip(drawn, ALONG_FORE_STREET, strict=True):
        assert abs(x - want_x) <= 3 * metres_per_pixel and abs(y - want_y) <= 3 * metres_per_pixel
    assert "A line, " in drafting.locator("[data-draw-status]").inner_text()

    # The street under the drawing is proposed; the officer takes it.
    proposal = drafting.locator("[data-draw-street]")
    proposal.get_by_text("The street here is Fore Street").wait_for()
    assert f"USRN {FORE_STREET_USRN}" in proposal.inner_text()
    proposal.get_by_role("button", name="Use Fore Street for this place").click()
    assert page.locator("#id_provision-0-usrn").input_value() == str(FORE_STREET_USRN)
    assert page.locator("#id_provision-0-streetName").input_value() == "Fore Street"
    assert page.locator("#id_provision-0-description").input_value() == "Fore Street"

    page.get_by_label("Only in the direction drawn, from its first point to its last").check()
    page.screenshot(path=str(screenshot_dir / "drawn.png"), full_page=True)
    assert serious_axe_violations(page, base) == []

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r".*/dtros/\d+/$"))
    revision = Dtro.objects.get(name="Fore Street (One Way) Order 2025").current_revision
    place = revision.document["data"]["source"]["provision"][0]["regulatedPlace"][0]
    assert place["directedLinear"]["directedLineString"] == wkt
    street = place["directedLinear"]["intermediateLocation"][0]["uniqueStreetReferenceNumber"]
    assert street == [{"usrn": FORE_STREET_USRN, "nsgStreetName": "Fore Street"}]
    assert revision.is_valid, revision.validation_issues
    assert errors == []
    assert outside == []


def test_typed_wkt_moves_the_map_and_parts_can_be_added_and_deleted(
    live_server: Any, page: Any, tra: Any, officer: Any, settings: Any
) -> None:
    settings.MAP_HOME_EXTENT = TAUNTON
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}/dtros/new/form/")
    drafting = page.locator(DRAW_MAP)
    drafting.scroll_into_view_if_needed()  # each provision's map starts when scrolled to
    drafting.locator("canvas").first.wait_for()
    source = f"{drawing_map(page)}.source"

    # Typing: the map draws what the Location field says and goes there.
    page.fill("#id_provision-0-geometry", "SRID=27700;POINT(444250 333400)")
    wait_until(page, lambda: page.evaluate(f"{source}.getFeatures().length") == 1)
    settled(page)
    centre = page.evaluate(f"{drawing_map(page)}.map.getView().getCenter()")
    assert abs(centre[0] - 444250) < 1 and abs(centre[1] - 333400) < 1

    # A second point is a second part: the field says MULTIPOINT.
    drafting.get_by_role("button", name="Point").click()
    box = drafting.locator(".portal-map__view").bounding_box()
    x, y = pixel_of(page, 444270, 333420)
    page.mouse.click(box["x"] + x, box["y"] + y)
    location = page.locator("#id_provision-0-geometry")
    wait_until(page, lambda: location.input_value().startswith("SRID=27700;MULTIPOINT("))
    assert len(wkt_pairs(location.input_value())) == 2

    # Stop drawing, select the first point, delete it: one point is left. (A pause between
    # clicks on the map, as a person makes: two within 250 ms are a double-click, a zoom.)
    drafting.get_by_role("button", name="Point").click()
    page.wait_for_timeout(300)
    x, y = pixel_of(page, 444250, 333400)
    page.mouse.click(box["x"] + x, box["y"] + y)
    drafting.locator("[data-draw-status]").get_by_text("Part selected").wait_for()
    drafting.get_by_role("button", name="Delete the selected part").click()
    wait_until(page, lambda: location.input_value().startswith("SRID=27700;POINT("))
    (left,) = wkt_pairs(location.input_value())
    assert abs(left[0] - 444270) <= 3 and abs(left[1] - 333420) <= 3

    # Drawing an area replaces the points: one place has one kind of shape.
    drafting.get_by_role("button", name="Area").click()
    page.wait_for_timeout(300)
    settled(page)
    corners = [pixel_of(page, *c) for c in [(444230, 333380), (444290, 333380), (444290, 333430)]]
    for cx, cy in corners[:-1]:
        page.mouse.click(box["x"] + cx, box["y"] + cy)
    page.mouse.dblclick(box["x"] + corners[-1][0], box["y"] + corners[-1][1])
    wait_until(page, lambda: location.input_value().startswith("SRID=27700;POLYGON(("))
    assert page.evaluate(f"{source}.getFeatures().length") == 1


def test_a_point_drawn_beside_a_street_snaps_onto_it(
    live_server: Any, page: Any, tra: Any, officer: Any, settings: Any
) -> None:
    from shapely import wkt as shapely_wkt
    from shapely.geometry import LineString

    from streetworks.emulator import fixtures

    settings.MAP_HOME_EXTENT = TAUNTON
    street_manager_account_for(tra, live_server.url)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}/dtros/new/form/")
    drafting = page.locator(DRAW_MAP)
    drafting.scroll_into_view_if_needed()
    drafting.locator("canvas").first.wait_for()
    settled(page)
    streets = f"{drawing_map(page)}.map.portalStreets"
    # The streets come in 500 m tiles, in any order: wait for Fore Street itself.
    wait_until(
        page,
        lambda: page.evaluate(f"{streets}.getFeatureById({FORE_STREET_USRN}) !== null"),
        seconds=20,
    )
    assert drafting.get_by_label("Snap to streets").is_checked()

    # Six pixels north of the middle of Fore Street's second stretch.
    drafting.get_by_role("button", name="Point").click()
    box = drafting.locator(".portal-map__view").bounding_box()
    x, y = pixel_of(page, 323125, 124620)
    page.mouse.click(box["x"] + x, box["y"] + y - 6)
    location = page.locator("#id_provision-0-geometry")
    wait_until(page, lambda: location.input_value() != "")

    point = shapely_wkt.loads(location.input_value().split(";", 1)[1])
    fore_street = LineString(fixtures.STREETS[FORE_STREET_USRN]["line"])
    assert point.distance(fore_street) < 0.05
