"""A per-credential request budget shared by every worker and web process.

The gateway's SpikeArrest refuses bursts (research §9.2), so we spend our own budget first.
It is a token bucket (capacity and refill = `rate_limit_per_minute`) in one database row
per credential. Spending is one conditional UPDATE that refills and takes a token only if
one is there, so it is atomic on PostgreSQL and SQLite without a transaction or a lock.

It runs before every call to the service, so the statement is written in SQL: the same
UPDATE built with ORM expressions cost fifteen times the CPU (`bench/profile_delivery.py`).
"""

from __future__ import annotations

import time
from contextlib import suppress

from django.db import IntegrityError, connection

from dtro_app.models import ApiCredential, ApiRateBucket

DEFAULT_RATE_PER_MINUTE = 120

# `available` is the bucket refilled up to now (never for a moment before the last refill:
# processes' clocks read a moment apart); spend one if at least one is there.
_AVAILABLE = (
    "(CASE WHEN refilled_at_epoch >= %s THEN tokens"
    " ELSE tokens + (%s - refilled_at_epoch) * %s END)"
)
_SPEND = (
    "UPDATE {table} SET"
    " tokens = (CASE WHEN {available} > %s THEN %s ELSE {available} END) - 1,"
    " refilled_at_epoch = (CASE WHEN refilled_at_epoch > %s THEN refilled_at_epoch ELSE %s END)"
    " WHERE credential_id = %s AND {available} >= 1"
)


def acquire(credential: ApiCredential) -> float:
    """Spend one request of the credential's budget: 0.0 when allowed, else seconds to wait.

    Never sleeps: a worker that is told to wait reschedules itself instead of holding a slot.
    """
    rate = credential.rate_limit_per_minute or DEFAULT_RATE_PER_MINUTE
    capacity, per_second = float(rate), rate / 60.0
    now = time.time()
    available = [now, now, per_second]
    sql = _SPEND.format(
        table=connection.ops.quote_name(ApiRateBucket._meta.db_table), available=_AVAILABLE
    )
    params = [*available, capacity, capacity, *available, now, now, credential.pk, *available]
    wait = 1.0 / per_second
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.rowcount:
                return 0.0
        row = ApiRateBucket.objects.filter(credential_id=credential.pk).values_list(
            "tokens", "refilled_at_epoch"
        )
        tokens_and_time = row.first()
        if tokens_and_time is None:
            # The credential's first call (rare): start it with a full bucket, then spend.
            with suppress(IntegrityError):  # another process may create it first
                ApiRateBucket.objects.create(
                    credential_id=credential.pk, tokens=capacity, refilled_at_epoch=now
                )
            continue
        tokens, refilled_at = tokens_and_time
        wait = (1.0 - min(capacity, tokens + max(0.0, now - refilled_at) * per_second)) / per_second
        if wait > 0:
            return wait
        # Refilled or created between our UPDATE and this read: try to spend again.
    return max(wait, 0.01)
