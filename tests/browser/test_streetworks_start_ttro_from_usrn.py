from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"


def _serious_accessibility_problems(page) -> list[str]:
    # Evaluated over the devtools protocol, so the page's strict CSP does not apply to axe.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run()).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id}: ${v.nodes.map(n => n.target).join(', ')}`)"""
    )


def test_an_officer_finds_works_by_usrn_and_starts_a_prefilled_ttro(
    live_server, page, screenshot_dir, tra, officer
):
    from dtro_app.models import Dtro
    from streetworks.emulator import state
    from streetworks.models import StreetManagerAccount, StreetManagerEnvironment

    state.reset()
    account = StreetManagerAccount(
        authority=tra,
        environment=StreetManagerEnvironment.EMULATOR,
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

    page.goto(f"{live_server.url}/streetworks/")
    page.get_by_label("USRN (Unique Street Reference Number)").fill("39608173")
    page.get_by_role("button", name="Search").click()
    page.screenshot(path=str(screenshot_dir / "1-works-on-the-street.png"), full_page=True)
    assert page.get_by_role("heading", name="2 works found").is_visible()
    assert _serious_accessibility_problems(page) == []

    page.get_by_role("link", name="DC1000100001").click()
    page.screenshot(path=str(screenshot_dir / "2-works.png"), full_page=True)
    assert "Road closure" in page.content()
    assert _serious_accessibility_problems(page) == []

    page.get_by_role("button", name="Start a TTRO from this permit").click()
    page.wait_for_load_state()
    dtro = Dtro.objects.get()
    page.screenshot(path=str(screenshot_dir / "3-prefilled-draft.png"), full_page=True)
    assert page.url.endswith(dtro.get_absolute_url())
    assert f"Draft {dtro.reference} started from Street Manager permit" in page.content()
    assert "East Reach" in page.content()
    assert dtro.current_revision.is_valid
