from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Stored zips go to the test's own folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
