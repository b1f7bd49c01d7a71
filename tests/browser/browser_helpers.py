"""What browser tests share: signing in through the real form, axe-core's verdict, where
screenshots go, waiting on the page from Python, and the page's errors."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import PASSWORD

# test-output/ in the checkout (tests/browser/ -> tests/ -> the checkout): gitignored, and
# `make clean` removes it.
CHECKOUT = Path(__file__).resolve().parents[2]
SCREENSHOTS = CHECKOUT / "test-output"

# Loaded by URL from our own origin: the strict CSP forbids inline scripts.
AXE_PATH = "/static/vendor/axe-core/axe.min.js"


def screenshot_folder(nodeid: str) -> Path:
    """test-output/<test id>/, created, for one test's screenshots."""
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_until(page: Any, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Poll from Python: the page's CSP forbids the eval that `wait_for_function` uses."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the map did not settle"
        page.wait_for_timeout(50)


def console_errors(page: Any) -> list[str]:
    """A list that fills with the page's console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def sign_in(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def serious_axe_violations(page: Any, base: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(url=f"{base}{AXE_PATH}")
    violations = page.evaluate("axe.run(document).then(r => r.violations)")
    found = []
    for violation in violations:
        if violation["impact"] not in {"serious", "critical"}:
            continue
        nodes = [n for n in violation["nodes"] if not govuk_conditional_reveal(violation, n)]
        if nodes:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}"
                f" at {nodes[0]['target']} ({len(nodes)} nodes)"
            )
    return found


def govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend's own conditional reveal puts aria-expanded on radios and checkboxes,
    on purpose (tested with screen readers by GDS); axe calls that attribute not allowed.
    Only that exact finding is let through."""
    summary = node.get("failureSummary", "")
    return (
        violation["id"] == "aria-allowed-attr"
        and ("govuk-radios__input" in node["html"] or "govuk-checkboxes__input" in node["html"])
        and "aria-expanded" in summary
        and summary.count("aria-") == 1
    )
