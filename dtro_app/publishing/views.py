"""Supervisors' Delivery health page: the /metrics figures for their own TRAs only.

Like the approvals pages, anyone who supervises no TRA gets a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dtro_app.models import AttemptOutcome, SubmissionState, TrafficAuthority
from dtro_app.publishing import health as delivery_health
from dtro_app.publishing.pacing import unfinished_batches


@require_GET
@login_required
def delivery_health_page(request: HttpRequest) -> HttpResponse:
    authorities = TrafficAuthority.objects.supervised_by(request.user)
    if not authorities.exists():
        raise Http404("No delivery health here")
    now = timezone.now()
    health = delivery_health.for_authorities(authorities, now=now)
    sweep_age = (now - health.last_sweep_at).total_seconds() if health.last_sweep_at else None
    return render(
        request,
        "dtro_app/delivery_health.html",
        {
            "page_title": "Delivery health",
            "authorities": list(authorities),
            "health": health,
            "states": [
                (state.value, state.label, health.queue_depth[state.value])
                for state in SubmissionState
            ],
            "outcomes": [
                (outcome.label, health.attempts_by_outcome[outcome.value])
                for outcome in AttemptOutcome
            ],
            "batches": unfinished_batches([a.pk for a in authorities]),
            "sweep_is_late": sweep_age is None or sweep_age > settings.READYZ_SWEEP_MAX_AGE_SECONDS,
        },
    )
