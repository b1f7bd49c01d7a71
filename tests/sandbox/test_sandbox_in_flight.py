"""The in-flight register: a row per D-TRO write while it is inside the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import Api

from sandbox import faults, gateway
from sandbox.models import SandboxDtro, SandboxInFlight

pytestmark = pytest.mark.django_db

AGENT = "dtro-portal/0.1 (pid 12345)"


@pytest.fixture
def seen_while_held(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the register and the D-TRO table held while the latency hold was running."""
    seen: list[dict[str, Any]] = []

    def look(seconds: float) -> None:
        seen.append(
            {
                "rows": list(SandboxInFlight.objects.values("method", "path", "user_agent")),
                "dtros": SandboxDtro.objects.count(),
            }
        )

    monkeypatch.setattr(faults, "hold", look)
    return seen


def test_a_held_write_is_registered_before_it_commits_and_removed_after(
    publisher: Api, document: dict, seen_while_held: list[dict[str, Any]]
) -> None:
    gateway.set_track_in_flight(True)
    with faults.configure(latency_ms=50):
        response = publisher.post("dtros/createFromBody", document, **{"User-Agent": AGENT})
    assert response.status_code == 201
    assert seen_while_held == [
        {
            "rows": [
                {"method": "POST", "path": "/sandbox/v1/dtros/createFromBody", "user_agent": AGENT}
            ],
            "dtros": 0,
        }
    ]
    assert not SandboxInFlight.objects.exists()


def test_the_row_is_removed_when_the_write_fails(publisher: Api, document: dict) -> None:
    gateway.set_track_in_flight(True)
    with faults.configure(error_5xx_rate=1.0):
        assert publisher.post("dtros/createFromBody", document).status_code == 503
    assert publisher.post("dtros/createFromBody", {"nonsense": True}).status_code == 400
    assert not SandboxInFlight.objects.exists()


def test_reads_and_untracked_writes_leave_no_row(
    publisher: Api, document: dict, seen_while_held: list[dict[str, Any]]
) -> None:
    with faults.configure(latency_ms=50):
        publisher.create(document)
        gateway.set_track_in_flight(True)
        publisher.get("schemas/versions")
        publisher.post("search", {"page": 1, "pageSize": 10, "queries": [{}]})
    assert [seen["rows"] for seen in seen_while_held] == [[], [], []]


def test_the_setting_switches_tracking_on(publisher: Api, document: dict, settings: Any) -> None:
    settings.SANDBOX_TRACK_IN_FLIGHT = True
    assert gateway.switches().track_in_flight
    gateway.set_track_in_flight(False)
    assert not gateway.switches().track_in_flight
