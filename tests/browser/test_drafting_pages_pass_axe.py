"""The upload page (with an error) and the guided form showing saved problems pass axe-core."""

from __future__ import annotations

import pytest
from factories import draft_dtro

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious_violations(page, live_server) -> list[str]:
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    results = page.evaluate("axe.run(document).then(r => r.violations)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results
        if v["impact"] in {"serious", "critical"}
    ]


def test_upload_and_guided_edit_pages_pass_axe(live_server, page, screenshot_dir, tra, officer):
    from dtro_app.guided import GuidedOrder, GuidedProvision, build_document

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("officer@demo.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/dtros/new/upload/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{not json"}],
    )
    page.get_by_role("button", name="Upload and check").click()
    page.locator("#id_file-error").wait_for()
    page.screenshot(path=str(screenshot_dir / "1-upload-error.png"), full_page=True)
    assert _serious_violations(page, live_server) == []

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
    assert _serious_violations(page, live_server) == []
