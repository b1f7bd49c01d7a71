"""In Chromium, 'Make this order smaller' passes axe-core, draws the order's three kerb lines
under the one merged place, and saving from the browser makes the smaller draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from factories import draft_dtro

from tests.browser.browser_helpers import console_errors, serious_axe_violations, sign_in
from tests.drafting.test_make_an_order_smaller import kerb_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_OF = "document.querySelector('.portal-map__view').portalMap"


def test_the_shrink_page_draws_both_and_saving_makes_the_smaller_draft(
    live_server: Any, page: Any, screenshot_dir: Path, tra: Any, officer: Any
) -> None:
    draft = draft_dtro(tra, officer, kerb_document(tra))
    errors = console_errors(page)
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}{draft.get_absolute_url()}")
    page.get_by_text("Make this order smaller").click()
    page.get_by_role("link", name="simplify its shapes and merge its places").click()
    page.wait_for_url(f"{base}{reverse('dtro_app:dtro_shrink', args=[draft.pk])}")

    page.get_by_role("region", name="Map of the regulated places").locator(
        "canvas"
    ).first.wait_for()
    assert serious_axe_violations(page, base) == []
    drawn = page.evaluate(
        f"{MAP_OF}.getLayers().getArray().slice(-2).map(layer =>"
        " layer.getSource().getFeatures().map(f => f.getGeometry().getType()))"
    )
    assert drawn == [["LineString"] * 3, ["MultiLineString"]]
    page.screenshot(path=str(screenshot_dir / "shrink-page.png"), full_page=True)

    page.get_by_role("button", name="Save the smaller order as a new draft").click()
    page.wait_for_url(f"{base}{draft.get_absolute_url()}")
    draft.refresh_from_db()
    assert draft.revisions.count() == 2
    assert errors == []
