"""A supervisor rejects one D-TRO and approves another in Chromium; the pages pass axe."""

from __future__ import annotations

import pytest
from factories import awaiting_approval

from tests.browser.browser_helpers import serious_axe_violations
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_rejects_then_approves(live_server, page, screenshot_dir):
    from dtro_app.models import RevisionState, Submission, TrafficAuthority

    authority = TrafficAuthority.objects.create(code=99999, name="Demo County Council")
    officer = make_user("officer@demo.example", authority, "officer")
    make_user("supervisor@demo.example", authority, "supervisor", staff=True)
    to_reject = awaiting_approval(authority, officer)
    to_approve = awaiting_approval(authority, officer)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("supervisor@demo.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/approvals/")
    page.screenshot(path=str(screenshot_dir / "1-approvals.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []

    page.get_by_role("link", name=to_reject.dtro.reference).click()
    page.get_by_role("button", name="Reject").click()
    # The refused form comes back as a new page: wait for it rather than read a half-loaded one.
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter why you are rejecting this D-TRO" in page.content()
    page.screenshot(path=str(screenshot_dir / "2-reason-missing.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
    page.get_by_label("Why are you rejecting it?").fill("The end date is wrong.")
    page.get_by_role("button", name="Reject").click()
    page.wait_for_url(f"{live_server.url}/approvals/")
    assert "rejected. We told the officer why." in page.content()

    page.get_by_role("link", name=to_approve.dtro.reference).click()
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url(f"{live_server.url}/approvals/")
    page.screenshot(path=str(screenshot_dir / "3-approved.png"), full_page=True)
    assert "Nothing is waiting for your approval." in page.content()

    to_reject.refresh_from_db()
    assert to_reject.state == RevisionState.REJECTED
    assert Submission.objects.filter(revision=to_approve).count() == 1
