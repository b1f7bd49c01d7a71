"""The service pages, rendered in Chromium, have no serious or critical axe-core findings."""

from __future__ import annotations

import pytest
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_events_history_diff_schemas_and_export_pass_axe(
    live_server, page, screenshot_dir, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    dtro = publish_update(dtro, officer, supervisor, new_name="Renamed for axe")
    sign_in(page, live_server.url, "officer@demo.example")
    pages = {
        "search": f"{reverse('dtro_app:search')}?troName=Renamed",
        "events": f"{reverse('dtro_app:events')}?since=2020-01-01T00:00",
        "history": reverse("dtro_app:dtro_history", args=[dtro.pk]),
        "diff": f"{reverse('dtro_app:dtro_history_diff', args=[dtro.pk])}?a=revision-1&b=service",
        "schemas": reverse("dtro_app:schemas"),
        "schema": reverse("dtro_app:schema_detail", args=["4.0.0"]),
        "export": reverse("dtro_app:export"),
        "service-record": reverse("dtro_app:service_dtro", args=[dtro.service_id]),
    }
    found = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
        assert page.get_by_role("heading", level=1).count() == 1
        violations = serious_axe_violations(page, live_server.url)
        if violations:
            found[name] = violations
    assert found == {}
