from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_officer_signs_in_and_sees_the_dashboard(live_server, page, screenshot_dir):
    from dtro_app.models import TrafficAuthority

    authority = TrafficAuthority.objects.create(code=99999, name="Demo County Council")
    make_user("officer@demo.example", authority, "officer")

    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(screenshot_dir / "1-sign-in.png"), full_page=True)
    assert page.title().startswith("Sign in")

    page.get_by_label("Email").fill("officer@demo.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/")
    page.screenshot(path=str(screenshot_dir / "2-dashboard.png"), full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Your D-TROs"
    assert "Demo County Council" in page.content()
    # GOV.UK Frontend's JavaScript ran (no CSP violation stopped it).
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
