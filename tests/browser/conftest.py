"""Browser tests: the Chromium fixtures (`browser`, `page`) live in tests/conftest.py so every
folder can use them; shared steps are in browser_helpers.py.

Screenshots go under test-output/ in the checkout (gitignored; `make clean` removes it):
`screenshot_dir` here overrides the one in tests/conftest.py for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browser_helpers import screenshot_folder


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ named after the test, for its screenshots."""
    return screenshot_folder(request.node.nodeid)
