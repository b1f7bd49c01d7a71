"""DTRO_INACTIVE_SCHEMA_VERSIONS, set in the environment, makes those versions inactive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup()\n"
    "from dtro_validation import build_registry\n"
    "registry = build_registry(use_cached=False)\n"
    "print(','.join(sorted(v.version for v in registry.versions() if not v.is_active)))\n"
)


def _inactive_versions(inactive: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DTRO_INACTIVE_SCHEMA_VERSIONS"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    if inactive is not None:
        env["DTRO_INACTIVE_SCHEMA_VERSIONS"] = inactive
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_the_environment_variable_makes_a_version_inactive() -> None:
    assert _inactive_versions("3.4.0") == "3.4.0"


def test_without_the_variable_every_version_is_active() -> None:
    assert _inactive_versions(None) == ""
