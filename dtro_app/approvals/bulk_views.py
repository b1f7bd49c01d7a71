"""Supervisors' batch approval: filter what awaits them, tick or select all matching, read a
summary, then approve or reject; and a batch's page with its progress and delivery estimate.

Like the one-by-one pages, only supervisors reach them and only for their own TRAs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dtro_app.approvals.bulk import Filters, awaiting, start_decision, summarise_batch
from dtro_app.approvals.services import ApprovalError
from dtro_app.models import BatchKind, DeliveryBatch, Revision
from dtro_app.models.authorities import is_supervisor
from dtro_app.publishing.pacing import batch_estimate

PAGE_SIZE = 100


def _require_supervisor(request: HttpRequest) -> None:
    if not is_supervisor(request.user):
        raise Http404("No approvals here")


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _filters(params: Any) -> Filters:
    officer = str(params.get("officer", ""))
    return Filters(
        officer=int(officer) if officer.isdigit() else None,
        sent_batch=str(params.get("sent_batch", "")).strip() or None,
        sent_from=_date(params.get("sent_from")),
        sent_to=_date(params.get("sent_to")),
    )


def _filter_params(params: Any) -> dict[str, str]:
    keys = ("officer", "sent_batch", "sent_from", "sent_to")
    return {key: str(params.get(key)) for key in keys if params.get(key)}


def _chosen(request: HttpRequest) -> QuerySet[Revision]:
    """The ticked revisions, or every one matching the filters when "all" was chosen."""
    matching = awaiting(request.user, _filters(request.POST))
    if request.POST.get("all") == "1":
        return matching
    ids = [int(v) for v in request.POST.getlist("revision") if v.isdigit()]
    return matching.filter(pk__in=ids)


@require_GET
@login_required
def batch_approvals(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    everything = awaiting(request.user)
    matching = awaiting(request.user, _filters(request.GET))
    page = matching[:PAGE_SIZE]
    senders = (
        get_user_model()
        .objects.filter(pk__in=everything.values("sent_for_approval_by_id"))
        .order_by("email")
    )
    return render(
        request,
        "dtro_app/approvals/batch_list.html",
        {
            "page_title": "Approve a batch",
            "revisions": page,
            "matching": matching.count(),
            "senders": senders,
            "filters": _filter_params(request.GET),
        },
    )


@require_POST
@login_required
def batch_approval_review(request: HttpRequest) -> HttpResponse:
    """The summary before confirming; confirming (decision=approve|reject) starts the batch."""
    _require_supervisor(request)
    chosen = _chosen(request)
    decision = request.POST.get("decision")
    error = None
    if decision in ("approve", "reject"):
        try:
            batches = start_decision(
                request.user,
                chosen,
                approve_them=decision == "approve",
                reason=request.POST.get("reason", ""),
            )
        except ApprovalError as refusal:
            error = str(refusal)
        else:
            if batches:
                messages.success(
                    request, "Your decision is recorded. This page shows its progress."
                )
                return redirect("dtro_app:batch_detail", batch_id=batches[0].pk)
            error = "None of the selected D-TROs is still awaiting your approval."
    summary = summarise_batch(request.user, chosen)
    return render(
        request,
        "dtro_app/approvals/batch_review.html",
        {
            "page_title": "Check the batch before you decide",
            "summary": summary,
            "selection_all": request.POST.get("all") == "1",
            "selected": request.POST.getlist("revision"),
            "filters": _filter_params(request.POST),
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )


@require_GET
@login_required
def batch_detail(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = (
        DeliveryBatch.objects.for_user(request.user)
        .select_related("authority", "created_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404("No batch found")
    return render(
        request,
        "dtro_app/approvals/batch_detail.html",
        {
            "page_title": str(batch),
            "batch": batch,
            "is_approval": batch.kind == BatchKind.APPROVAL,
            "is_sent_for_approval": batch.kind == BatchKind.SEND_FOR_APPROVAL,
            "estimate": batch_estimate(batch) if batch.kind == BatchKind.APPROVAL else None,
        },
    )
