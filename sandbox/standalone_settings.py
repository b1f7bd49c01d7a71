"""Run the sandbox as its own service: the portal's settings, a sandbox-only URL tree.

    DJANGO_SETTINGS_MODULE=sandbox.standalone_settings gunicorn sandbox.wsgi

Base URLs: http://HOST:PORT/v1 (like the real service) and /sandbox/v1 (like the portal).

It shares nothing with a portal running beside it: its own database (`SANDBOX_DATABASE_URL`,
else var/sandbox.sqlite3 outside production; never `DATABASE_URL`), its own key
(`SANDBOX_SECRET_KEY`; never `SECRET_KEY`), its own cookie names and hosts
(`SANDBOX_ALLOWED_HOSTS`). Nobody signs in to it: there is no admin and no authentication
backend, so a portal user's password (or a portal session) opens nothing here. Apps and faults
are managed with its management commands and `SANDBOX_*` variables.
"""

from __future__ import annotations

import base64
import hashlib
import os

from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_list, env_str

_PRODUCTION = env_str("PORTAL_ENV", "development") == "production"
_PORTAL_DATABASE_URL = env_str("DATABASE_URL")
_PORTAL_SECRET_KEY = env_str("SECRET_KEY")

_sandbox_db = env_str("SANDBOX_DATABASE_URL")
_sandbox_key = env_str("SANDBOX_SECRET_KEY")
_sandbox_hosts = env_list(
    "SANDBOX_ALLOWED_HOSTS", "" if _PRODUCTION else "127.0.0.1,localhost,[::1]"
)
if _PRODUCTION:
    if not _sandbox_db:
        raise ImproperlyConfigured(
            "SANDBOX_DATABASE_URL must be set for the stand-alone sandbox in production "
            "(its own PostgreSQL database, never the portal's)"
        )
    if not _sandbox_key:
        raise ImproperlyConfigured(
            "SANDBOX_SECRET_KEY must be set for the stand-alone sandbox in production"
        )
    if len(_sandbox_key) < 32 or any(w in _sandbox_key.lower() for w in ("change-me", "insecure")):
        raise ImproperlyConfigured(
            "SANDBOX_SECRET_KEY is a placeholder or too short: in production it must be a "
            "random value of at least 32 characters"
        )
    if not _sandbox_hosts or "*" in _sandbox_hosts:
        raise ImproperlyConfigured(
            "SANDBOX_ALLOWED_HOSTS must name the sandbox's host names in production (not '*')"
        )
if _sandbox_db and _sandbox_db == _PORTAL_DATABASE_URL:
    raise ImproperlyConfigured("SANDBOX_DATABASE_URL must not be the portal's DATABASE_URL")
if _sandbox_key and _sandbox_key == _PORTAL_SECRET_KEY:
    raise ImproperlyConfigured("SANDBOX_SECRET_KEY must not be the portal's SECRET_KEY")

# The portal's settings module reads these names: give it the sandbox's own values, so that
# nothing below can fall back to the portal's database or key.
os.environ["DATABASE_URL"] = _sandbox_db
os.environ["SECRET_KEY"] = _sandbox_key or "sandbox-development-only-insecure-key-not-the-portals"
# The sandbox stores no encrypted secrets; a key derived from its own keeps the portal's
# settings (which insist on one in production) content without reusing the portal's.
os.environ["FIELD_ENCRYPTION_KEY"] = base64.urlsafe_b64encode(
    hashlib.sha256(b"sandbox-field-key:" + os.environ["SECRET_KEY"].encode()).digest()
).decode()
os.environ["ALLOWED_HOSTS"] = ",".join(_sandbox_hosts)
for _name in ("DATABASE_URL_FILE", "SECRET_KEY_FILE", "FIELD_ENCRYPTION_KEY_FILE"):
    os.environ.pop(_name, None)  # `NAME_FILE` would win over the values just set

from portal.settings import *  # noqa: E402, F403
from portal.settings import INSTALLED_APPS, MIDDLEWARE, VAR_DIR  # noqa: E402

ROOT_URLCONF = "sandbox.standalone_urls"
WSGI_APPLICATION = "sandbox.wsgi.application"
if not _sandbox_db:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "sandbox.sqlite3"),
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# No admin and no way to authenticate: the API uses its own OAuth apps, never Django users.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django.contrib.admin"]
AUTHENTICATION_BACKENDS = []
MIDDLEWARE = [m for m in MIDDLEWARE if m != "accounts.middleware.RequireSupervisorMfaMiddleware"]
# Distinct from the portal's, so a browser on the same host never mixes the two.
SESSION_COOKIE_NAME = "dtro_sandbox_session"
CSRF_COOKIE_NAME = "dtro_sandbox_csrftoken"
# It listens on plain HTTP inside a deployment (the portal calls http://sandbox:8100/v1).
SECURE_SSL_REDIRECT = env_bool("SANDBOX_SECURE_SSL_REDIRECT", default=False)
