"""axe-core, run in Chromium, finds no serious or critical problem on the pages that show the
new states (the dashboard and the order's page) or the service's history and its default
comparison."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import draft_dtro, published_dtro

from dtro_app.models import Dtro, DtroStatus
from tests.browser.browser_helpers import serious_axe_violations, sign_in
from tests.service_pages.service_helpers import publish_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_states_history_and_compare_pages_pass_axe(
    live_server, page, screenshot_dir, tra, officer, supervisor, sandbox_credential
):
    amended = publish_update(
        published_dtro(tra, officer, supervisor), officer, supervisor, new_name="Renamed"
    )
    shown = {}
    for state in (DtroStatus.PARTLY_REVOKED, DtroStatus.REVOKED, DtroStatus.EXPIRED):
        dtro = draft_dtro(tra, officer)
        Dtro.objects.filter(pk=dtro.pk).update(status=state)
        shown[state] = dtro
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    paths = [
        reverse("dtro_app:dashboard"),
        reverse("dtro_app:dashboard") + "?status=revoked",
        *(reverse("dtro_app:dtro_detail", args=[dtro.pk]) for dtro in shown.values()),
        reverse("dtro_app:dtro_history", args=[amended.pk]),
        reverse("dtro_app:dtro_history_diff", args=[amended.pk]) + "?a=source-0&b=service",
    ]
    problems: list[str] = []
    for index, path in enumerate(paths):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {problem}" for problem in serious_axe_violations(page, base)]
        page.screenshot(path=str(screenshot_dir / f"{index:02d}.png"), full_page=True)
    assert problems == []
    page.goto(f"{base}{reverse('dtro_app:dashboard')}")
    for label in ("Partly revoked", "Revoked", "Expired"):
        assert page.get_by_role("link", name=f"1 {label}").count() == 1
