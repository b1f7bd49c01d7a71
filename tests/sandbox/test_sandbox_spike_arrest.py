"""The gateway's spike arrest: one smoothed limit for the whole proxy, before the token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from sandbox_helpers import Api, token_for

from sandbox import faults, gateway
from sandbox.services import save_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    # A still clock, so "immediate" requests really are, however loaded the machine is.
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        yield traveller


def versions(api: Api) -> int:
    return api.get("schemas/versions").status_code


def test_the_third_immediate_request_is_refused_whichever_app_sends_it(
    publisher: Api, other_publisher: Api, consumer: Api, frozen: time_machine.Traveller
) -> None:
    gateway.set_spike_arrest(120, 2)
    assert [versions(publisher), versions(other_publisher)] == [200, 200]
    refused = consumer.get("schemas/versions")
    assert refused.status_code == 429
    assert refused.json() == {
        "fault": {
            "faultstring": "Spike arrest violation. Allowed rate : MessageRate{"
            "messagesPerPeriod=120, periodInMicroseconds=60000000, maxBurstMessageCount=2.0}",
            "detail": {"errorcode": "policies.ratelimit.SpikeArrestViolation"},
        }
    }
    assert versions(publisher) == 429


def test_one_request_is_let_through_every_500_ms_at_120_a_minute(
    publisher: Api, frozen: time_machine.Traveller
) -> None:
    gateway.set_spike_arrest(120, 2)
    assert [versions(publisher) for _ in range(3)] == [200, 200, 429]
    frozen.shift(timedelta(milliseconds=499))
    assert versions(publisher) == 429
    frozen.shift(timedelta(milliseconds=1))
    assert [versions(publisher), versions(publisher)] == [200, 429]
    frozen.shift(timedelta(seconds=1))
    assert [versions(publisher) for _ in range(3)] == [200, 200, 429]


def test_it_applies_before_authentication_and_not_to_the_token_endpoint(
    client: Client, frozen: time_machine.Traveller
) -> None:
    app, secret = save_app(name="Token taker", tra_code=99999)
    gateway.set_spike_arrest(120, 1)
    anonymous = Api(client, None)
    assert versions(anonymous) == 401
    assert versions(anonymous) == 429
    for _ in range(3):
        token_for(client, app.client_id, secret or "")


def test_refusals_count_as_spike_arrest(publisher: Api, frozen: time_machine.Traveller) -> None:
    gateway.set_spike_arrest(60, 1)
    [versions(publisher) for _ in range(4)]
    assert faults.injected_counts()["spike_arrest"] == 3


def test_it_is_off_under_the_test_settings_unless_switched_on(publisher: Api) -> None:
    assert gateway.switches().spike_arrest_per_minute == 0
    assert {versions(publisher) for _ in range(10)} == {200}


def test_the_settings_set_the_rate_and_burst_and_the_row_wins(settings: Any, db: None) -> None:
    settings.SANDBOX_SPIKE_ARREST_PER_MINUTE = 60
    settings.SANDBOX_SPIKE_ARREST_BURST = 5
    current = gateway.switches()
    assert (current.spike_arrest_per_minute, current.spike_arrest_burst) == (60, 5)
    gateway.set_spike_arrest(0)
    assert gateway.switches().spike_arrest_per_minute == 0
    gateway.set_spike_arrest(None)
    assert gateway.switches().spike_arrest_per_minute == 60


def test_the_command_changes_the_switches_at_run_time(db: None) -> None:
    out = StringIO()
    call_command(
        "sandbox_gateway", "--spike-arrest", "30:4", "--refuse-duplicates", "off",
        "--track-in-flight", "on", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue()) == {
        "spike_arrest_per_minute": 30,
        "spike_arrest_burst": 4,
        "refuse_duplicates": False,
        "track_in_flight": True,
    }
    call_command("sandbox_gateway", "--spike-arrest", "env", stdout=StringIO())
    assert gateway.switches().spike_arrest_per_minute == 0


def test_create_app_accepts_rate_limit_and_says_it_is_ignored(db: None) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "sandbox_create_app", "--name", "bench", "--tra", "99999", "--rate-limit", "100000",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "client_id=" in out.getvalue()
    assert "--rate-limit is ignored" in err.getvalue()
