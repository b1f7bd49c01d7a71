"""In Chromium: an order's HTML schedule passes axe and fetches nothing; a supervisor types in
a template and the preview follows as they type (htmx), and that page passes axe too."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from factories import draft_dtro

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_html_schedule_passes_axe_and_fetches_nothing(
    live_server: Any, browser: Any, screenshot_dir: Path, tra: Any, officer: Any
) -> None:
    order = draft_dtro(tra, officer)
    base = live_server.url
    # The document's own policy allows no script at all, so axe is let in past it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None,
    )
    try:
        sign_in(page, base, "officer@demo.example")
        page.goto(f"{base}/documents/dtros/{order.pk}/schedule.html")

        assert page.get_by_role("heading", level=1).inner_text().startswith("DfT Example")
        table = page.get_by_role("table", name="Schedule of provisions")
        assert "West side, Market Street, Draycott" in table.inner_text()
        image = page.get_by_role("img", name="Map of the places", exact=False)
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=str(screenshot_dir / "schedule.png"), full_page=True)
        assert outside == []
        assert serious_axe_violations(page, base) == []
    finally:
        context.close()


def test_the_preview_follows_the_template_as_a_supervisor_types(
    live_server: Any, page: Any, screenshot_dir: Path, tra: Any, officer: Any, supervisor: Any
) -> None:
    order = draft_dtro(tra, officer)
    base = live_server.url
    sign_in(page, base, "supervisor@demo.example")
    page.goto(f"{base}/documents/templates/{tra.code}/notice_of_making/")
    preview = page.locator("#document-preview")
    assert "Notice of making:" in preview.inner_text()

    page.get_by_label("Template").fill(
        "<h1>Made today</h1><p>{{ order.reference }}: {{ roads|join:', ' }}</p>"
    )

    deadline = time.monotonic() + 10
    while "Made today" not in page.locator("#document-preview").inner_text():
        assert time.monotonic() < deadline, "the preview did not follow the template"
        page.wait_for_timeout(100)
    text = page.locator("#document-preview").inner_text()
    assert f"{order.reference}: West side, Market Street, Draycott" in text
    page.screenshot(path=str(screenshot_dir / "template.png"), full_page=True)
    assert serious_axe_violations(page, base) == []
