"""How long what is still queued will take to publish: pure arithmetic, no I/O.

The gateway lets one environment take `rate_per_minute` requests, whoever sends them, so
the time left is the requests still needed divided by that rate. Requests that fail are
sent again, so at an observed success rate of 80% each request needed costs 1 / 0.8 sends
on average. `dtro_app.publishing.pacing` reads the facts from the database and calls this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# A success rate below this is treated as this, so one bad minute does not promise days.
LOWEST_SUCCESS_RATE = 0.1


@dataclass(frozen=True)
class DeliveryEstimate:
    published: int
    total: int
    requests_left: int
    rate_per_minute: int
    success_rate: float
    paused: bool
    minutes_left: float | None  # None when nothing is left or delivery is paused

    @property
    def sentence(self) -> str:
        """ "1,240 of 5,000 published; about 31 minutes left at 120 requests per minute"."""
        done = f"{self.published:,} of {self.total:,} published"
        if self.paused:
            return f"{done}; paused: the service is not answering"
        if self.minutes_left is None:
            return done
        rate = f"{self.rate_per_minute:,} requests per minute"
        return f"{done}; {_duration(self.minutes_left)} left at {rate}"


def estimate(
    *,
    published: int,
    total: int,
    requests_left: int,
    rate_per_minute: int,
    success_rate: float | None = None,
    paused: bool = False,
) -> DeliveryEstimate:
    """The time `requests_left` take at `rate_per_minute`, given the share of requests that
    succeed (None when nothing has been sent yet: assume all will)."""
    rate = max(1, rate_per_minute)
    observed = 1.0 if success_rate is None else success_rate
    effective = min(1.0, max(LOWEST_SUCCESS_RATE, observed))
    minutes: float | None = None
    if requests_left > 0 and not paused:
        minutes = requests_left / effective / rate
    return DeliveryEstimate(
        published=published,
        total=total,
        requests_left=max(0, requests_left),
        rate_per_minute=rate,
        success_rate=effective,
        paused=paused,
        minutes_left=minutes,
    )


def _duration(minutes: float) -> str:
    if minutes < 1:
        return "less than a minute"
    whole = math.floor(minutes + 0.5)
    if whole < 60:
        return f"about {whole} minute{'s' if whole != 1 else ''}"
    hours, rest = divmod(whole, 60)
    text = f"about {hours} hour{'s' if hours != 1 else ''}"
    return f"{text} {rest} minute{'s' if rest != 1 else ''}" if rest else text
