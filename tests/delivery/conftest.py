from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def fast_timeouts(settings: Any) -> None:
    """Short read timeouts so "the response never came" is quick to reach."""
    settings.DELIVERY_READ_TIMEOUT_SECONDS = 1.0
    settings.DELIVERY_CONNECT_TIMEOUT_SECONDS = 2.0
