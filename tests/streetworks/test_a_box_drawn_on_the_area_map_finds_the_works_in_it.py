"""In Chromium, the officer draws a box on the street-works search's area map: the four
corners fill with whole metres in British National Grid, and the search lists the works
inside the box from the Street Manager emulator over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.browser_helpers import sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_OF = "document.querySelector('#works-area-map').portalMap"
# Around the emulator's works at Bridge Street (DC1000100002, a point at 322720 125060).
WEST, SOUTH, EAST, NORTH = 322600, 124900, 322800, 125200


def press_drag_release(page: Any, x1: float, y1: float, x2: float, y2: float) -> None:
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=5)
    page.mouse.move(x2, y2, steps=5)
    page.mouse.up()


def click_move_click(page: Any, x1: float, y1: float, x2: float, y2: float) -> None:
    page.mouse.click(x1, y1)
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=5)
    page.mouse.move(x2, y2, steps=5)
    page.mouse.click(x2, y2)


@pytest.mark.parametrize(
    "gesture",
    [
        pytest.param(press_drag_release, id="drag"),
        pytest.param(click_move_click, id="click-corners"),
    ],
)
def test_a_box_drawn_on_the_map_fills_the_corners_and_finds_the_works_inside(
    live_server: Any,
    page: Any,
    screenshot_dir: Path,
    officer: Any,
    sm_account: Any,
    emulator: Any,
    gesture: Any,
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    sign_in(page, base, officer.email)
    page.goto(f"{base}{reverse('streetworks:search')}")
    page.get_by_text("Search a map area (British National Grid)").click()

    view = page.get_by_role("region", name="Map: drag a box to choose the area to search")
    view.locator("canvas").first.wait_for()
    view.scroll_into_view_if_needed()
    page.evaluate(
        f"{MAP_OF}.getView().fit([{WEST - 100}, {SOUTH - 100}, {EAST + 100}, {NORTH + 100}])"
    )
    wait_until(page, lambda: not page.evaluate(f"{MAP_OF}.getView().getAnimating()"))
    corners = page.evaluate(
        f"(() => {{ const map = {MAP_OF}; map.renderSync();"
        f" return [map.getPixelFromCoordinate([{WEST}, {NORTH}]),"
        f" map.getPixelFromCoordinate([{EAST}, {SOUTH}])]; }})()"
    )
    box = view.bounding_box()
    (x1, y1), (x2, y2) = ((box["x"] + x, box["y"] + y) for x, y in corners)
    gesture(page, x1, y1, x2, y2)

    fields = {
        name: page.get_by_label(label, exact=True)
        for name, label in [
            ("west", "West (minimum easting)"),
            ("south", "South (minimum northing)"),
            ("east", "East (maximum easting)"),
            ("north", "North (maximum northing)"),
        ]
    }
    wait_until(page, lambda: all(field.input_value() for field in fields.values()))
    values = {name: field.input_value() for name, field in fields.items()}
    assert all(value.isdigit() for value in values.values()), values
    # Whole metres, within a few pixels of the corners dragged between.
    expected = {"west": WEST, "south": SOUTH, "east": EAST, "north": NORTH}
    assert all(abs(int(values[name]) - expected[name]) < 10 for name in expected), values

    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 works found").wait_for()
    assert "DC1000100002" in page.locator("table").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "works-area-search.png"), full_page=True)
    assert errors == []
