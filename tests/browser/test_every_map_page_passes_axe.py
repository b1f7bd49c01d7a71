"""In Chromium, every page with a map has no serious or critical axe-core findings once its
map has drawn: an order's page, the approval page of an amendment (before and after), the
comparison of two versions, and the area maps of the service search and the street-works
search. (The guided form's drafting map has its own test.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from factories import amendment_awaiting_approval

from tests.browser.browser_helpers import serious_axe_violations, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def drawn(page: Any, view: str) -> bool:
    """The map in `view` has its size and has finished moving."""
    map_of = f"document.querySelector('{view}').portalMap"
    return bool(
        page.evaluate(f"!!{map_of} && !!{map_of}.getSize() && !{map_of}.getView().getAnimating()")
    )


def test_every_page_with_a_map_passes_axe(
    live_server: Any,
    page: Any,
    screenshot_dir: Path,
    tra: Any,
    officer: Any,
    supervisor: Any,
    sandbox_credential: Any,
) -> None:
    from streetworks.emulator import state
    from streetworks.services import use_emulator_account

    state.reset()
    use_emulator_account(tra, f"{live_server.url}/streetmanager-sandbox/v6")
    revision = amendment_awaiting_approval(tra, officer, supervisor)
    dtro = revision.dtro
    diff = reverse("dtro_app:dtro_history_diff", args=[dtro.pk])
    # Each page, the map's view on it, and the details to open first, if any.
    pages = {
        "dtro": (dtro.get_absolute_url(), "#portal-map-view", None),
        "approval": (
            reverse("dtro_app:approval_decide", args=[revision.pk]),
            "#portal-map-view",
            None,
        ),
        "compare": (f"{diff}?a=revision-1&b=revision-2", "#portal-map-view", None),
        "service-search": (reverse("dtro_app:search"), "#search-area-map", None),
        "street-works-search": (
            reverse("streetworks:search"),
            "#works-area-map",
            "Search a map area (British National Grid)",
        ),
    }
    base = live_server.url
    sign_in(page, base, "supervisor@demo.example")
    found = {}
    for name, (path, view, details) in pages.items():
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        if details:
            page.get_by_text(details).click()
        page.locator(f"{view} canvas").first.wait_for()
        wait_until(page, lambda view=view: drawn(page, view))
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
        violations = serious_axe_violations(page, base)
        if violations:
            found[name] = violations
    assert found == {}
