"""The circuit breaker of each D-TRO service environment (kept on its `ServiceEndpoint` row).

Every call the client makes reports here: a transient failure (no answer, a 5xx) adds to a
count of failures in a row, and any answer from the service (2xx or 4xx) clears it. At
`DELIVERY_CIRCUIT_FAILURES` in a row the circuit opens: `ratelimit.take_turn` then gives no
turn except to the probe (`dtro_app.publishing.outage`), so an outage costs one cheap call a
minute instead of a storm of retries, and nothing waiting is failed for it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from dtro_app.models import ApiCredential, ServiceEndpoint, endpoint_key

logger = logging.getLogger(__name__)


def record_failure(base_url: str, message: str) -> None:
    """A call got no usable answer. Opens the circuit at the threshold (once per outage)."""
    now = timezone.now()
    key = endpoint_key(base_url)
    threshold = max(1, settings.DELIVERY_CIRCUIT_FAILURES)
    # This failure reaches the threshold and the circuit is still closed.
    opens = {"consecutive_failures__gte": threshold - 1, "opened_at__isnull": True}
    probe_at = now + timedelta(seconds=settings.DELIVERY_CIRCUIT_PROBE_SECONDS)
    ServiceEndpoint.objects.filter(base_url=key).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), Value(now)),
        last_failure_at=now,
        last_error=message[:500],
        opened_at=Case(When(**opens, then=Value(now)), default=F("opened_at")),
        next_probe_at=Case(When(**opens, then=Value(probe_at)), default=F("next_probe_at")),
    )


def record_success(base_url: str) -> bool:
    """The service answered: clear the failure count and close the circuit if it was open.
    Returns whether it was open (the caller then drains what waited)."""
    now = timezone.now()
    key = endpoint_key(base_url)
    was_open = ServiceEndpoint.objects.filter(base_url=key, opened_at__isnull=False).exists()
    ServiceEndpoint.objects.filter(base_url=key).update(
        consecutive_failures=0,
        failing_since=None,
        opened_at=None,
        next_probe_at=None,
        last_success_at=now,
    )
    if was_open:
        logger.warning("The D-TRO service at %s answers again; circuit closed", key)
    return was_open


def credentials_on(base_urls: set[str]) -> list[ApiCredential]:
    """The credentials that call the environments with these (normalised) base URLs."""
    if not base_urls:
        return []
    return [
        credential
        for credential in ApiCredential.objects.select_related("authority")
        if endpoint_key(credential.base_url) in base_urls
    ]


def credentials_held_back() -> list[int]:
    """Credentials whose environment's circuit is open (their changes wait for the probe)."""
    open_keys = set(
        ServiceEndpoint.objects.filter(opened_at__isnull=False).values_list("base_url", flat=True)
    )
    return [credential.pk for credential in credentials_on(open_keys)]
