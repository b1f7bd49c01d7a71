from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

METRICS = reverse("metrics")


def test_localhost_may_scrape_by_default(client):
    response = client.get(METRICS)
    assert response.status_code == 200
    assert b"dtro_delivery_queue_depth" in response.content
    assert "Set-Cookie" not in response.headers


def test_an_address_outside_the_list_gets_404(client):
    assert client.get(METRICS, REMOTE_ADDR="203.0.113.9").status_code == 404


def test_a_network_in_the_list_may_scrape(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get(METRICS, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(METRICS, REMOTE_ADDR="127.0.0.1").status_code == 404


def test_with_a_token_set_the_token_is_required(client, settings):
    settings.METRICS_BEARER_TOKEN = "s3cret-scrape-token"
    assert client.get(METRICS).status_code == 403
    assert client.get(METRICS, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get(METRICS, HTTP_AUTHORIZATION="Basic s3cret-scrape-token").status_code == 403
    ok = client.get(METRICS, HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert ok.status_code == 200


def test_a_token_alone_lets_any_address_scrape(client, settings):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_BEARER_TOKEN = "s3cret-scrape-token"
    auth = {"HTTP_AUTHORIZATION": "Bearer s3cret-scrape-token"}
    assert client.get(METRICS, REMOTE_ADDR="203.0.113.9", **auth).status_code == 200
    assert client.get(METRICS, REMOTE_ADDR="203.0.113.9").status_code == 403


def test_with_neither_set_nobody_may_scrape(client, settings):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_BEARER_TOKEN = ""
    assert client.get(METRICS).status_code == 404
