"""M1: supervisor MFA was off by default, in production and compose too; superusers were exempt.

On that code `PORTAL_REQUIRE_MFA_FOR_SUPERVISORS` defaulted to false whatever `PORTAL_ENV`,
compose did not set it, and the enrolment middleware looked at TRA supervisors only, so a
superuser without an authenticator reached the admin: each test below fails there.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from auth_helpers import make_superuser
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Only what production insists on; anything else in the test run's environment is dropped.
PRODUCTION = {
    "PORTAL_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "portal.example.gov.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/dtro_portal",
}
KEPT = {"PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV", "DTRO_SPEC_DIR", "TMPDIR"}


def production_setting(name: str, tmp_path: Path, **extra: str) -> object:
    env = {k: v for k, v in os.environ.items() if k in KEPT}
    env.update(PRODUCTION, PORTAL_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="portal.settings")
    env.update(extra)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_mfa_for_supervisors_by_default(tmp_path):
    assert production_setting("PORTAL_REQUIRE_MFA_FOR_SUPERVISORS", tmp_path) is True


def test_compose_requires_mfa_for_supervisors():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["services"]["web"]["environment"]
    value = str(environment.get("PORTAL_REQUIRE_MFA_FOR_SUPERVISORS", ""))
    # "${PORTAL_REQUIRE_MFA_FOR_SUPERVISORS:-true}" is on unless the operator turns it off.
    assert value.lower() in {"true", "${portal_require_mfa_for_supervisors:-true}"}
    assert environment["PORTAL_ENV"] == "production"


@pytest.mark.django_db
def test_a_superuser_without_an_authenticator_is_sent_to_enrol_before_the_admin(client, settings):
    settings.PORTAL_REQUIRE_MFA_FOR_SUPERVISORS = True
    client.force_login(make_superuser())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
