"""A per-credential request budget shared by every worker and web process.

The gateway's SpikeArrest refuses bursts (research §9.2), so we spend our own budget first.
It is a token bucket (capacity and refill = `rate_limit_per_minute`) in one database row
per credential, updated under a row lock. That is atomic on PostgreSQL (`SELECT ... FOR
UPDATE`) and on SQLite (the portal opens every transaction with BEGIN IMMEDIATE, which
takes the write lock), whatever the cache backend; at 120 requests a minute the extra
transaction per call costs nothing that matters.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dtro_app.models import ApiCredential, ApiRateBucket

DEFAULT_RATE_PER_MINUTE = 120


def acquire(credential: ApiCredential) -> float:
    """Spend one request of the credential's budget: 0.0 when allowed, else seconds to wait.

    Never sleeps: a worker that is told to wait reschedules itself instead of holding a slot.
    """
    rate = credential.rate_limit_per_minute or DEFAULT_RATE_PER_MINUTE
    capacity = float(rate)
    per_second = rate / 60.0
    with transaction.atomic():
        bucket = ApiRateBucket.objects.select_for_update().filter(credential=credential).first()
        if bucket is None:
            # The first call for this credential (rare): create the full bucket, then lock it.
            ApiRateBucket.objects.get_or_create(
                credential=credential, defaults={"tokens": capacity, "refilled_at": timezone.now()}
            )
            bucket = ApiRateBucket.objects.select_for_update().get(credential=credential)
        moment = timezone.now()
        elapsed = max(0.0, (moment - bucket.refilled_at).total_seconds())
        tokens = min(capacity, bucket.tokens + elapsed * per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / per_second
        bucket.tokens, bucket.refilled_at = tokens, moment
        bucket.save(update_fields=["tokens", "refilled_at"])
    return wait
