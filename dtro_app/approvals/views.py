"""Supervisors' approvals: the revisions waiting for them, and the page to decide on one.

Only supervisors reach these pages, and only for their own TRAs: anything else is a 404,
so ids of other TRAs' revisions reveal nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dtro_app.approvals.changes import WhatChanges, what_changes
from dtro_app.approvals.services import ApprovalError, approval_refusal, approve, reject
from dtro_app.approvals.summary import summarise, summarise_order
from dtro_app.approvals.supervision import (
    revisions_awaiting_approval,
)
from dtro_app.maps.context import map_options
from dtro_app.maps.features import MapFeatures, map_features
from dtro_app.models import ChangeAction, Revision, TrafficAuthority
from dtro_app.models.authorities import is_supervisor
from dtro_app.orders.provisions import ProvisionPage, provision_page, with_provisions
from dtro_app.publishing import sizing
from dtro_validation.document_parts import provision_list_of
from dtro_validation.issues import split_by_severity
from frontend.pagination import govuk_pagination


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why are you rejecting it?",
        help_text="The officer sees this, so say what they need to change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are rejecting this D-TRO"},
    )


def _require_supervisor(request: HttpRequest) -> None:
    if not is_supervisor(request.user):
        raise Http404("No approvals here")


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    return render(
        request,
        "dtro_app/approvals/list.html",
        {
            "page_title": "Approvals",
            "revisions": revisions_awaiting_approval(request.user),
        },
    )


def _revision_or_404(request: HttpRequest, revision_id: int) -> Revision:
    _require_supervisor(request)
    revision = (
        Revision.objects.select_related(
            "dtro__authority",
            "dtro__published_revision",
            "created_by",
            "sent_for_approval_by",
            "approval__decided_by",
        )
        .filter(
            pk=revision_id, dtro__authority__in=TrafficAuthority.objects.supervised_by(request.user)
        )
        .first()
    )
    if revision is None:
        raise Http404("No revision found")
    return revision


#: Provisions summarised on one page of the approval page (with a filter and pages).
SUMMARY_LIMIT = 50
#: Past this (its JSON without spaces), the JSON is not put in the page: a 10 MB order's made
#: it 17 MB. It can be downloaded instead.
JSON_SHOWN_MAX_BYTES = 100_000


def _published_document(revision: Revision) -> Any | None:
    """What the service has now, when `revision` would change it."""
    published = revision.dtro.published_revision
    if published is None or published.pk == revision.pk:
        return None
    return published.document


def _published_map(revision: Revision, shown: ProvisionPage) -> MapFeatures | None:
    """What the service has now, for an amendment: the map draws it under the change (for a
    big order, the published provisions with the references of the ones listed)."""
    published = _published_document(revision)
    if published is None:
        return None
    if shown.is_part:
        listed = provision_list_of(revision.document)
        references = {listed[i].get("reference") for i in shown.positions} - {None, ""}
        positions = [
            index
            for index, provision in enumerate(provision_list_of(published))
            if isinstance(provision, dict) and provision.get("reference") in references
        ]
        published = with_provisions(published, positions)
    before = map_features(published)
    return None if before.is_empty else before


def _document_json(revision: Revision) -> dict[str, Any]:
    """The JSON for the page when it is small enough; else its size and where to download it
    (the D-TRO's current version, which is what awaits approval)."""
    compact = json.dumps(revision.document, ensure_ascii=False, separators=(",", ":"))
    size = len(compact.encode("utf-8"))
    if size <= JSON_SHOWN_MAX_BYTES:
        return {"document_json": json.dumps(revision.document, indent=2, ensure_ascii=False)}
    current = revision.dtro.current_revision_id == revision.pk
    download = reverse("dtro_app:dtro_json_document", args=[revision.dtro_id]) + "?download=1"
    return {
        "document_json": None,
        "document_size": size,
        "document_download_url": download if current else None,
    }


def _what_changes(revision: Revision) -> WhatChanges | None:
    """For an amendment or revocation, its changes against what is published now."""
    published = _published_document(revision)
    if published is None or revision.action != ChangeAction.UPDATE:
        return None
    return what_changes(published, revision.document)


@require_http_methods(["GET", "POST"])
@login_required
def approval_decide(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = _revision_or_404(request, revision_id)
    reject_form = RejectForm()
    error: str | None = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                approve(revision, user=request.user)
                messages.success(
                    request,
                    f"{revision.dtro.reference} approved. It is queued for publishing.",
                )
                return redirect("dtro_app:approvals")
            if decision == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    reject(revision, user=request.user, reason=reject_form.cleaned_data["reason"])
                    messages.success(
                        request,
                        f"{revision.dtro.reference} rejected. We told the officer why.",
                    )
                    return redirect("dtro_app:approvals")
            else:
                error = "Choose approve or reject."
        except ApprovalError as exc:
            error = str(exc)
            revision = _revision_or_404(request, revision_id)
    document = revision.document
    shown = provision_page(
        document,
        page=request.GET.get("page"),
        query=request.GET.get("q", ""),
        per_page=SUMMARY_LIMIT,
    )
    # A big order's map shows the provisions listed, not thousands of places.
    drawn = with_provisions(document, shown.positions) if shown.is_part else document
    return render(
        request,
        "dtro_app/approvals/decide.html",
        {
            "page_title": f"Approve {revision.dtro.reference}",
            "revision": revision,
            "dtro": revision.dtro,
            "refusal": approval_refusal(request.user, revision),
            "reject_form": reject_form,
            "error": error,
            **_document_json(revision),
            "map": map_features(drawn),
            "map_before": _published_map(revision, shown),
            "map_options": map_options(revision.dtro.authority, exclude=revision.dtro.pk),
            "order_summary": summarise_order(revision.document),
            # summarise() numbers a provision by its place in the order: one call per shown.
            "summaries": [
                summary
                for index in shown.positions
                for summary in summarise(document, start=index, limit=1)
            ],
            "provisions": shown,
            "provision_pagination": govuk_pagination(
                request, shown.number, shown.pages, fragment="provisions"
            ),
            "changes": _what_changes(revision),
            "sending_note": sizing.page_note(
                revision, update=revision.action == ChangeAction.UPDATE
            ),
            "issues": split_by_severity(revision.validation_issues)[0],
            "advice": split_by_severity(revision.validation_issues)[1],
        },
        status=400 if (error or reject_form.errors) else 200,
    )
