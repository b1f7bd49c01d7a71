"""In Chromium, comparing the published version of an order with its amendment draws both on
one map: the older version's place muted underneath, the newer's on top, with no errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from factories import amendment_awaiting_approval

from tests.browser.browser_helpers import console_errors, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_OF = "document.querySelector('.portal-map__view').portalMap"


def test_comparing_two_versions_draws_the_older_under_the_newer(
    live_server: Any,
    page: Any,
    screenshot_dir: Path,
    tra: Any,
    officer: Any,
    supervisor: Any,
    sandbox_credential: Any,
) -> None:
    revision = amendment_awaiting_approval(tra, officer, supervisor)
    errors = console_errors(page)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    diff = reverse("dtro_app:dtro_history_diff", args=[revision.dtro_id])
    page.goto(f"{base}{diff}?a=revision-1&b=revision-2")
    page.wait_for_load_state("networkidle")

    view = page.get_by_role("region", name="Map of the regulated places")
    view.locator("canvas").first.wait_for()
    legend = page.locator(".portal-map__side").inner_text()
    assert "Before" in legend and "After" in legend
    wait_until(page, lambda: not page.evaluate(f"{MAP_OF}.getView().getAnimating()"))
    # The two top layers: the older version, then the newer drawn over it. Each has the
    # one place, on its own line.
    drawn = page.evaluate(
        f"{MAP_OF}.getLayers().getArray().slice(-2).map(layer =>"
        " layer.getSource().getFeatures().map(f => f.getGeometry().getCoordinates()))"
    )
    assert drawn == [
        [[[444200, 333200], [444300, 333260], [444400, 333300]]],
        [[[444200, 333200], [444250, 333400], [444400, 333300]]],
    ]
    page.screenshot(path=str(screenshot_dir / "compare-map.png"), full_page=True)
    assert errors == []


def test_a_newer_version_with_no_places_still_draws_the_older(
    live_server: Any, page: Any, tra: Any, officer: Any
) -> None:
    from tests.service_pages.test_compare_versions_overlays_them_on_a_map import (
        OLDER,
        two_revisions,
    )

    dtro = two_revisions(tra, officer, OLDER, None)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    diff = reverse("dtro_app:dtro_history_diff", args=[dtro.pk])
    page.goto(f"{base}{diff}?a=revision-1&b=revision-2")

    page.get_by_role("region", name="Map of the regulated places").locator(
        "canvas"
    ).first.wait_for()
    drawn = page.evaluate(
        f"{MAP_OF}.getLayers().getArray().slice(-2).map(layer =>"
        " layer.getSource().getFeatures().length)"
    )
    assert drawn == [1, 0]
