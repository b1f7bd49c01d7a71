"""What every portal page needs to know about delivery."""

from __future__ import annotations

from django.http import HttpRequest

from dtro_app.models import ServiceEndpoint, TrafficAuthority
from dtro_app.publishing.outage import waiting_banner


def service_outage(request: HttpRequest) -> dict[str, object]:
    """The outage banner for the signed-in user's TRAs (one cheap query when all is well)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not ServiceEndpoint.objects.filter(opened_at__isnull=False).exists():
        return {}

    authority_ids = list(TrafficAuthority.objects.for_user(user).values_list("pk", flat=True))
    return {"service_outage_banner": waiting_banner(authority_ids)}
