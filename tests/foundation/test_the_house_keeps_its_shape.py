"""The layout rules of docs/architecture.md that a linter does not check: short modules, no
writes to Django's private form attributes. (Import layers and circles: `make lint`.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = [
    "accounts",
    "documents",
    "dtro_app",
    "dtro_validation",
    "frontend",
    "outbound",
    "portal",
    "sandbox",
    "streetworks",
]
MAX_LINES = 500


def application_modules() -> list[Path]:
    return sorted(
        path
        for package in APPLICATION
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_every_application_package_is_found() -> None:
    assert len(application_modules()) > 100


@pytest.mark.parametrize("path", application_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by purpose"


PRIVATE_FORM_WRITE = re.compile(r"\._(errors|non_form_errors)(\s*=|\s*\[|\.)")


def test_no_code_writes_djangos_private_form_attributes() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in application_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE_FORM_WRITE.search(line)
    ]
    assert offenders == []
