"""The upload page (with an error) and the guided form showing saved problems pass axe-core."""

from __future__ import annotations

import pytest
from factories import draft_dtro

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_and_guided_edit_pages_pass_axe(live_server, page, screenshot_dir, tra, officer):
    from dtro_app.drafting.guided import GuidedOrder, GuidedProvision, build_document

    sign_in(page, live_server.url, officer.email)

    page.goto(f"{live_server.url}/dtros/new/upload/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{not json"}],
    )
    page.get_by_role("button", name="Upload and check").click()
    page.locator("#id_file-error").wait_for()
    page.screenshot(path=str(screenshot_dir / "1-upload-error.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []

    from datetime import date, datetime

    order = GuidedOrder(
        order_type="temporary",
        tro_name="Bridge weight limit",
        statement_description="Limits weight on the bridge.",
        section="",
        made_date=date(2025, 1, 27),
        coming_into_force_date=date(2025, 2, 3),
        provisions=[
            GuidedProvision(
                provision_description="Weight limit",
                regulation_type="dimensionMaximumWeightStructural",
                place_description="Bridge",
                wkt="POINT(900000 124993)",  # outside Great Britain: a saved problem
                start=datetime(2025, 2, 3, 8, 0),
            )
        ],
    )
    dtro = draft_dtro(tra, officer, build_document(order, version="4.0.0", tra_code=tra.code))
    page.goto(f"{live_server.url}/dtros/{dtro.pk}/edit/form/")
    assert page.locator("#id_provision-0-geometry-error").count() == 1
    page.screenshot(path=str(screenshot_dir / "2-guided-edit.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
