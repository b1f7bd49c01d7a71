from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dtro_app.models import Heartbeat
from dtro_app.models.heartbeats import beat

pytestmark = pytest.mark.django_db

READYZ = reverse("readyz")


def test_ready_when_the_sweeper_ran_recently(client):
    beat("sweeper")
    response = client.get(READYZ)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "broker", "sweeper"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "Set-Cookie" not in response.headers


def test_not_ready_when_the_sweeper_is_late(client, settings):
    settings.READYZ_SWEEP_MAX_AGE_SECONDS = 120
    Heartbeat.objects.create(name="sweeper", beat_at=timezone.now() - timedelta(seconds=300))
    response = client.get(READYZ)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["sweeper"]["ok"] is False
    assert "last ran 300 s ago (limit 120 s)" in body["checks"]["sweeper"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def test_not_ready_when_the_sweeper_never_ran(client):
    body = client.get(READYZ).json()
    assert body["checks"]["sweeper"] == {
        "ok": False,
        "detail": "the outbox sweeper has never run (is Celery beat running?)",
    }
