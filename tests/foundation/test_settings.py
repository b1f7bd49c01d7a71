from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter, as a server would at start-up."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": "a-real-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.gov.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/dtro_portal",
    "FIELD_ENCRYPTION_KEY": "x" * 44,
    "DEBUG": "false",
}


def test_production_starts_with_every_required_setting():
    result = start_django(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = start_django(**env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start_django(**{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_refuses_sqlite():
    result = start_django(**{**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/portal.sqlite3"})
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_a_typo_in_a_boolean_setting_is_an_error():
    result = start_django(PORTAL_ALLOW_SIGNUP="yes please")
    assert result.returncode != 0
    assert "PORTAL_ALLOW_SIGNUP must be true or false" in result.stderr


def test_production_links_in_emails_default_to_the_first_allowed_host():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PORTAL_SITE_URL)",
        ],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "https://portal.example.gov.uk", result.stderr


def test_production_refuses_a_site_url_outside_allowed_hosts():
    result = start_django(**PRODUCTION, PORTAL_SITE_URL="https://elsewhere.example.com")
    assert result.returncode != 0
    assert "PORTAL_SITE_URL's host must be one of ALLOWED_HOSTS" in result.stderr


def read_setting(name: str, **env: str) -> str:
    """A setting's repr as a fresh process sees it, with `env` set at start-up."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(repr(settings.{name}))"],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_the_sandbox_fault_variables_become_its_fault_settings_at_start_up():
    faults = read_setting(
        "SANDBOX_FAULTS", SANDBOX_FAULT_429_RATE="0.25", SANDBOX_FAULT_RETRY_AFTER_SECONDS="3"
    )
    assert "'rate_429_rate': 0.25" in faults
    assert "'retry_after_seconds': 3" in faults
    assert "'drop_rate': 0.0" in faults


def test_a_fault_rate_that_is_not_a_number_stops_the_start():
    result = start_django(SANDBOX_FAULT_DROP_RATE="often")
    assert result.returncode != 0
    assert "SANDBOX_FAULT_DROP_RATE must be a number" in result.stderr


def test_the_service_pages_timeout_comes_from_the_environment():
    assert read_setting("DTRO_PAGE_TIMEOUT") == "(5.0, 20.0)"
    assert read_setting("DTRO_PAGE_TIMEOUT", DTRO_PAGE_READ_TIMEOUT_SECONDS="7") == "(5.0, 7.0)"


# Application code reads settings; only settings modules read the environment. These set up
# environments rather than read settings: the WSGI entry point, the standalone sandbox's
# settings module, and the helpers that start child processes.
READS_ENVIRONMENT_ON_PURPOSE = {
    "sandbox/wsgi.py",
    "sandbox/standalone_settings.py",
    "sandbox/testing.py",
    "dtro_app/management/commands/run_portal.py",
}


def test_application_code_reads_settings_not_the_environment():
    offenders = []
    for package in ("accounts", "dtro_app", "frontend", "outbound", "sandbox", "streetworks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if relative not in READS_ENVIRONMENT_ON_PURPOSE and (
                "os.environ" in text or "os.getenv" in text
            ):
                offenders.append(f"{relative} reads the environment")
            if "getattr(settings," in text:
                offenders.append(f"{relative} reads a setting with a fallback default")
    assert offenders == []
