"""L3: production is secure by default.

The D-TRO sandbox was mounted in the production portal, compose defaulted to insecure cookies,
`change-me` keys from .env.example were accepted, and `check --deploy` only warned.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "PORTAL_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "portal.example.gov.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/dtro_portal",
}
# Variables that would otherwise leak from the test run into the started process.
STRIPPED = {
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEY",
    "DEBUG",
    "PORTAL_ENV",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DTRO_SANDBOX_ENABLED",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "PORTAL_SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in STRIPPED}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "PORTAL_VAR_DIR": str(tmp_path),
            **env,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({n: getattr(s, n) for n in ('SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_REDIRECT_EXEMPT')}))"
)


def test_production_cookies_ssl_redirect_and_hsts_are_on_by_default(tmp_path):
    result = run_python(SHOW, tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr[-2000:]
    settings = json.loads(result.stdout.strip().splitlines()[-1])
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    # Probes inside the deployment still talk plain HTTP.
    assert {r"^healthz$", r"^readyz$", r"^metrics$"} <= set(settings["SECURE_REDIRECT_EXEMPT"])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "change-me"),
        ("SECRET_KEY", "change-me-" + "x" * 40),
        ("SECRET_KEY", "django-insecure-" + "y" * 40),
        ("SECRET_KEY", "short-but-random-Zq81"),
        ("FIELD_ENCRYPTION_KEY", "change-me"),
        ("FIELD_ENCRYPTION_KEY", "x" * 20),
        ("FIELD_ENCRYPTION_KEY", "please-change-me-" + "z" * 40),
    ],
)
def test_production_refuses_placeholder_keys_at_start(tmp_path, name, value):
    result = run_python("import django; django.setup()", tmp_path, **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} is a placeholder or too short" in result.stderr
    assert value not in result.stderr  # the message never repeats the secret


def test_env_example_keys_are_refused_in_production(tmp_path):
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY"):
        result = run_python(
            "import django; django.setup()", tmp_path, **{**PRODUCTION, name: example[name]}
        )
        assert result.returncode != 0, name


RESOLVE = (
    "import django; django.setup(); from django.urls import resolve, Resolver404\n"
    "try:\n"
    "    match = resolve('/sandbox/v1/openapi.yaml')\n"
    "    print(match.func.__module__)\n"
    "except Resolver404:\n"
    "    print('not-mounted')\n"
)


def sandbox_mounted(tmp_path: Path, **env: str) -> bool:
    result = run_python(RESOLVE, tmp_path, **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1].startswith("sandbox.")


def test_the_dtro_sandbox_is_not_mounted_in_production_unless_enabled(tmp_path):
    assert not sandbox_mounted(tmp_path, **PRODUCTION)
    assert sandbox_mounted(tmp_path, **PRODUCTION, DTRO_SANDBOX_ENABLED="true")
    assert sandbox_mounted(tmp_path, PORTAL_ENV="development")
    assert not sandbox_mounted(tmp_path, PORTAL_ENV="development", DTRO_SANDBOX_ENABLED="false")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message}, from `given` (a .env)."""

    def one(match: re.Match[str]) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3) or ""
        if given.get(name):
            return given[name]
        if op == ":?":
            raise AssertionError(f"compose needs {name}: {rest}")
        return rest if op == ":-" else ""

    return re.sub(r"\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}", one, value)


def test_compose_does_not_default_to_insecure_cookies_or_no_redirect():
    web = compose()["services"]["web"]["environment"]
    for name in ("SECURE_COOKIES", "SECURE_SSL_REDIRECT"):
        if name in web:
            assert interpolate(str(web[name]), {}).lower() in {"true", "1", "yes", "on"}, name


def test_check_deploy_is_silent_with_the_compose_environment(tmp_path):
    # The secrets an operator puts in .env; everything else is compose's own default.
    dotenv = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(50),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(24),
    }
    web = compose()["services"]["web"]["environment"]
    env = {name: interpolate(str(value), dotenv) for name, value in web.items()}
    # Only what a container has besides compose's variables (not the test run's own).
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env={
            **clean,
            **env,
            "PORTAL_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "WARNINGS" not in output and "ERRORS" not in output, output[-3000:]
    assert "System check identified no issues" in output
