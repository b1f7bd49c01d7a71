from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dtro_app.client import DtroClient, RateLimited, acquire
from dtro_app.models import ApiCall, ApiCredential

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_credential(credential: ApiCredential) -> ApiCredential:
    credential.rate_limit_per_minute = 3
    credential.save()
    return credential


def test_the_fourth_request_in_a_minute_must_wait(slow_credential: ApiCredential) -> None:
    assert [acquire(slow_credential) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = acquire(slow_credential)
    assert 19 < wait <= 20  # one request every 20 s at 3 a minute


def test_the_budget_refills_with_time(slow_credential: ApiCredential) -> None:
    for _ in range(3):
        acquire(slow_credential)
    with time_machine.travel(timezone.now() + timedelta(seconds=21)):
        assert acquire(slow_credential) == 0.0
        assert acquire(slow_credential) > 0


def test_budgets_are_per_credential(
    slow_credential: ApiCredential, other_credential: ApiCredential
) -> None:
    for _ in range(3):
        acquire(slow_credential)
    assert acquire(slow_credential) > 0
    assert acquire(other_credential) == 0.0


def test_the_client_raises_instead_of_sleeping_when_the_budget_is_spent(
    slow_credential: ApiCredential,
) -> None:
    api = DtroClient(slow_credential)
    for _ in range(3):
        api.schema_versions()
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        api.schema_versions()
    assert time.monotonic() - started < 1
    assert caught.value.kind == "transient"
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    # Nothing was sent, so nothing was recorded beyond the token and three calls.
    assert ApiCall.objects.filter(path="/schemas/versions").count() == 3


def test_concurrent_spenders_never_overspend(slow_credential: ApiCredential) -> None:
    """Eight threads (eight database connections) race for a budget of three."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def spend(_: int) -> float:
        try:
            return acquire(ApiCredential.objects.get(pk=slow_credential.pk))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(spend, range(8)))
    assert waits.count(0.0) == 3
    assert all(wait > 0 for wait in waits if wait != 0.0)


SQLITE_SPEND = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from dtro_app.client import acquire
from dtro_app.models import ApiCredential, TrafficAuthority
tra = TrafficAuthority.objects.create(code=4242, name="SQLite County Council")
credential = ApiCredential(authority=tra, environment="sandbox", base_url="http://x",
                           client_id="a", rate_limit_per_minute=3)
credential.set_secret("s" * 10)
credential.save()
print([round(acquire(credential)) for _ in range(5)])
"""


def test_the_budget_works_on_the_embedded_sqlite_database(tmp_path) -> None:
    """`make run` uses SQLite: the bucket's single UPDATE must be valid SQL there too."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_SPEND],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[0, 0, 0, 20, 20]"
