"""In Chromium: an officer sends all matching drafts from the dashboard, a supervisor checks
the summary and approves all; every page on the way passes axe (no serious problem)."""

from __future__ import annotations

import pytest
from factories import draft_dtro, valid_document

from dtro_app.models import DeliveryBatch, RevisionState
from portal.celery import app
from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page, base) -> list[str]:
    page.wait_for_load_state("networkidle")
    return [f"{page.url}: {problem}" for problem in serious_axe_violations(page, base)]


def test_sending_and_approving_a_batch_in_the_browser(
    live_server, page, browser, screenshot_dir, tra, officer, supervisor, sandbox_credential
):
    drafts = [draft_dtro(tra, officer, valid_document(tra, name_suffix=f" {i}")) for i in range(2)]
    base = live_server.url
    problems: list[str] = []

    sign_in(page, base, "officer@demo.example")
    page.goto(f"{base}/?status=draft")
    problems += _axe(page, base)
    page.get_by_role("button", name="Send all 2 matching drafts for approval").click()
    page.get_by_text("2 of 2 done").wait_for()
    problems += _axe(page, base)
    page.screenshot(path=str(screenshot_dir / "01-sent.png"), full_page=True)

    supervisor_page = browser.new_page()
    try:
        sign_in(supervisor_page, base, "supervisor@demo.example")
        supervisor_page.goto(f"{base}/approvals/batch/")
        problems += _axe(supervisor_page, base)
        supervisor_page.get_by_role("button", name="Check all 2 matching").click()
        supervisor_page.get_by_text("Provisions in total").wait_for()
        problems += _axe(supervisor_page, base)
        supervisor_page.screenshot(path=str(screenshot_dir / "02-summary.png"), full_page=True)
        supervisor_page.get_by_role("button", name="Approve 2 D-TROs").click()
        supervisor_page.get_by_text("0 of 2 published").wait_for()
        problems += _axe(supervisor_page, base)
        supervisor_page.screenshot(path=str(screenshot_dir / "03-batch.png"), full_page=True)
    finally:
        supervisor_page.close()
        app.control.purge()

    assert problems == []
    assert DeliveryBatch.objects.count() == 2
    for dtro in drafts:
        dtro.current_revision.refresh_from_db()
        assert dtro.current_revision.state == RevisionState.APPROVED
