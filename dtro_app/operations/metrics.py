"""Prometheus metrics, read from the database when scraped.

A custom collector asks `dtro_app.publishing.health` at scrape time, so every web process
reports the same figures (the database's) and no multiprocess mode is needed. Only our own
registry is exported: per-process figures would differ from one gunicorn worker to the next.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from dtro_app.publishing import health as delivery_health


class DeliveryCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        health = delivery_health.for_everyone()
        now = timezone.now()

        depth = GaugeMetricFamily(
            "dtro_delivery_queue_depth", "Submissions (outbox rows) by state.", labels=["state"]
        )
        for state, count in sorted(health.queue_depth.items()):
            depth.add_metric([state], count)
        yield depth

        oldest = health.oldest_pending_at
        yield GaugeMetricFamily(
            "dtro_delivery_oldest_pending_seconds",
            "Age of the oldest change still to be sent (queued, sending or waiting to retry); "
            "0 when none.",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )

        attempts = CounterMetricFamily(
            "dtro_delivery_attempts", "Delivery attempts by outcome.", labels=["outcome"]
        )
        for outcome, count in sorted(health.attempts_by_outcome.items()):
            attempts.add_metric([outcome], count)
        yield attempts

        calls = CounterMetricFamily(
            "dtro_api_calls", "HTTP calls to the D-TRO service by outcome.", labels=["outcome"]
        )
        for outcome, count in sorted(health.api_calls_by_outcome.items()):
            calls.add_metric([outcome], count)
        yield calls

        yield CounterMetricFamily(
            "dtro_api_rate_limited",
            "429 answers from the D-TRO service, every environment together.",
            value=health.rate_limited_calls,
        )

        circuit = GaugeMetricFamily(
            "dtro_service_circuit_open",
            "1 while the portal has stopped sending to a service environment that is not "
            "answering, else 0.",
            labels=["endpoint"],
        )
        failures = GaugeMetricFamily(
            "dtro_service_consecutive_failures",
            "Transient failures in a row of calls to a service environment.",
            labels=["endpoint"],
        )
        for endpoint in health.endpoints:
            circuit.add_metric([endpoint.base_url], 1 if endpoint.circuit_open else 0)
            failures.add_metric([endpoint.base_url], endpoint.consecutive_failures)
        yield circuit
        yield failures

        swept = health.last_sweep_at
        yield GaugeMetricFamily(
            "dtro_delivery_last_sweep_timestamp_seconds",
            "When the outbox sweeper last ran (Unix time); 0 if never.",
            value=swept.timestamp() if swept else 0.0,
        )


REGISTRY = CollectorRegistry(auto_describe=False)
REGISTRY.register(DeliveryCollector())


def exposition() -> bytes:
    return generate_latest(REGISTRY)


def may_scrape(request: HttpRequest) -> tuple[bool, int]:
    """(allowed, status to refuse with): 404 from an address not allowed, so the endpoint
    does not show itself; 403 for a missing or wrong token."""
    allowed = settings.METRICS_ALLOWED_IPS
    token = settings.METRICS_BEARER_TOKEN
    if not allowed and not token:
        return False, 404  # never open to everyone by leaving both settings empty
    if allowed and not _address_allowed(request.META.get("REMOTE_ADDR", ""), allowed):
        return False, 404
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return False, 403
    return True, 200


def _address_allowed(address: str, allowed: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    # An IPv4 client seen through an IPv6 socket (::ffff:10.0.0.1) is its IPv4 address.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in ipaddress.ip_network(network, strict=False) for network in allowed)
