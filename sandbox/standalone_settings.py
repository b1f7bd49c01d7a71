"""Run the sandbox as its own service: the portal's settings, a sandbox-only URL tree.

    DJANGO_SETTINGS_MODULE=sandbox.standalone_settings gunicorn sandbox.wsgi

Base URLs: http://HOST:PORT/v1 (like the real service) and /sandbox/v1 (like the portal).
`SANDBOX_DATABASE_URL` gives the sandbox its own database; otherwise DATABASE_URL or
var/sandbox.sqlite3 is used.
"""

from __future__ import annotations

import dj_database_url

from portal.env import env_str
from portal.settings import *  # noqa: F403
from portal.settings import VAR_DIR

ROOT_URLCONF = "sandbox.standalone_urls"
WSGI_APPLICATION = "sandbox.wsgi.application"
# The portal's middleware stays (allauth needs its own); the API views are CSRF-exempt
# and need no session, so it does not get in the way.
_sandbox_db = env_str("SANDBOX_DATABASE_URL")
if _sandbox_db:
    DATABASES = {"default": dj_database_url.parse(_sandbox_db, conn_max_age=60)}
elif not env_str("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "sandbox.sqlite3",
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
