from __future__ import annotations

import socket

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from dtro_app.models.heartbeats import beat

pytestmark = pytest.mark.django_db

READYZ = reverse("readyz")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_broker_that_refuses_connections_makes_it_not_ready(client, settings):
    beat("sweeper")
    settings.CELERY_BROKER_URL = f"redis://:hunter2-broker-password@127.0.0.1:{closed_port()}/0"
    response = client.get(READYZ)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["ok"] is False
    assert checks["broker"]["detail"].startswith("the broker did not answer")
    assert checks["database"]["ok"] is True
    assert checks["sweeper"]["ok"] is True
    # Nothing of the broker's address or password leaves the process, nor a traceback.
    text = response.content.decode()
    assert "hunter2" not in text
    assert "127.0.0.1" not in text
    assert "Traceback" not in text


def test_a_database_that_does_not_answer_makes_it_not_ready(client, monkeypatch):
    beat("sweeper")

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed')

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get(READYZ)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {
        "ok": False,
        "detail": "the database did not answer (OperationalError)",
    }
    assert "db.internal" not in response.content.decode()


def test_healthz_answers_even_then(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
