"""In Chromium, a supervisor opens Email settings from the navigation, chooses the daily
digest and sees it saved; axe finds no serious problem on the page."""

from __future__ import annotations

import pytest

from accounts.models import EmailPreference
from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_chooses_the_daily_digest(live_server, page, screenshot_dir, supervisor):
    base = live_server.url
    sign_in(page, base, "supervisor@demo.example")
    page.get_by_role("link", name="Email settings").click()
    page.get_by_role("heading", name="Email settings").wait_for()
    assert page.get_by_label("At once: an email for each order sent for approval").is_checked()
    assert serious_axe_violations(page, base) == []
    page.get_by_label("Once a day: one email listing every order awaiting me").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Emails about orders awaiting your approval: once a day.").wait_for()
    page.screenshot(path=str(screenshot_dir / "saved.png"), full_page=True)
    assert page.get_by_label("Once a day: one email listing every order awaiting me").is_checked()
    assert serious_axe_violations(page, base) == []
    assert EmailPreference.objects.get(user=supervisor).approval_emails == "daily_digest"
