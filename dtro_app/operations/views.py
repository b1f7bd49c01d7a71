"""Endpoints for operators' machines: liveness, readiness and Prometheus metrics.

None needs a signed-in user, and none touches the session (no cookie is set or written):
they are called every few seconds by orchestrators and scrapers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from dtro_app.operations import metrics, readiness


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Checks nothing else, so a database or broker outage
    never makes an orchestrator restart healthy web processes."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness.run_checks()
    ready = all(check.ok for check in checks.values())
    return JsonResponse(
        {
            "status": "ready" if ready else "not ready",
            "checks": {name: check.as_dict() for name, check in checks.items()},
        },
        status=200 if ready else 503,
    )


@require_GET
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    allowed, refusal = metrics.may_scrape(request)
    if not allowed:
        return HttpResponse(status=refusal, content_type="text/plain")
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
