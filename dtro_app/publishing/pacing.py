"""The facts behind a delivery estimate, read from the database (`estimate.py` does the sums).

What is still queued is counted in requests, as each change's delivery plans them (see
`requests_left`). The budget is shared by every TRA on an environment, so a batch's time
left counts what is queued ahead of it there too: single changes and earlier batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from dtro_app.models import (
    ApiCredential,
    AttemptOutcome,
    DeliveryBatch,
    ServiceEndpoint,
    Submission,
    SubmissionAttempt,
    SubmissionState,
    endpoint_key,
)
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.publishing.estimate import DeliveryEstimate, estimate

SUCCESS_WINDOW = timedelta(hours=1)
_SUCCESSES = (AttemptOutcome.SUCCEEDED, AttemptOutcome.ADOPTED)


def requests_left(pending: QuerySet[Submission]) -> int:
    """The requests the pending changes are planned to take: one for most, an order created
    in parts one a part, an update sent provision by provision one a call
    (`Submission.planned_requests`, see `planned_requests`)."""
    return int(pending.aggregate(total=Sum("planned_requests"))["total"] or 0)


@dataclass(frozen=True)
class Environment:
    base_url: str
    credential_ids: list[int]
    rate_per_minute: int
    paused: bool


def environment_of(credential: ApiCredential | None) -> Environment | None:
    if credential is None:
        return None
    key = endpoint_key(credential.base_url)
    endpoint = ServiceEndpoint.objects.filter(base_url=key).first()
    same = [c.pk for c in ApiCredential.objects.all() if endpoint_key(c.base_url) == key]
    rate = (endpoint and endpoint.rate_limit_per_minute) or settings.DTRO_RATE_LIMIT_PER_MINUTE
    return Environment(key, same, rate, bool(endpoint and endpoint.opened_at))


def success_rate(environment: Environment) -> float | None:
    """The share of recent attempts on this environment that succeeded (None: no attempts)."""
    since = timezone.now() - SUCCESS_WINDOW
    counts = SubmissionAttempt.objects.filter(
        submission__credential_id__in=environment.credential_ids,
        finished_at__gte=since,
    ).aggregate(
        total=Count("pk", filter=~Q(outcome=AttemptOutcome.CANCELLED)),
        good=Count("pk", filter=Q(outcome__in=_SUCCESSES)),
    )
    return counts["good"] / counts["total"] if counts["total"] else None


def batch_estimate(batch: DeliveryBatch) -> DeliveryEstimate | None:
    """Progress of an approval batch's delivery and the time left; None before it has any
    submission."""
    submissions = batch.submissions.all()
    first = submissions.select_related("credential").first()
    if first is None:
        return None
    environment = environment_of(first.credential)
    published = submissions.filter(state=SubmissionState.SUCCEEDED).count()
    total = submissions.count()
    if environment is None:
        return estimate(published=published, total=total, requests_left=0, rate_per_minute=1)
    ahead = Submission.objects.filter(
        Q(batch__isnull=True) | Q(batch__created_at__lt=batch.created_at) | Q(batch=batch),
        credential_id__in=environment.credential_ids,
        state__in=PENDING_STATES,
    )
    return estimate(
        published=published,
        total=total,
        requests_left=requests_left(ahead),
        rate_per_minute=environment.rate_per_minute,
        success_rate=success_rate(environment),
        paused=environment.paused,
    )


def unfinished_batches(authority_ids: list[int]) -> list[tuple[DeliveryBatch, DeliveryEstimate]]:
    """Approval batches of these TRAs with changes still to publish, and their estimates."""
    batches = DeliveryBatch.objects.filter(
        authority_id__in=authority_ids, submissions__state__in=PENDING_STATES
    ).distinct()
    shown = []
    for batch in batches.order_by("created_at"):
        if (found := batch_estimate(batch)) is not None:
            shown.append((batch, found))
    return shown
