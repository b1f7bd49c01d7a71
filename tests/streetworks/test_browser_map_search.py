from __future__ import annotations

import pytest

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_works_on_the_map_and_pans_to_them(
    live_server, page, screenshot_dir, tra, officer, sm_account
):
    from streetworks.emulator import state

    state.reset()
    sign_in(page, live_server.url, officer.email)

    page.goto(
        f"{live_server.url}/streetworks/?min_easting=323300&min_northing=124400"
        "&max_easting=323900&max_northing=124800"
    )
    page.screenshot(path=str(screenshot_dir / "1-map.png"), full_page=True)
    assert page.get_by_role("heading", name="2 works found").is_visible()
    assert serious_axe_violations(page, live_server.url) == []

    page.get_by_role("link", name="Zoom out").click()
    page.get_by_role("link", name="Move north").click()
    page.screenshot(path=str(screenshot_dir / "2-panned.png"), full_page=True)
    assert page.get_by_role("heading", name="3 works found").is_visible()

    page.get_by_role("link", name="DC1000100004: Contra-flow, Priory Avenue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "DC1000100004: Priory Avenue"
