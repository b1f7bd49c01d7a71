"""When a D-TRO service environment stops answering: probe it, tell people, drain the queue.

While an environment's circuit is open (`dtro_app.client.circuit`), nothing is sent there
and nothing waiting is failed for it. The sweeper's beat calls `probe_due` (one cheap read
per environment per `DELIVERY_CIRCUIT_PROBE_SECONDS`), which closes the circuit when the
service answers and then drains the waiting changes in the order they were approved, spaced
at the environment's budget rate. `notify_outages` sends each TRA's supervisors one digest
email per outage; `waiting_banner` is the line officers and supervisors see on every page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from dtro_app.client import ApiError, DtroClient
from dtro_app.client.circuit import credentials_on
from dtro_app.models import (
    ApiCredential,
    OutageNotice,
    ServiceEndpoint,
    Submission,
    SubmissionState,
    TrafficAuthority,
)
from dtro_app.models.submissions import PENDING_STATES, SETTLED_STATES
from dtro_app.notifications import supervisor_emails
from dtro_app.publishing import outbox

logger = logging.getLogger(__name__)

# A probe is a read the supervisor is not waiting for, but the beat is: keep it short.
PROBE_TIMEOUT = (5.0, 10.0)
WAITING_STATES = (SubmissionState.QUEUED, SubmissionState.RETRY_WAIT)


def credentials_of(endpoint: ServiceEndpoint) -> list[ApiCredential]:
    return credentials_on({endpoint.base_url})


def probe_due(*, now: datetime | None = None) -> list[str]:
    """Probe each open environment whose probe is due; returns the base URLs that answered."""
    now = now or timezone.now()
    recovered = []
    for endpoint in ServiceEndpoint.objects.filter(opened_at__isnull=False, next_probe_at__lte=now):
        # One prober per due probe, however many beats or workers run this.
        later = now + timedelta(seconds=settings.DELIVERY_CIRCUIT_PROBE_SECONDS)
        if not ServiceEndpoint.objects.filter(
            pk=endpoint.pk, next_probe_at=endpoint.next_probe_at
        ).update(next_probe_at=later):
            continue
        if _probe(endpoint):
            recovered.append(endpoint.base_url)
            drain(endpoint)
    return recovered


def _probe(endpoint: ServiceEndpoint) -> bool:
    credential = next((c for c in credentials_of(endpoint) if c.is_active), None)
    if credential is None:
        return False
    try:
        DtroClient(credential, probe=True, timeout=PROBE_TIMEOUT).probe_service()
    except ApiError as error:
        logger.info("Probe of %s: %s", endpoint.base_url, error)
    # The client told the circuit what the answer means (it closes on a real answer).
    endpoint.refresh_from_db()
    return endpoint.opened_at is None


def drain(endpoint: ServiceEndpoint, *, now: datetime | None = None) -> int:
    """Send what waited for this environment, oldest approval first, spaced at its budget.

    Only each D-TRO's next change is scheduled (later ones follow it as each settles), so the
    queue drains in the order changes were approved.
    """
    now = now or timezone.now()
    rate = endpoint.rate_limit_per_minute or settings.DTRO_RATE_LIMIT_PER_MINUTE
    interval = 60.0 / rate
    earlier = Submission.objects.filter(
        dtro_id=OuterRef("dtro_id"), sequence__lt=OuterRef("sequence")
    ).exclude(state__in=SETTLED_STATES)
    waiting = (
        Submission.objects.filter(state__in=WAITING_STATES, credential__in=credentials_of(endpoint))
        .exclude(Exists(earlier))
        # Single changes first, then batches (fairness, see batch_feed).
        .order_by(F("batch__created_at").asc(nulls_first=True), "created_at", "pk")
        .values_list("pk", flat=True)
    )
    for position, submission_id in enumerate(waiting):
        offset = position * interval
        Submission.objects.filter(pk=submission_id, state__in=WAITING_STATES).update(
            next_attempt_at=now + timedelta(seconds=offset)
        )
        if offset <= settings.DELIVERY_MAX_COUNTDOWN_SECONDS:
            outbox.enqueue(submission_id, countdown=offset)
        # Later ones are due by then and the sweeper sends them.
    return len(waiting)


# --- telling people ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    endpoint: ServiceEndpoint
    since: datetime
    waiting: int


def outages_for(authority_ids: list[int]) -> list[Outage]:
    """Open circuits of the environments these TRAs publish to, with their waiting changes."""
    if not authority_ids:
        return []
    outages = []
    for endpoint in ServiceEndpoint.objects.filter(opened_at__isnull=False):
        credentials = [c for c in credentials_of(endpoint) if c.authority_id in authority_ids]
        if not credentials:
            continue
        waiting = Submission.objects.filter(
            state__in=PENDING_STATES, credential__in=credentials
        ).count()
        since = endpoint.failing_since or endpoint.opened_at or timezone.now()
        outages.append(Outage(endpoint, since, waiting))
    return outages


def waiting_banner(authority_ids: list[int]) -> str | None:
    """The line shown on every page while a TRA's service environment is not answering."""
    outages = outages_for(authority_ids)
    if not outages:
        return None
    since = min(outage.since for outage in outages)
    waiting = sum(outage.waiting for outage in outages)
    return (
        f"The D-TRO service has not answered since {_when(since)}; "
        f"{waiting} change{'s are' if waiting != 1 else ' is'} waiting and will be sent "
        "automatically."
    )


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j F Y H:i")


def notify_outages(*, now: datetime | None = None) -> int:
    """One digest email per TRA per outage, once it has lasted long enough to matter."""

    now = now or timezone.now()
    notice_after = timedelta(seconds=settings.DELIVERY_OUTAGE_NOTICE_AFTER_SECONDS)
    sent = 0
    for endpoint in ServiceEndpoint.objects.filter(opened_at__isnull=False):
        since = endpoint.failing_since or endpoint.opened_at
        if since is None or now - since < notice_after:
            continue
        by_authority = dict(
            Submission.objects.filter(
                state__in=PENDING_STATES, credential__in=credentials_of(endpoint)
            )
            .values_list("authority_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for authority in TrafficAuthority.objects.filter(pk__in=by_authority):
            notice, created = OutageNotice.objects.get_or_create(
                endpoint=endpoint,
                authority=authority,
                outage_started_at=since,
                defaults={"waiting": by_authority[authority.pk]},
            )
            if created:
                _email_digest(authority, notice, supervisor_emails(authority.pk))
                sent += 1
    return sent


def _email_digest(authority: Any, notice: OutageNotice, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(
            subject=f"D-TRO service not answering: {notice.waiting} changes waiting",
            message=(
                f"The D-TRO service ({notice.endpoint.base_url}) has not answered since "
                f"{_when(notice.outage_started_at)}.\n\n"
                f"{notice.waiting} approved change(s) of {authority.name} are waiting. "
                "Nothing needs doing: they will be sent automatically, in order, when the "
                "service answers again. The portal checks every "
                f"{settings.DELIVERY_CIRCUIT_PROBE_SECONDS} seconds.\n\n"
                f"Delivery queue: {settings.PORTAL_SITE_URL}/admin/dtro_app/submission/\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the banner and the queue still show it; email is extra
        logger.exception("Could not email the outage digest to TRA %s", authority.pk)
