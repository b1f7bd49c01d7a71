"""An order of the Demo County Council to make documents from: the DfT's Derbyshire example
(no waiting on Market Street, Draycott, its days written Friday, Monday, Saturday, ...)."""

from __future__ import annotations

from typing import Any

import pytest
from factories import draft_dtro


@pytest.fixture
def order(tra: Any, officer: Any) -> Any:
    return draft_dtro(tra, officer)
