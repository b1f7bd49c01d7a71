from __future__ import annotations

import time
from typing import Any

import pytest
from sandbox_helpers import Api

from sandbox import faults
from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db


def test_faults_are_off_by_default(publisher: Api) -> None:
    assert faults.plan_for(publisher.app).is_off  # type: ignore[attr-defined]


def test_latency_delays_every_answer(publisher: Api) -> None:
    with faults.configure(latency_ms=300):
        started = time.monotonic()
        assert publisher.get("schemas/versions").status_code == 200
        assert time.monotonic() - started >= 0.3


def test_a_5xx_rate_of_one_always_fails(publisher: Api, document: dict) -> None:
    with faults.configure(error_5xx_rate=1.0):
        assert publisher.get("schemas/versions").status_code == 503
        assert publisher.post("dtros/createFromBody", document).status_code == 503
    assert not SandboxDtro.objects.exists()
    with faults.configure(error_5xx_rate=1.0, error_5xx_status=500):
        response = publisher.get("schemas/versions")
        assert response.status_code == 500
        assert response.json()["message"] == "Internal Server Error"


def test_a_429_rate_of_one_always_throttles_with_retry_after_only_when_asked(
    publisher: Api,
) -> None:
    with faults.configure(rate_429_rate=1.0):
        response = publisher.get("schemas/versions")
        assert response.status_code == 429
        assert "Retry-After" not in response
    with faults.configure(rate_429_rate=1.0, retry_after_seconds=7):
        assert publisher.get("schemas/versions")["Retry-After"] == "7"


def test_a_seeded_rate_gives_repeatable_decisions(publisher: Api) -> None:
    def run() -> list[int]:
        faults.seed(42)
        return [publisher.get("schemas/versions").status_code for _ in range(12)]

    with faults.configure(error_5xx_rate=0.5):
        first, second = run(), run()
    assert first == second
    assert {200, 503} == set(first)


def test_per_app_switches_win_over_global_ones(publisher: Api, other_publisher: Api) -> None:
    with (
        faults.configure(error_5xx_rate=1.0),
        faults.configure(app=publisher.app, latency_ms=1),  # type: ignore[attr-defined]
    ):
        assert publisher.get("schemas/versions").status_code == 200
        assert other_publisher.get("schemas/versions").status_code == 503


def test_a_timeout_holds_the_answer_after_processing(publisher: Api, document: dict) -> None:
    with faults.configure(timeout_rate=1.0, timeout_seconds=0.4):
        started = time.monotonic()
        response = publisher.post("dtros/createFromBody", document)
        assert time.monotonic() - started >= 0.4
    assert response.status_code == 201


def test_drop_after_commit_keeps_the_record_and_holds_the_answer_without_a_socket(
    publisher: Api, document: dict
) -> None:
    with faults.configure(drop_rate=1.0, drop_hold_seconds=0.3):
        started = time.monotonic()
        publisher.post("dtros/createFromBody", document)
        assert time.monotonic() - started >= 0.3
    assert SandboxDtro.objects.count() == 1


def test_the_fault_settings_switch_faults_on(publisher: Api, settings: Any) -> None:
    settings.SANDBOX_FAULTS = {
        **settings.SANDBOX_FAULTS,
        "rate_429_rate": 1.0,
        "retry_after_seconds": 3,
    }
    response = publisher.get("schemas/versions")
    assert response.status_code == 429
    assert response["Retry-After"] == "3"


def test_unknown_switches_are_refused() -> None:
    with pytest.raises(TypeError), faults.configure(error_rate=1.0):
        pass
