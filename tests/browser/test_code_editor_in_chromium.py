"""In Chromium, the JSON editor is CodeMirror: it fetches the D-TRO once the page is up, shows
line numbers and fold markers, marks the live check's problems in its gutter, and a problem's
link in the summary puts the cursor on that problem's line. Nothing breaks the page's CSP.
Past the size threshold, the page offers download and upload instead; axe finds nothing
serious on either."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from big_orders import big_order
from factories import draft_dtro

from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Poll from Python: the page's CSP forbids the eval that `wait_for_function` uses."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the page never got there")
        time.sleep(0.1)


def _console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_editor_numbers_lines_and_takes_the_cursor_to_a_problem(
    live_server, page, screenshot_dir, tra, officer
):
    document = big_order(tra, 30)
    document["data"]["source"]["traCreator"] = 12345  # not the officer's TRA: a problem
    dtro = draft_dtro(tra, officer, document)
    errors = _console_errors(page)
    sign_in(page, live_server.url, "officer@demo.example")

    page.goto(f"{live_server.url}/dtros/{dtro.pk}/edit/json/")
    page.locator(".cm-editor .cm-content").wait_for()
    text = page.input_value("#id_document-text")  # the form's field, fetched and kept in step

    assert '"traCreator": 12345' in text
    assert page.locator(".cm-lineNumbers .cm-gutterElement", has_text="1").first.is_visible()
    assert page.locator('.cm-foldGutter span[title="Fold line"]').count() > 0
    link = page.locator('#live-validation a[data-pointer="/data/source/traCreator"]')
    link.wait_for()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"traCreator"' in row)
    assert f"(line {line})" in link.inner_text()
    page.screenshot(path=str(screenshot_dir / "1-editor.png"), full_page=True)

    link.click()

    _wait_until(
        lambda: (
            page.locator(".cm-lineNumbers .cm-activeLineGutter").inner_text().strip() == str(line)
        )
    )
    assert page.evaluate("document.activeElement.id") == "id_document"
    assert '"traCreator"' in page.locator(".cm-activeLine").inner_text()
    # The problem is marked in the gutter beside its line (drawn once the line is in view).
    marker = page.locator(
        ".cm-gutter-lint .cm-gutterElement", has=page.locator(".cm-lint-marker-error")
    )
    marker.wait_for()
    assert (
        marker.bounding_box()["y"]
        == page.locator(".cm-lineNumbers .cm-activeLineGutter").bounding_box()["y"]
    )
    page.screenshot(path=str(screenshot_dir / "2-at-the-problem.png"), full_page=True)

    # Typing in the editor reaches the live check: the JSON breaks, the summary says so.
    page.keyboard.press("Control+End")
    page.keyboard.type(",")
    page.locator("#live-validation", has_text="This is not valid JSON yet").wait_for()
    assert page.input_value("#id_document-text").endswith(",")
    assert serious_axe_violations(page, live_server.url) == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
    assert errors == []


def test_a_document_over_the_threshold_is_downloaded_and_uploaded(
    live_server, page, screenshot_dir, tra, officer, settings
):
    settings.DTRO_EDITOR_MAX_BYTES = 10_000
    dtro = draft_dtro(tra, officer, big_order(tra, 30))
    sign_in(page, live_server.url, "officer@demo.example")

    page.goto(f"{live_server.url}/dtros/{dtro.pk}/edit/json/")

    assert page.get_by_role("button", name="Download the JSON").is_visible()
    assert page.get_by_label("Upload the changed JSON").is_visible()
    assert page.locator(".cm-editor").count() == 0
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the JSON").click()
    assert download.value.suggested_filename == f"{dtro.reference}.json"
    page.screenshot(path=str(screenshot_dir / "download-and-upload.png"), full_page=True)
    assert serious_axe_violations(page, live_server.url) == []
