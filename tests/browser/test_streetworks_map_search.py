from __future__ import annotations

import pytest
from django.conf import settings
from test_streetworks_start_ttro_from_usrn import _serious_accessibility_problems

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_works_on_the_map_and_pans_to_them(
    live_server, page, screenshot_dir, tra, officer
):
    from streetworks.emulator import state
    from streetworks.models import StreetManagerAccount

    state.reset()
    account = StreetManagerAccount(
        authority=tra,
        environment="emulator",
        base_url=f"{live_server.url}/streetmanager-sandbox/v6",
        email="api@99999.streetmanager.example",
    )
    account.set_password(settings.STREET_MANAGER_EMULATOR_PASSWORD)
    account.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(
        f"{live_server.url}/streetworks/?min_easting=323300&min_northing=124400"
        "&max_easting=323900&max_northing=124800"
    )
    page.screenshot(path=str(screenshot_dir / "1-map.png"), full_page=True)
    assert page.get_by_role("heading", name="2 works found").is_visible()
    assert _serious_accessibility_problems(page) == []

    page.get_by_role("link", name="Zoom out").click()
    page.get_by_role("link", name="Move north").click()
    page.screenshot(path=str(screenshot_dir / "2-panned.png"), full_page=True)
    assert page.get_by_role("heading", name="3 works found").is_visible()

    page.get_by_role("link", name="DC1000100004: Contra-flow, Priory Avenue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "DC1000100004: Priory Avenue"
