"""How delivery is going, in figures: written once for `/metrics` and the Delivery health page.

`for_everyone` is what Prometheus scrapes (every TRA, counters since the beginning);
`for_authorities` is what a supervisor sees (their TRAs only, the last 24 hours). Every
figure is an aggregate query, so the cost does not grow with what a page shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from dtro_app.models import (
    ApiCredential,
    AttemptOutcome,
    ServiceEndpoint,
    Submission,
    SubmissionAttempt,
    SubmissionState,
    TrafficAuthority,
    endpoint_key,
)
from dtro_app.models.heartbeats import SWEEPER, last_beat
from dtro_app.models.submissions import PENDING_STATES
from outbound.models import CallOutcome, OutboundCall, Service

RECENT = timedelta(hours=24)

# OutboundCall grows with every request to the service (token calls and officers' reads too), so
# a scrape does not count the whole table each time. Rows older than SETTLED no longer
# change (a row is committed milliseconds after its created_at and calls are never deleted),
# so their counts are kept in the shared cache and only the newer rows are counted, through
# the index on created_at. The kept counts move forward hourly and are rebuilt daily.
_CALLS_KEY = "delivery-health:api-calls-settled"
_SETTLED = timedelta(minutes=5)
_ADVANCE = timedelta(hours=1)
_REBUILD_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class EndpointHealth:
    """One D-TRO service environment, and which of the TRAs' credentials use it."""

    base_url: str
    used_by: tuple[str, ...] = ()
    known: bool = False  # False until the portal has called it (no ServiceEndpoint row yet)
    circuit_open: bool = False
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    next_probe_at: datetime | None = None
    last_success_at: datetime | None = None
    rate_limited_total: int = 0

    @property
    def label(self) -> str:
        if self.circuit_open:
            return "Paused: not answering"
        if self.consecutive_failures:
            return "Failing"
        return "Working" if self.known else "Not used yet"


@dataclass(frozen=True)
class DeliveryHealth:
    queue_depth: dict[str, int]
    oldest_pending_at: datetime | None
    attempts_by_outcome: dict[str, int]
    rate_limited_calls: int
    endpoints: list[EndpointHealth]
    last_sweep_at: datetime | None
    api_calls_by_outcome: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return sum(self.queue_depth[state] for state in PENDING_STATES)


def _by(queryset: QuerySet, column: str, choices: Iterable[str]) -> dict[str, int]:
    """Rows counted per value of `column`, with every known value present (0 if none)."""
    counts = dict.fromkeys(choices, 0)
    for row in queryset.order_by().values(column).annotate(n=Count("pk")):
        counts[row[column]] = row["n"]
    return counts


def queue_depth(submissions: QuerySet[Submission]) -> dict[str, int]:
    return _by(submissions, "state", SubmissionState.values)


def oldest_pending_at(submissions: QuerySet[Submission]) -> datetime | None:
    return (
        submissions.filter(state__in=PENDING_STATES)
        .order_by()
        .aggregate(oldest=Min("created_at"))["oldest"]
    )


def attempts_by_outcome(attempts: QuerySet[SubmissionAttempt]) -> dict[str, int]:
    # An attempt still running has no outcome yet; it is not counted.
    return _by(attempts.exclude(outcome=""), "outcome", AttemptOutcome.values)


def _count_calls(**window: datetime) -> dict[str, int]:
    calls = OutboundCall.objects.filter(service=Service.DTRO, **window)
    return _by(calls, "outcome", CallOutcome.values)


def api_calls_by_outcome(now: datetime | None = None) -> dict[str, int]:
    """Every call to the service since the beginning, by outcome (see _CALLS_KEY above)."""
    now = now or timezone.now()
    horizon = now - _SETTLED
    settled = cache.get(_CALLS_KEY)
    if settled is None:
        settled = {"until": horizon, "counts": _count_calls(created_at__lt=horizon)}
        cache.set(_CALLS_KEY, settled, _REBUILD_SECONDS)
    elif horizon - settled["until"] >= _ADVANCE:
        more = _count_calls(created_at__gte=settled["until"], created_at__lt=horizon)
        settled = {"until": horizon, "counts": _merge(settled["counts"], more)}
        cache.set(_CALLS_KEY, settled, _REBUILD_SECONDS)
    return _merge(settled["counts"], _count_calls(created_at__gte=settled["until"]))


def _merge(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {key: a.get(key, 0) + b.get(key, 0) for key in a.keys() | b.keys()}


def endpoints(credentials: QuerySet[ApiCredential] | None = None) -> list[EndpointHealth]:
    """Each environment the credentials point at (every known environment when None)."""
    used_by: dict[str, list[str]] = {}
    if credentials is not None:
        for credential in credentials.select_related("authority").order_by(
            "authority__name", "environment"
        ):
            used_by.setdefault(endpoint_key(credential.base_url), []).append(
                f"{credential.authority.name} ({credential.get_environment_display()})"
            )
    rows = ServiceEndpoint.objects.all()
    if credentials is not None:
        rows = rows.filter(base_url__in=list(used_by))
    found = {
        row.base_url: EndpointHealth(
            base_url=row.base_url,
            used_by=tuple(used_by.get(row.base_url, ())),
            known=True,
            circuit_open=row.opened_at is not None,
            consecutive_failures=row.consecutive_failures,
            failing_since=row.failing_since,
            next_probe_at=row.next_probe_at,
            last_success_at=row.last_success_at,
            rate_limited_total=row.rate_limited_total,
        )
        for row in rows
    }
    for base_url, users in used_by.items():
        found.setdefault(base_url, EndpointHealth(base_url=base_url, used_by=tuple(users)))
    return [found[key] for key in sorted(found)]


def for_everyone() -> DeliveryHealth:
    """Every TRA's figures, counters since the beginning: what /metrics reports."""
    submissions = Submission.objects.all()
    environments = endpoints()
    return DeliveryHealth(
        queue_depth=queue_depth(submissions),
        oldest_pending_at=oldest_pending_at(submissions),
        attempts_by_outcome=attempts_by_outcome(SubmissionAttempt.objects.all()),
        api_calls_by_outcome=api_calls_by_outcome(),
        # Each 429 is both an OutboundCall row and a step of its environment's counter; the
        # counter is read because it is a handful of rows and survives any pruning of calls.
        rate_limited_calls=sum(e.rate_limited_total for e in environments),
        endpoints=environments,
        last_sweep_at=last_beat(SWEEPER),
    )


def for_authorities(
    authorities: QuerySet[TrafficAuthority], now: datetime | None = None
) -> DeliveryHealth:
    """The supervisor's page: only these TRAs' rows, attempts and 429s of the last 24 hours.

    The shared environments' circuits are shown only for environments the TRAs' own
    credentials point at; their counters (which mix every TRA's calls) are not used here.
    """
    since = (now or timezone.now()) - RECENT
    submissions = Submission.objects.filter(authority__in=authorities)
    return DeliveryHealth(
        queue_depth=queue_depth(submissions),
        oldest_pending_at=oldest_pending_at(submissions),
        attempts_by_outcome=attempts_by_outcome(
            SubmissionAttempt.objects.filter(
                submission__authority__in=authorities, started_at__gte=since
            )
        ),
        rate_limited_calls=OutboundCall.objects.filter(
            service=Service.DTRO,
            credential__authority__in=authorities,
            status=429,
            created_at__gte=since,
        ).count(),
        endpoints=endpoints(ApiCredential.objects.filter(authority__in=authorities)),
        last_sweep_at=last_beat(SWEEPER),
    )
