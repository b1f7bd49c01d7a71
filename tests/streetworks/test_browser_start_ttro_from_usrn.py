from __future__ import annotations

import pytest

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_works_by_usrn_and_starts_a_prefilled_ttro(
    live_server, page, screenshot_dir, tra, officer, sm_account
):
    from dtro_app.models import Dtro
    from streetworks.emulator import state

    state.reset()

    sign_in(page, live_server.url, officer.email)

    page.goto(f"{live_server.url}/streetworks/")
    page.get_by_label("USRN (Unique Street Reference Number)").fill("39608173")
    page.get_by_role("button", name="Search").click()
    page.screenshot(path=str(screenshot_dir / "1-works-on-the-street.png"), full_page=True)
    assert page.get_by_role("heading", name="2 works found").is_visible()
    assert serious_axe_violations(page, live_server.url) == []

    page.get_by_role("link", name="DC1000100001").click()
    page.screenshot(path=str(screenshot_dir / "2-works.png"), full_page=True)
    assert "Road closure" in page.content()
    assert serious_axe_violations(page, live_server.url) == []

    page.get_by_role("button", name="Start a TTRO from this permit").click()
    page.wait_for_load_state()
    dtro = Dtro.objects.get()
    page.screenshot(path=str(screenshot_dir / "3-prefilled-draft.png"), full_page=True)
    assert page.url.endswith(dtro.get_absolute_url())
    assert f"Draft {dtro.reference} started from Street Manager permit" in page.content()
    assert "East Reach" in page.content()
    assert dtro.current_revision.is_valid
