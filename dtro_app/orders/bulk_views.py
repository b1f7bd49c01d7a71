"""Officers: send the drafts ticked on the dashboard (or all matching) for approval.

Here rather than in drafting: it reads the dashboard's filters, and drafting sits below orders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from dtro_app.drafting.bulk import send_batch_for_approval
from dtro_app.models import DtroStatus
from dtro_app.orders.selectors import DashboardFilters, dtros_for, filter_dtros


@require_POST
@login_required
def send_drafts_for_approval(request: HttpRequest) -> HttpResponse:
    drafts = dtros_for(request.user).filter(status=DtroStatus.DRAFT)
    if request.POST.get("all") == "1":
        filters = DashboardFilters.from_params(request.POST)
        chosen = filter_dtros(drafts, filters).filter(status=DtroStatus.DRAFT)
    else:
        ids = [int(v) for v in request.POST.getlist("dtro") if v.isdigit()]
        chosen = drafts.filter(pk__in=ids)
    batches = send_batch_for_approval(
        chosen.only("pk", "authority_id", "current_revision_id"), request.user
    )
    if not batches:
        messages.error(request, "Select at least one draft to send for approval.")
        return redirect(reverse("dtro_app:dashboard") + "?status=draft")
    messages.success(request, "Your drafts are sent for approval. This page shows its progress.")
    return redirect("dtro_app:batch_detail", batch_id=batches[0].pk)
