"""Shared personas and service checks.

Personas: an officer and a supervisor of one TRA (99999), an officer of another TRA
(99998), and an anonymous visitor (the plain `client`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's async-safety
# guard would otherwise refuse database access from browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"
SERVICES_REQUIRED = os.environ.get("PORTAL_TEST_SERVICES") == "required"


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"database: {os.environ.get('DATABASE_URL', 'SQLite (embedded)')}",
        f"redis: {os.environ.get('REDIS_URL', 'none')}",
        f"services required: {SERVICES_REQUIRED}",
    ]


def pytest_sessionstart(session: pytest.Session) -> None:
    if SERVICES_REQUIRED and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError("CI must run against PostgreSQL: DATABASE_URL is not set")


def service_unavailable(reason: str) -> None:
    """Skip when running locally without the service; fail in CI, never skip silently."""
    if SERVICES_REQUIRED:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def make_user(email: str, authority: object, role: str, *, staff: bool = False) -> object:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from dtro_app.models import Membership

    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, is_staff=staff
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def tra(db: None) -> object:
    from dtro_app.models import TrafficAuthority

    return TrafficAuthority.objects.create(code=99999, name="Demo County Council")


@pytest.fixture
def other_tra(db: None) -> object:
    from dtro_app.models import TrafficAuthority

    return TrafficAuthority.objects.create(code=99998, name="Second Borough Council")


@pytest.fixture
def officer(tra: object) -> object:
    return make_user("officer@demo.example", tra, "officer")


@pytest.fixture
def supervisor(tra: object) -> object:
    return make_user("supervisor@demo.example", tra, "supervisor", staff=True)


@pytest.fixture
def other_officer(other_tra: object) -> object:
    return make_user("officer@second.example", other_tra, "officer")


@pytest.fixture
def officer_client(client: object, officer: object) -> Iterator[object]:
    client.force_login(officer)
    yield client


@pytest.fixture
def supervisor_client(client: object, supervisor: object) -> Iterator[object]:
    client.force_login(supervisor)
    yield client


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate limits and tokens live in the cache; each test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def sandbox_url(live_server: object) -> str:
    """The bundled D-TRO sandbox, served over real HTTP by pytest-django's live server."""
    return f"{live_server.url}/sandbox/v1"


@pytest.fixture
def sandbox_credential(tra: object, sandbox_url: str) -> object:
    from factories import sandbox_credential_for

    return sandbox_credential_for(tra, sandbox_url)


@pytest.fixture
def other_sandbox_credential(other_tra: object, sandbox_url: str) -> object:
    from factories import sandbox_credential_for

    return sandbox_credential_for(other_tra, sandbox_url)


@pytest.fixture
def deliver_immediately() -> Iterator[None]:
    """Run Celery tasks in-process as they are enqueued (no broker, no worker)."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


# --- Browser tests: Debian's Chromium through Playwright (no browser download) ------------
# Defined here, once, because Playwright's sync API allows one running instance per process.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
# The flags the machine's probe uses: no sandbox as root, and no background network
# traffic (this machine's closed network refuses it).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        service_unavailable("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ named after the test, for its screenshots."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    folder = OUTPUT / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
