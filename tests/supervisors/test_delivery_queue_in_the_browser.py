"""A supervisor cancels a failed submission from the admin's delivery queue in Chromium."""

from __future__ import annotations

import pytest
from factories import approved_submission

from tests.browser.browser_helpers import serious_axe_violations, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_cancels_a_failed_submission(live_server, page, screenshot_dir):
    from dtro_app.models import Submission, SubmissionState, TrafficAuthority

    authority = TrafficAuthority.objects.create(code=99999, name="Demo County Council")
    officer = make_user("officer@demo.example", authority, "officer")
    supervisor = make_user("supervisor@demo.example", authority, "supervisor", staff=True)
    submission = approved_submission(authority, officer, supervisor)
    Submission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.FAILED, last_error="The D-TRO service answered 503"
    )

    sign_in(page, live_server.url, supervisor.email)
    page.goto(f"{live_server.url}/admin/")
    assert "1 failed submission" in page.content()
    page.screenshot(path=str(screenshot_dir / "1-index.png"), full_page=True)

    page.get_by_role("link", name="1 failed submission").click()
    page.screenshot(path=str(screenshot_dir / "2-queue.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []

    page.get_by_role("link", name=str(submission.pk), exact=True).click()
    page.screenshot(path=str(screenshot_dir / "3-submission.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
    page.get_by_role("button", name="Cancel…").click()
    page.screenshot(path=str(screenshot_dir / "4-reason.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
    page.get_by_label("Why are you cancelling?").fill("Superseded by a corrected order")
    page.get_by_role("button", name="Cancel submission").click()
    page.locator(".messagelist .success").wait_for()
    assert "1 submission(s) cancelled." in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(screenshot_dir / "5-cancelled.png"), full_page=True)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.CANCELLED
