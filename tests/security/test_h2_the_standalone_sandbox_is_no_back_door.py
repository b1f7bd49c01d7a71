"""H2: the stand-alone sandbox shares nothing with the portal and signs no one in.

It used to serve the Django admin with Django's own login form, on the portal's database and
SECRET_KEY with ALLOWED_HOSTS="*": a portal supervisor's password alone (no MFA code, no
lockout) gave a session cookie that also worked on the portal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from sandbox.testing import standalone_sandbox

ROOT = Path(__file__).resolve().parents[2]
PORTAL_DATABASE = "postgres://portal:portal-password@db.internal:5432/portal"
PORTAL_SECRET = "the-portal-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
SANDBOX_SECRET = "the-sandbox-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

PRODUCTION = {
    "PORTAL_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": PORTAL_SECRET,
    "FIELD_ENCRYPTION_KEY": "a-field-encryption-key-0123456789-abcdefghijkl",
    "ALLOWED_HOSTS": "portal.example.gov.uk",
    "DATABASE_URL": PORTAL_DATABASE,
    "SANDBOX_DATABASE_URL": "postgres://sandbox:sandbox-password@sandbox-db:5432/sandbox",
    "SANDBOX_SECRET_KEY": SANDBOX_SECRET,
    "SANDBOX_ALLOWED_HOSTS": "sandbox,localhost",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': str(s.DATABASES['default']['NAME']), "
    "'host': s.DATABASES['default'].get('HOST', ''), 'key': s.SECRET_KEY, "
    "'session': s.SESSION_COOKIE_NAME, 'csrf': s.CSRF_COOKIE_NAME, "
    "'hosts': s.ALLOWED_HOSTS, 'backends': s.AUTHENTICATION_BACKENDS, "
    "'apps': s.INSTALLED_APPS}))"
)


def load_sandbox_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SANDBOX_")
        and k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PORTAL_ENV", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={
            **clean,
            "PORTAL_VAR_DIR": str(tmp_path),
            **env,
            "DJANGO_SETTINGS_MODULE": "sandbox.standalone_settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def shown(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_in_development_the_sandbox_keeps_its_own_database_key_and_cookies(tmp_path):
    # The portal's variables are in the environment, as they are in a shared shell.
    settings = shown(
        load_sandbox_settings(
            tmp_path,
            PORTAL_ENV="development",
            DATABASE_URL=PORTAL_DATABASE,
            SECRET_KEY=PORTAL_SECRET,
        )
    )
    assert settings["host"] != "db.internal"
    assert settings["db"] == str(tmp_path / "sandbox.sqlite3")
    assert settings["key"] != PORTAL_SECRET
    assert settings["session"] != "sessionid"
    assert settings["csrf"] != "csrftoken"
    assert "*" not in settings["hosts"]


def test_in_production_the_sandbox_uses_only_its_own_settings(tmp_path):
    settings = shown(load_sandbox_settings(tmp_path, **PRODUCTION))
    assert settings["host"] == "sandbox-db"
    assert settings["key"] == SANDBOX_SECRET
    assert settings["hosts"] == ["sandbox", "localhost"]
    assert settings["session"] != "sessionid"
    assert settings["csrf"] != "csrftoken"
    # Nobody can sign in to it: no admin, no password backend.
    assert "django.contrib.admin" not in settings["apps"]
    assert settings["backends"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SANDBOX_DATABASE_URL": ""}, "SANDBOX_DATABASE_URL must be set"),
        ({"SANDBOX_DATABASE_URL": PORTAL_DATABASE}, "SANDBOX_DATABASE_URL must not be"),
        ({"SANDBOX_SECRET_KEY": ""}, "SANDBOX_SECRET_KEY must be set"),
        ({"SANDBOX_SECRET_KEY": PORTAL_SECRET}, "SANDBOX_SECRET_KEY must not be"),
        ({"SANDBOX_SECRET_KEY": "change-me"}, "SANDBOX_SECRET_KEY is a placeholder"),
        ({"SANDBOX_ALLOWED_HOSTS": "*"}, "SANDBOX_ALLOWED_HOSTS"),
        ({"SANDBOX_ALLOWED_HOSTS": ""}, "SANDBOX_ALLOWED_HOSTS"),
    ],
)
def test_in_production_the_sandbox_refuses_to_share_or_be_open(tmp_path, change, message):
    result = load_sandbox_settings(tmp_path, **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def compose_service_env(name: str) -> dict[str, str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {k: str(v) for k, v in compose["services"][name]["environment"].items()}


def host_of(url: str) -> str:
    return url.split("@")[-1].split(":")[0]


def test_compose_gives_the_sandbox_its_own_database_and_secret():
    web, sandbox = compose_service_env("web"), compose_service_env("sandbox")
    sandbox_db = sandbox.get("SANDBOX_DATABASE_URL", sandbox.get("DATABASE_URL"))
    assert sandbox_db and sandbox_db != web["DATABASE_URL"]
    # Not the portal's PostgreSQL server either.
    assert host_of(sandbox_db) != host_of(web["DATABASE_URL"])
    assert "SECRET_KEY" not in sandbox and "${SECRET_KEY" not in " ".join(sandbox.values())
    assert "FIELD_ENCRYPTION_KEY" not in sandbox
    assert sandbox.get("SANDBOX_SECRET_KEY")
    assert "*" not in sandbox.get("SANDBOX_ALLOWED_HOSTS", sandbox.get("ALLOWED_HOSTS", "*"))


@pytest.mark.integration
def test_the_running_sandbox_has_no_sign_in_for_a_superuser(tmp_path):
    password = "a-strong-superuser-password-42"
    with standalone_sandbox(workers=1) as sandbox:
        env = {**sandbox.env, "DJANGO_SUPERUSER_PASSWORD": password}
        subprocess.run(
            [
                sys.executable, "manage.py", "createsuperuser", "--no-input",
                "--username", "boss", "--email", "boss@example.gov.uk",
            ],
            env=env, cwd=ROOT, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        origin = sandbox.base_url.removesuffix("/v1")
        session = requests.Session()
        for path in ("/admin/", "/admin/login/", "/accounts/login/"):
            assert session.get(origin + path, timeout=10).status_code == 404, path
        answer = session.post(
            origin + "/admin/login/",
            data={"username": "boss", "password": password, "next": "/admin/"},
            headers={"Referer": origin + "/admin/login/"},
            timeout=10,
            allow_redirects=False,
        )
        assert answer.status_code in {403, 404}
        assert "sessionid" not in session.cookies
        assert not any("session" in name for name in session.cookies)
        # The API itself still answers.
        assert requests.get(f"{sandbox.base_url}/openapi.yaml", timeout=10).status_code == 200
