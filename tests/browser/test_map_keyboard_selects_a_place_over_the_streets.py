"""In Chromium, a D-TRO's map draws its context: the streets from the TRA's Street Manager
account (the bundled emulator's Taunton streets) and, muted, the TRA's other orders but not
the order itself. From the keyboard, a place's "Show ... on the map" button in the list
selects it and the side panel names its provision; axe finds nothing serious."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import draft_dtro, valid_document

from tests.browser.browser_helpers import (
    console_errors,
    serious_axe_violations,
    sign_in,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "document.querySelector('.portal-map__view').portalMap"


def closure_on(tra: Any, officer: Any, places: list[tuple[str, str]]) -> Any:
    """An order closing each (description, WKT) place, one provision per place."""
    document = valid_document(tra)
    first = document["data"]["source"]["provision"][0]
    first["regulation"]["generalRegulation"] = {"regulationType": "miscRoadClosure"}
    provisions = []
    for index, (description, wkt) in enumerate(places):
        provision = {**first, "reference": f"{first['reference'][:-4]}P{index:03d}"}
        provision["regulatedPlace"] = [
            {
                **first["regulatedPlace"][0],
                "description": description,
                "linearGeometry": {
                    **first["regulatedPlace"][0]["linearGeometry"],
                    "linestring": f"SRID=27700;{wkt}",
                },
            }
        ]
        provisions.append(provision)
    document["data"]["source"]["provision"] = provisions
    return draft_dtro(tra, officer, document)


def test_the_map_draws_streets_and_other_orders_and_the_keyboard_selects_a_place(
    live_server: Any, page: Any, screenshot_dir: Path, tra: Any, officer: Any
) -> None:
    from streetworks.services import use_emulator_account

    use_emulator_account(tra, f"{live_server.url}/streetmanager-sandbox/v6")
    dtro = closure_on(
        tra,
        officer,
        [
            ("East Reach, closed", "LINESTRING(323464 124595, 323544 124622)"),
            ("Fore Street, closed", "LINESTRING(323050 124640, 323200 124600)"),
        ],
    )
    other = closure_on(
        tra, officer, [("Canon Street, no entry", "LINESTRING(323260 124800, 323320 125000)")]
    )
    errors = console_errors(page)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{dtro.get_absolute_url()}")
    view = page.get_by_role("region", name="Map of the regulated places")
    view.locator("canvas").first.wait_for()

    # The streets around the order, from Street Manager's street lookup, with their USRNs.
    usrns = f"{MAP}.portalStreets.getFeatures().map(f => f.get('usrn'))"
    # East Reach and Fore Street, each read with its 500 m tile.
    wait_until(page, lambda: {39608173, 39610003} <= set(page.evaluate(usrns)))
    # The TRA's other order, not this one.
    orders = f"{MAP}.portalOrders.getSource().getFeatures().map(f => f.get('reference'))"
    wait_until(page, lambda: bool(page.evaluate(orders)))
    assert set(page.evaluate(orders)) == {other.reference}

    # Keyboard only: open the list of places, tab to a place's button and press Enter.
    summary = page.locator("summary", has_text="places on the map, as a list")
    summary.focus()
    page.keyboard.press("Enter")
    button = page.get_by_role("button", name="Show Fore Street, closed on the map")
    button.focus()
    page.keyboard.press("Enter")
    panel = page.locator(".portal-map__selected")
    panel.get_by_text("Fore Street, closed").wait_for()
    assert dtro.current_revision.document["data"]["source"]["provision"][1]["reference"] in (
        panel.inner_text()
    )
    assert "Road closure" in panel.inner_text()
    selected = f"{MAP}.getInteractions().getArray().find(i => i.getFeatures).getFeatures()"
    assert page.evaluate(f"{selected}.item(0).get('place')") == "Fore Street, closed"
    # The view moved to the place: its middle is on screen.
    wait_until(page, lambda: not page.evaluate(f"{MAP}.getView().getAnimating()"))
    extent = page.evaluate(f"{MAP}.getView().calculateExtent()")
    assert extent[0] < 323125 < extent[2] and extent[1] < 124620 < extent[3]

    page.screenshot(path=str(screenshot_dir / "map.png"), full_page=True)
    assert errors == []
    assert serious_axe_violations(page, base) == []


def test_the_search_area_map_starts_on_the_tras_orders(
    live_server: Any, page: Any, tra: Any, officer: Any, sandbox_credential: Any
) -> None:
    from django.urls import reverse

    closure_on(tra, officer, [("East Reach, closed", "LINESTRING(323464 124595, 323544 124622)")])
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{reverse('dtro_app:search')}")
    area_map = "document.querySelector('#search-area-map').portalMap"
    page.locator("#search-area-map canvas").first.wait_for()
    extent = page.evaluate(f"{area_map}.getView().calculateExtent()")
    # Around the order (widened to 1 km), not all of Great Britain.
    assert extent[0] < 323464 and extent[2] > 323544
    assert extent[1] < 124595 and extent[3] > 124622
    assert extent[2] - extent[0] < 5_000
