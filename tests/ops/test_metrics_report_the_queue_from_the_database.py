from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from ops_figures import OUR_URL, THEIR_URL
from prometheus_client.parser import text_string_to_metric_families

from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_every_tras_figures_are_reported(client, seeded_queue):
    from dtro_app.models.heartbeats import beat

    beat("sweeper")
    m = scrape(client)
    assert m[("dtro_delivery_queue_depth", (("state", "queued"),))] == 3
    assert m[("dtro_delivery_queue_depth", (("state", "retry_wait"),))] == 1
    assert m[("dtro_delivery_queue_depth", (("state", "sending"),))] == 0
    # The other TRA's queued change is 10 hours old: the oldest of everyone's.
    assert m[("dtro_delivery_oldest_pending_seconds", ())] == pytest.approx(36_000, abs=60)
    assert m[("dtro_delivery_attempts_total", (("outcome", "transient"),))] == 3
    assert m[("dtro_delivery_attempts_total", (("outcome", "rate_limited"),))] == 4
    assert m[("dtro_api_calls_total", (("outcome", "transient"),))] == 8
    assert m[("dtro_api_calls_total", (("outcome", "success"),))] == 3
    assert m[("dtro_api_rate_limited_total", ())] == 8
    assert m[("dtro_service_circuit_open", (("endpoint", OUR_URL),))] == 1
    assert m[("dtro_service_circuit_open", (("endpoint", THEIR_URL),))] == 0
    assert m[("dtro_service_consecutive_failures", (("endpoint", OUR_URL),))] == 6
    assert m[("dtro_delivery_last_sweep_timestamp_seconds", ())] == pytest.approx(
        timezone.now().timestamp(), abs=60
    )


def test_calls_made_after_a_scrape_are_counted_by_the_next(client, seeded_queue):
    key = ("dtro_api_calls_total", (("outcome", "success"),))
    assert scrape(client)[key] == 3
    OutboundCall.objects.create(
        service="dtro", method="GET", path="/x", correlation_id="c", status=200, outcome="success"
    )
    assert scrape(client)[key] == 4
    # An hour on, the kept counts move forward and still agree with the table.
    later = timezone.now() + timedelta(hours=2)
    from dtro_app.publishing import health as delivery_health

    assert delivery_health.api_calls_by_outcome(now=later)["success"] == 4
    assert delivery_health.api_calls_by_outcome(now=later)["transient"] == 8
