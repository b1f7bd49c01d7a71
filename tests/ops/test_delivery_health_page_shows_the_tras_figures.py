from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from ops_figures import OUR_URL

from dtro_app.publishing import health as delivery_health

pytestmark = pytest.mark.django_db

PAGE = reverse("dtro_app:delivery_health")


def test_the_figures_count_only_the_tras_rows(seeded_queue, tra):
    from dtro_app.models import TrafficAuthority

    health = delivery_health.for_authorities(TrafficAuthority.objects.filter(pk=tra.pk))
    assert health.queue_depth == {
        "queued": 2,
        "sending": 0,
        "retry_wait": 1,
        "succeeded": 1,
        "rejected": 0,
        "failed": 1,
        "cancelled": 0,
    }
    assert health.pending == 3
    assert abs(health.oldest_pending_at - (timezone.now() - timedelta(hours=3))) < timedelta(
        minutes=1
    )
    # The day-old window leaves out the attempt and the 429 of two days ago.
    assert health.attempts_by_outcome["transient"] == 2
    assert health.attempts_by_outcome["succeeded"] == 1
    assert health.attempts_by_outcome["rate_limited"] == 0
    assert health.rate_limited_calls == 2
    [endpoint] = health.endpoints
    assert endpoint.base_url == OUR_URL
    assert endpoint.circuit_open
    assert endpoint.label == "Paused: not answering"


def test_the_page_shows_them_in_words(supervisor_client, seeded_queue):
    page = supervisor_client.get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd class="govuk-summary-list__value" id="pending-count">3</dd>' in html
    assert "Approved 3\xa0hours ago" in html
    assert "2 answers" in html
    assert "Paused: not answering" in html
    failing_since = timezone.localtime(timezone.now() - timedelta(minutes=20))
    next_probe = timezone.localtime(timezone.now() + timedelta(minutes=1))
    assert f"Not answering since {failing_since:%H:%M}" in html
    assert f"the next check is at {next_probe:%H:%M}" in html
    # No heartbeat has been written: the sweeper never ran, which the page flags.
    assert "Never" in html
    assert "Celery beat may not be running" in html


def test_a_recent_sweep_is_not_flagged(supervisor_client, seeded_queue):
    from dtro_app.models.heartbeats import beat

    beat("sweeper")
    html = supervisor_client.get(PAGE).content.decode()
    assert "Celery beat may not be running" not in html
    assert f"({timezone.localtime():%H:%M}" in html
