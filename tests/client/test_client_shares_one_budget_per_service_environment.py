"""One request budget per D-TRO service environment, smoothed like the gateway's spike arrest,
shared by every TRA, credential and process that calls the same base URL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from dtro_app.client import BudgetExhausted, DtroClient
from dtro_app.client.ratelimit import Refusal, Turn, slow_down, take_turn
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gateway_rate(settings: Any) -> Iterator[None]:
    """The real gateway's figures: 120 a minute (one every 500 ms), a burst of 2; the clock
    stands still so the slots booked are exact however slowly the machine runs the test."""
    settings.DTRO_RATE_LIMIT_PER_MINUTE = 120
    settings.DTRO_RATE_BURST = 2
    settings.DTRO_RATE_MAX_WAIT_SECONDS = 10
    with time_machine.travel(time.time(), tick=False):
        yield


def waits(turns: list[Turn | Refusal]) -> list[float]:
    assert all(isinstance(turn, Turn) for turn in turns), turns
    return [round(turn.wait, 1) for turn in turns if isinstance(turn, Turn)]


def test_a_burst_of_two_then_one_slot_every_500_ms(gateway_rate: None) -> None:
    turns = [take_turn("http://service.example/v1") for _ in range(5)]
    assert waits(turns) == [0.0, 0.0, 0.5, 1.0, 1.5]


def test_every_credential_of_an_environment_shares_its_budget(
    gateway_rate: None, credential: ApiCredential, other_credential: ApiCredential
) -> None:
    assert credential.base_url == other_credential.base_url
    first = take_turn(credential.base_url)
    # Written differently (scheme's case, a trailing slash), the same environment.
    second = take_turn(other_credential.base_url.replace("http://", "HTTP://") + "/")
    third = take_turn(credential.base_url)
    assert waits([first, second, third]) == [0.0, 0.0, 0.5]


def test_each_environment_has_its_own_budget(gateway_rate: None) -> None:
    for _ in range(3):
        take_turn("http://integration.example/v1")
    assert waits([take_turn("http://production.example/v1")]) == [0.0]


def test_a_caller_is_refused_rather_than_booked_beyond_its_longest_wait(
    gateway_rate: None,
) -> None:
    for _ in range(4):
        take_turn("http://service.example/v1")  # slots at 0, 0, 0.5 and 1.0 s
    refused = take_turn("http://service.example/v1", max_wait=1.0)
    assert isinstance(refused, Refusal) and not refused.circuit_open
    assert refused.retry_after >= 0.5
    # The refusal booked nothing: a patient caller still gets the next slot at 1.5 s.
    assert waits([take_turn("http://service.example/v1")]) == [1.5]


def test_the_client_waits_for_its_slot(settings: Any, api: DtroClient) -> None:
    settings.DTRO_RATE_LIMIT_PER_MINUTE = 600  # one every 100 ms
    settings.DTRO_RATE_BURST = 1
    api.schema_versions()  # the token and the first call
    started = time.monotonic()
    for _ in range(4):
        api.schema_versions()
    assert time.monotonic() - started >= 0.28  # at least three waits of 100 ms


def test_the_client_raises_without_sending_when_the_budget_is_booked_ahead(
    gateway_rate: None, credential: ApiCredential
) -> None:
    api = DtroClient(credential, max_budget_wait=0.2)
    api.schema_versions()
    api.schema_versions()
    sent = OutboundCall.objects.filter(path="/schemas/versions").count()
    with pytest.raises(BudgetExhausted) as caught:
        api.schema_versions()
        api.schema_versions()
    assert caught.value.kind == "transient"
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    assert OutboundCall.objects.filter(path="/schemas/versions").count() <= sent + 1


def test_a_429_holds_everyone_back_for_its_retry_after(gateway_rate: None) -> None:
    take_turn("http://service.example/v1")
    slow_down("http://service.example/v1", 5.0)
    turn = take_turn("http://service.example/v1")
    assert isinstance(turn, Turn) and 4.9 <= turn.wait <= 6.0


def test_concurrent_callers_get_distinct_evenly_spaced_slots(gateway_rate: None) -> None:
    """Eight threads (eight database connections) book turns at once: no two share a slot."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def book(_: int) -> float:
        try:
            turn = take_turn("http://service.example/v1")
            assert isinstance(turn, Turn)
            return turn.wait
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        booked = sorted(round(wait, 1) for wait in pool.map(book, range(8)))
    assert booked == [0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]


SQLITE_TURNS = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from dtro_app.client.ratelimit import take_turn
print([round(take_turn("http://x/v1").wait, 1) for _ in range(4)])
"""


def test_the_budget_works_on_the_embedded_sqlite_database(tmp_path: Any) -> None:
    """`make run` uses SQLite: the single UPDATE … RETURNING must be valid there too."""
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
        "DTRO_RATE_LIMIT_PER_MINUTE": "120",
        "DTRO_RATE_BURST": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_TURNS],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[0.0, 0.0, 0.5, 1.0]"


def test_a_429_without_retry_after_pauses_everyone_for_a_second(
    gateway_rate: None, api: DtroClient, credential: ApiCredential
) -> None:
    from dtro_app.client import RateLimited
    from sandbox import faults

    api.schema_versions()
    with faults.configure(rate_429_rate=1.0), pytest.raises(RateLimited) as refused:
        api.schema_versions()
    assert refused.value.retry_after == 10.0  # the refused change waits longer itself
    turn = take_turn(credential.base_url)
    assert isinstance(turn, Turn) and 0.9 <= turn.wait <= 1.6
