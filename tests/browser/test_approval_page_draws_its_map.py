"""In Chromium, the approval page draws an amendment on the map: what is published now muted
and dashed under the change, a key for each and for the regulation, no console errors, and
axe finds nothing serious."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import amendment_awaiting_approval

from tests.browser.browser_helpers import (
    console_errors,
    serious_axe_violations,
    sign_in,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approval_page_draws_the_change_before_and_after(
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
    sign_in(page, base, "supervisor@demo.example")
    page.goto(f"{base}/approvals/{revision.pk}/")
    page.wait_for_load_state("networkidle")

    view = page.get_by_role("region", name="Map of the regulated places")
    view.locator("canvas").first.wait_for()
    assert page.locator("[data-map-fallback]").is_hidden()
    legend = page.locator(".portal-map__side").inner_text()
    assert "Before: published now" in legend and "After: this change" in legend
    map_of = "document.querySelector('.portal-map__view').portalMap"
    wait_until(page, lambda: not page.evaluate(f"{map_of}.getView().getAnimating()"))
    # The grid and the TRA's context (streets, other orders), then what is published now,
    # then the change on top.
    counts = page.evaluate(
        f"{map_of}.getLayers().getArray().slice(-2).map(l => l.getSource().getFeatures().length)"
    )
    assert len(counts) == 2 and all(counts)

    page.screenshot(path=str(screenshot_dir / "approval-map.png"), full_page=True)
    assert errors == []
    assert serious_axe_violations(page, base) == []
