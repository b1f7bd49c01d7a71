"""The guided form's regulation types: grouped, and a filter box (with JavaScript) narrows the
list to what the officer types, by words, code or group, keeping the chosen one."""

from __future__ import annotations

import pytest

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELECT = "#id_provision-0-regulationType"
FILTER = "#id_provision-0-regulationType-filter"


def _options(page) -> list[str]:
    return page.eval_on_selector_all(f"{SELECT} option", "os => os.map(o => o.value)")


def _groups(page) -> list[str]:
    return page.eval_on_selector_all(f"{SELECT} optgroup", "gs => gs.map(g => g.label)")


def test_typing_in_the_filter_narrows_the_regulation_types(
    live_server, page, screenshot_dir, tra, officer
):
    sign_in(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/dtros/new/form/?version=4.0.0")
    everything = _options(page)
    assert len(everything) > 70
    assert _groups(page)[:2] == ["Waiting, loading and stopping", "Parking"]

    page.get_by_label("Filter the regulation types").fill("zig")
    assert _options(page) == [
        "",
        "kerbsideSchoolKeepClearYellowZigZagMandatory",
        "kerbsideOtherYellowZigZagMandatory",
    ]
    assert page.locator(f"{FILTER}-status").inner_text() == "2 regulation types match"
    page.screenshot(path=str(screenshot_dir / "1-filtered.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []

    page.select_option(SELECT, "kerbsideOtherYellowZigZagMandatory")
    page.fill(FILTER, "kerbsideNoWaiting")  # a code, as validation messages give it
    assert _options(page) == ["", "kerbsideNoWaiting", "kerbsideOtherYellowZigZagMandatory"]
    page.fill(FILTER, "banned movements")  # a group's name
    assert "bannedMovementNoUTurn" in _options(page)
    assert "kerbsideNoWaiting" not in _options(page)

    page.fill(FILTER, "")
    assert _options(page) == everything
    assert page.input_value(SELECT) == "kerbsideOtherYellowZigZagMandatory"
