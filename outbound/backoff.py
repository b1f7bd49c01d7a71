"""Exponential backoff with jitter, shared by delivery retries and the clients' own retries."""

from __future__ import annotations

import random


def jittered_backoff(
    attempts: int, *, base: float, cap: float, retry_after: float | None = None
) -> float:
    """Seconds to wait before attempt `attempts + 1`: `base` doubled per attempt, up to `cap`.

    Equal jitter (between half the exponential cap and the cap) spreads retries from many
    workers; the service's Retry-After, when given, is a floor.
    """
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    wait = random.uniform(ceiling / 2, ceiling)  # jitter, not cryptography
    if retry_after is not None:
        wait = max(wait, retry_after)
    return wait
