"""Service pages share the environment's budget and circuit with deliveries: while the
circuit is open they say so without calling the service, and they never keep an officer
waiting long for a turn."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dtro_app.models import ServiceEndpoint, endpoint_key
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_open_circuit_is_explained_and_nothing_is_sent(
    officer_client: Any, sandbox_credential: Any
) -> None:
    now = timezone.now()
    ServiceEndpoint.objects.update_or_create(
        base_url=endpoint_key(sandbox_credential.base_url),
        defaults={"opened_at": now, "failing_since": now, "next_probe_at": now},
    )
    html = officer_client.get(reverse("dtro_app:search"), {"troName": "x"}).content.decode()
    assert "has not been answering" in html
    assert OutboundCall.objects.count() == 0


def test_a_budget_booked_ahead_says_busy_instead_of_waiting(
    officer_client: Any, sandbox_credential: Any, settings: Any
) -> None:
    import time

    settings.DTRO_RATE_LIMIT_PER_MINUTE = 60
    settings.DTRO_RATE_BURST = 1
    ServiceEndpoint.objects.update_or_create(
        base_url=endpoint_key(sandbox_credential.base_url),
        defaults={"next_slot_epoch": time.time() + 30},  # deliveries hold the next 30 s
    )
    started = time.monotonic()
    html = officer_client.get(reverse("dtro_app:search"), {"troName": "x"}).content.decode()
    assert time.monotonic() - started < 3
    assert "sending many changes" in html
