"""Service pages read the sandbox over HTTP (live_server) as the officer's TRA."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def quick_pages(settings: Any) -> None:
    """Short read timeouts so "the service never answered" is quick to reach."""
    settings.DTRO_PAGE_TIMEOUT = (2.0, 1.0)
