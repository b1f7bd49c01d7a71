"""The whole journey in Chromium, with a real Celery worker delivering to the sandbox.

An officer creates a D-TRO with the guided form, fixes a validation error and sends it for
approval (keyboard only); a supervisor approves; the worker delivers it to the sandbox over
HTTP; the officer sees it published, finds it with the service search, amends it, and after
the second approval sees two versions in the service's history. Screenshots of every step
go to test-output/.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.browser.browser_helpers import sign_in
from tests.conftest import service_unavailable

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]

DELIVERY_TIMEOUT_MS = 60_000


@pytest.fixture
def celery_worker() -> Iterator[None]:
    """A real worker, in-process, consuming from the test Redis broker."""
    if not os.environ.get("REDIS_URL"):
        service_unavailable("the journey needs Redis as the Celery broker (set REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.control.purge()  # messages left by earlier tests name rows that no longer exist
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=20
    ):
        yield


def press(page: object, selector: str) -> None:
    """Activate a control from the keyboard, as a keyboard-only user would."""
    page.focus(selector)
    page.keyboard.press("Enter")


def approve_as_supervisor(browser: object, base: str, reference: str, shot: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, "supervisor@demo.example")
    page.goto(f"{base}/approvals/")
    page.get_by_role("link", name=reference).first.click()
    page.screenshot(path=shot, full_page=True)
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_load_state()
    context.close()


def wait_until_published(page: object) -> None:
    from playwright.sync_api import expect

    # The timeline polls while delivery is pending and reloads the page when it settles.
    expect(page.locator("#dtro-state")).to_contain_text("Published", timeout=DELIVERY_TIMEOUT_MS)


def test_an_order_goes_from_guided_form_to_published_and_amended(
    live_server,
    browser,
    page,
    screenshot_dir,
    tra,
    officer,
    supervisor,
    sandbox_credential,
    celery_worker,
):
    from playwright.sync_api import expect

    from dtro_app.models import Dtro

    base = live_server.url
    name = f"Market Street Draycott journey {uuid.uuid4().hex[:8]}"
    sign_in(page, base, "officer@demo.example")
    page.screenshot(path=str(screenshot_dir / "01-dashboard.png"), full_page=True)

    # 1. The start page (guided form is the default), then a line outside Great Britain.
    page.goto(f"{base}/dtros/new/")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dtros/new/form/*")
    page.check("#id_order_type_0")
    page.fill("#id_troName", name)
    page.fill("#id_statementDescription", "No waiting on the west side of Market Street.")
    for field in ("madeDate", "comingIntoForceDate"):  # GOV.UK date inputs: day, month, year
        page.fill(f"#id_{field}_day", "1")
        page.fill(f"#id_{field}_month", "1")
        page.fill(f"#id_{field}_year", "2025")
    page.fill("#id_provision-0-provisionDescription", "No waiting at any time")
    page.select_option("#id_provision-0-regulationType", "kerbsideNoWaiting")
    page.fill("#id_provision-0-description", "West side, Market Street, Draycott")
    page.fill("#id_provision-0-geometry", "SRID=27700;LINESTRING(9444284 333253, 444290 333260)")
    page.fill("#id_provision-0-start", "2025-02-03T08:00")
    page.screenshot(path=str(screenshot_dir / "02-guided-form.png"), full_page=True)
    press(page, "#save-draft")
    page.wait_for_url("**/edit/form/")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "03-validation-error.png"), full_page=True)

    # 2. Fix it: the draft is now valid and lands on its own page.
    page.fill("#id_provision-0-geometry", "SRID=27700;LINESTRING(444284 333253, 444290 333260)")
    press(page, "#save-draft")
    page.wait_for_url("**/dtros/*/")
    dtro = Dtro.objects.get(name=name)
    expect(page.locator("#dtro-validation")).to_contain_text("Valid")
    page.screenshot(path=str(screenshot_dir / "04-valid-draft.png"), full_page=True)

    # 3. Send it for approval, from the keyboard.
    press(page, "form[action$='/send/'] button")
    expect(page.locator("#dtro-state")).to_contain_text("Awaiting approval")
    page.screenshot(path=str(screenshot_dir / "05-sent-for-approval.png"), full_page=True)

    # 4. A supervisor approves; the worker delivers to the sandbox.
    approve_as_supervisor(
        browser, base, dtro.reference, str(screenshot_dir / "06-supervisor-decides.png")
    )
    page.goto(f"{base}{dtro.get_absolute_url()}")
    wait_until_published(page)
    dtro.refresh_from_db()
    assert dtro.service_id is not None
    expect(page.locator("#dtro-service-id")).to_contain_text(str(dtro.service_id))
    page.screenshot(path=str(screenshot_dir / "07-published.png"), full_page=True)

    # 5. Found through the service search.
    page.goto(f"{base}/search/")
    page.fill("#id_troName", name)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(name)
    page.screenshot(path=str(screenshot_dir / "08-search.png"), full_page=True)

    # 6. Amend it with the guided form, send it, approve it, deliver it.
    page.goto(f"{base}/dtros/{dtro.pk}/edit/form/")
    page.fill("#id_provision-0-provisionDescription", "No waiting at any time (amended)")
    press(page, "#save-draft")
    page.wait_for_url(f"**/dtros/{dtro.pk}/")
    page.screenshot(path=str(screenshot_dir / "09-amended-draft.png"), full_page=True)
    press(page, "form[action$='/send/'] button")
    expect(page.locator("#dtro-state")).to_contain_text("Awaiting approval")
    approve_as_supervisor(
        browser, base, dtro.reference, str(screenshot_dir / "10-supervisor-approves-amendment.png")
    )
    page.goto(f"{base}{dtro.get_absolute_url()}")
    wait_until_published(page)
    expect(page.locator("#dtro-timeline")).to_contain_text("Update of revision")
    page.screenshot(path=str(screenshot_dir / "11-amendment-published.png"), full_page=True)

    # 7. The service's history holds both versions.
    page.goto(f"{base}/dtros/{dtro.pk}/history/")
    source_rows = page.locator("main table").first.locator("tbody tr")
    expect(source_rows).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / "12-history.png"), full_page=True)
