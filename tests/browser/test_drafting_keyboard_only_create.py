"""An officer creates a D-TRO with the guided form using only the keyboard; pages pass axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.browser_helpers import serious_axe_violations
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has focus (as a keyboard user would)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {selector} with the Tab key")


def test_an_officer_creates_a_dtro_with_the_keyboard_only(live_server, page, screenshot_dir):
    from dtro_app.models import Dtro, TrafficAuthority

    authority = TrafficAuthority.objects.create(code=99999, name="Demo County Council")
    make_user("officer@demo.example", authority, "officer")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("officer@demo.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/dtros/new/")
    assert serious_axe_violations(page, live_server.url) == []
    page.screenshot(path=str(screenshot_dir / "1-start.png"), full_page=True)
    _tab_to(page, "#id_method_0")
    page.keyboard.press("Space")  # the guided form
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dtros/new/form/**")

    _tab_to(page, "input[name=order_type]")
    page.keyboard.press("ArrowDown")  # temporary
    page.keyboard.press("ArrowUp")  # back to permanent: arrows move and select
    _tab_to(page, "#id_troName")
    page.keyboard.type("High Street (No Waiting) Order 2025")
    _tab_to(page, "#id_statementDescription")
    page.keyboard.type("Prohibits waiting on High Street.")
    for field, day, month, year in (("madeDate", "27", "1", "2025"),
                                    ("comingIntoForceDate", "3", "2", "2025")):  # fmt: skip
        for box, value in (("day", day), ("month", month), ("year", year)):
            _tab_to(page, f"#id_{field}_{box}")
            page.keyboard.type(value)
    _tab_to(page, "#id_provision-0-provisionDescription")
    page.keyboard.type("No waiting at any time")
    # The filter box before the list narrows it to the code typed; then pick from the list.
    _tab_to(page, "#id_provision-0-regulationType-filter")
    page.keyboard.type("kerbsideNoWaiting")
    _tab_to(page, "#id_provision-0-regulationType")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "#id_provision-0-description")
    page.keyboard.type("High Street, north side")
    _tab_to(page, "#id_provision-0-geometry")
    page.keyboard.type("LINESTRING(320620 124993, 320625 125007)")
    _tab_to(page, "#id_provision-0-start")
    page.keyboard.type("03/02/2025 08:00")
    assert page.input_value("#id_provision-0-regulationType") == "kerbsideNoWaiting"
    assert serious_axe_violations(page, live_server.url) == []
    page.screenshot(path=str(screenshot_dir / "2-guided-form.png"), full_page=True)

    _tab_to(page, "#save-draft")
    page.keyboard.press("Enter")
    # Wait for the redirect to the D-TRO's page: "networkidle" can come before it starts.
    page.wait_for_url(re.compile(r"/dtros/\d+/"))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "3-saved.png"), full_page=True)

    dtro = Dtro.objects.get()
    revision = dtro.current_revision
    assert revision.is_valid, revision.validation_issues
    assert dtro.name == "High Street (No Waiting) Order 2025"
    assert f"/dtros/{dtro.pk}/" in page.url


def test_the_json_editor_validates_live_and_links_to_the_line(
    live_server, page, screenshot_dir, tra, officer
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("officer@demo.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/dtros/new/json/")
    # The starter skeleton is checked on load: an empty troName, no provisions...
    summary = page.locator("#live-validation .govuk-error-summary")
    summary.wait_for()
    assert "troName" in summary.inner_text() or "name" in summary.inner_text().lower()
    assert serious_axe_violations(page, live_server.url) == []
    page.screenshot(path=str(screenshot_dir / "1-json-editor.png"), full_page=True)

    # Following a problem's link puts the cursor on its line.
    link = page.locator("#live-validation a[data-pointer]").first
    assert "(line " in link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_document"

    # Break the JSON while typing: the summary says where, and nothing is lost.
    editor = page.locator("#id_document")
    editor.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(",")
    page.locator("#live-validation", has_text="This is not valid JSON yet").wait_for()
    page.locator("#autosave-status", has_text="Not saved yet").wait_for()
    page.screenshot(path=str(screenshot_dir / "2-not-json.png"), full_page=True)
