"""JSON for the maps: the places of the TRA's other orders in a box (static/js/map.js)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dtro_app.maps import context as map_context
from dtro_app.models import Dtro
from dtro_app.scoping import authority_for_user_or_404


@require_GET
@login_required
def orders_places(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the user's TRAs' orders in `bbox` (or of one of them, `tra`), leaving out
    `exclude` (the order the page draws itself)."""
    try:
        box = map_context.parse_box(request.GET.get("bbox", ""))
        exclude = int(request.GET["exclude"]) if request.GET.get("exclude") else None
    except ValueError as exc:
        return JsonResponse({"message": str(exc)}, status=400)
    orders = Dtro.objects.for_user(request.user)
    if request.GET.get("tra"):
        orders = orders.filter(authority=authority_for_user_or_404(request, request.GET["tra"]))
    return JsonResponse(map_context.orders_places(orders, box, exclude=exclude))
