"""axe-core, run in Chromium, finds no serious or critical problem on any page an officer or
a supervisor can reach (every URL name that exists, in the states that change the page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from factories import awaiting_approval, draft_dtro, published_dtro, valid_document

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def url(name: str, *args: Any, query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None  # that area's page is not built yet


def problems_on(page: Any, base: str, path: str) -> list[str]:
    response = page.goto(f"{base}{path}")
    if response is None or response.status != 200:
        return [f"{path}: HTTP {response.status if response else 'no response'}"]
    page.wait_for_load_state("networkidle")
    return [f"{path}: {problem}" for problem in serious_axe_violations(page, base)]


def check_pages(page: Any, base: str, paths: list[str | None], screenshot_dir: Any) -> list[str]:
    found: list[str] = []
    for index, path in enumerate(p for p in paths if p):
        found.extend(problems_on(page, base, path))
        page.screenshot(path=str(screenshot_dir / f"{index:02d}.png"), full_page=True)
    return found


def test_every_officer_page_passes_axe(
    live_server, page, screenshot_dir, tra, officer, supervisor, sandbox_credential
):
    from dtro_app.approvals.services import reject
    from dtro_app.drafting.services import flag_for_review

    published = published_dtro(tra, officer, supervisor)
    flag_for_review(published, reason="The street works behind this order were cancelled.")
    draft = draft_dtro(tra, officer)
    invalid = valid_document(tra)
    invalid["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"][
        "linestring"
    ] = "SRID=27700;LINESTRING(9444284 333253, 444290 333260)"
    invalid_draft = draft_dtro(tra, officer, invalid)
    rejected = awaiting_approval(tra, officer)
    reject(rejected, user=supervisor, reason="The times on provision 1 are wrong.")
    base = live_server.url
    sign_in(page, base, "officer@demo.example")
    paths = [
        url("dtro_app:dashboard"),
        url("dtro_app:dashboard", query="?status=draft&q=Derbyshire"),
        url("dtro_app:accessibility"),
        url("dtro_app:authority_detail", tra.code),
        url("dtro_app:dtro_detail", draft.pk),
        url("dtro_app:dtro_detail", invalid_draft.pk),
        url("dtro_app:dtro_detail", rejected.dtro_id),
        url("dtro_app:dtro_detail", published.pk),
        url("dtro_app:dtro_delete", draft.pk),
        url("dtro_app:dtro_delete", published.pk),
        url("dtro_app:dtro_create"),
        url("dtro_app:dtro_create_form"),
        url("dtro_app:dtro_create_json"),
        url("dtro_app:dtro_create_upload"),
        url("dtro_app:dtro_edit_form", draft.pk),
        url("dtro_app:dtro_edit_json", draft.pk),
        url("dtro_app:dtro_revoke", published.pk),
        url("dtro_app:dtro_history", published.pk),
        url("dtro_app:service_dtro", published.service_id),
        url("dtro_app:search"),
        url("dtro_app:events"),
        url("dtro_app:schemas"),
        url("dtro_app:schema_detail", published.schema_version),
        url("dtro_app:export"),
        url("streetworks:search"),
    ]
    assert check_pages(page, base, paths, screenshot_dir) == []


def test_every_supervisor_page_passes_axe(
    live_server, page, screenshot_dir, tra, officer, supervisor
):
    waiting = awaiting_approval(tra, officer)
    base = live_server.url
    sign_in(page, base, "supervisor@demo.example")
    paths = [
        url("dtro_app:dashboard"),
        url("dtro_app:approvals"),
        url("dtro_app:approval_decide", waiting.pk),
        url("dtro_app:dtro_detail", waiting.dtro_id),
        url("dtro_app:delivery_health"),
        url("admin:index"),
    ]
    assert check_pages(page, base, paths, screenshot_dir) == []
