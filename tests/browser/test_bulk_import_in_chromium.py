"""An officer imports a zip in Chromium: the progress bar shows while the files wait for the
worker, htmx polls it, and the page turns into the report once the worker has finished."""

from __future__ import annotations

import pytest

from imports import services
from imports.models import ImportBatch
from tests.browser.browser_helpers import serious_axe_violations, sign_in, wait_until
from tests.imports.import_helpers import good_and_bad_files, zip_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_progress_and_report(
    live_server, page, screenshot_dir, tra, officer, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The worker has not started yet: the test plays it once the progress bar is showing.
    monkeypatch.setattr(services, "enqueue", lambda batch: None)
    sign_in(page, live_server.url, officer.email)

    page.goto(f"{live_server.url}/imports/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "catalogue.zip",
                "mimeType": "application/zip",
                "buffer": zip_of(good_and_bad_files(tra)),
            }
        ],
    )
    page.get_by_role("button", name="Upload and check").click()
    page.locator("#import-progress-bar").wait_for()
    assert "0 of 8 files checked" in page.content()
    page.screenshot(path=str(screenshot_dir / "1-progress.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []

    batch = ImportBatch.objects.get()
    while services.process_next_chunk(batch.pk):
        pass
    # htmx's next poll reloads the page as the report, with no click.
    wait_until(page, lambda: page.locator("#import-counts").count() == 1, seconds=15)
    assert page.locator('[data-outcome="created"]').inner_text() == "2"
    assert page.locator('[data-outcome="unreadable"]').inner_text() == "5"
    assert "points outside the zip" in page.content()
    page.screenshot(path=str(screenshot_dir / "2-report.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
