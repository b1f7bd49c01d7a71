from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from dtro_validation import SchemaRegistry, ValidationReport, build_registry, validate_document

SPEC_DIR = Path(settings.DTRO_SPEC_DIR)
#: A fixed "now" after every example's dates, so date rules are deterministic.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    return build_registry(SPEC_DIR, use_cached=False)


def load_example(version: str, name: str) -> dict[str, Any]:
    return json.loads((SPEC_DIR / "examples" / version / name).read_text(encoding="utf-8-sig"))


@pytest.fixture
def mutate(registry: SchemaRegistry) -> Callable[..., ValidationReport]:
    """Load an example, break it with `change(document)`, validate it."""

    def run(
        version: str,
        name: str,
        change: Callable[[dict[str, Any]], Any],
        *,
        tra_code: int | None = None,
    ) -> ValidationReport:
        document = copy.deepcopy(load_example(version, name))
        change(document)
        return validate_document(document, tra_code=tra_code, registry=registry, now=NOW)

    return run


def found(report: ValidationReport) -> list[tuple[str, str]]:
    return [(issue.code, issue.path) for issue in report.issues]
