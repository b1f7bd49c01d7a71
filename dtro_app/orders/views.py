"""Following a D-TRO: its page, its live delivery timeline, and the officer's actions.

Views stay thin: look the D-TRO up through the user's TRAs (404 for anyone else's), call
one service, and say what happened in plain English.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dtro_app.drafting import services as drafts
from dtro_app.drafting.services import DraftingError
from dtro_app.maps.context import map_options
from dtro_app.maps.features import map_features
from dtro_app.models import ChangeAction, Dtro, DtroStatus, RevisionState, TrafficAuthority
from dtro_app.models.lifespan import FULL
from dtro_app.orders import selectors
from dtro_app.orders.preview import document_preview
from dtro_app.orders.provisions import provision_page, with_provisions
from dtro_app.publishing import sizing
from dtro_app.scoping import authority_for_user_or_404, get_for_user_or_404
from dtro_validation.issues import split_by_severity
from frontend.htmx import HtmxHttpRequest
from frontend.pagination import govuk_pagination

# Seconds between htmx polls of the timeline while a change is being delivered.
POLL_SECONDS = 3


def _dtro_or_404(request: HttpRequest, pk: int) -> Dtro:
    try:
        return selectors.dtro_page(request.user, pk)
    except Dtro.DoesNotExist as exc:
        raise Http404("No D-TRO found") from exc


def _actions(dtro: Dtro, awaiting: Any, timeline: selectors.Timeline) -> dict[str, Any]:
    """Which actions the officer can take now, and where the other areas' pages are."""
    current = dtro.current_revision
    deleted = dtro.status == DtroStatus.DELETED
    editable = not deleted and awaiting is None
    discard_refusal = None if deleted else drafts.discard_refusal(dtro)
    return {
        "can_send": bool(
            current is not None
            and current.state == RevisionState.DRAFT
            and current.is_valid
            and not deleted
        ),
        "needs_fixing": bool(
            current is not None and current.state == RevisionState.DRAFT and not current.is_valid
        ),
        "can_withdraw": awaiting is not None,
        "can_discard": not deleted and discard_refusal is None,
        # Sent before, but every create was rejected or cancelled: the wording says so.
        "never_accepted": bool(timeline.submissions),
        "can_request_deletion": bool(dtro.service_id and not deleted and awaiting is None),
        # Not yet held for certain, but it may be: say why it cannot be discarded.
        "cannot_discard_because": (
            discard_refusal if discard_refusal is not None and not dtro.service_id else None
        ),
        "edit_form_url": reverse("dtro_app:dtro_edit_form", args=[dtro.pk]) if editable else None,
        "edit_json_url": reverse("dtro_app:dtro_edit_json", args=[dtro.pk]) if editable else None,
        # What is published is revoked in whole already: there is nothing left to revoke.
        "revoke_url": (
            reverse("dtro_app:dtro_revoke", args=[dtro.pk])
            if editable and dtro.service_id and dtro.revocation != FULL
            else None
        ),
        "history_url": (
            reverse("dtro_app:dtro_history", args=[dtro.pk]) if dtro.service_id else None
        ),
        "service_url": (
            reverse("dtro_app:service_dtro", args=[dtro.service_id]) if dtro.service_id else None
        ),
    }


def _sending_note(revision: Any) -> str:
    """How a large change not yet sent will go (gzipped, in parts); '' for most orders."""
    unsent = (RevisionState.DRAFT, RevisionState.AWAITING_APPROVAL)
    if revision is None or revision.state not in unsent or revision.action == ChangeAction.DELETE:
        return ""
    update = revision.action != ChangeAction.CREATE
    return sizing.page_note(revision, update=update)


def _with_query(request: HttpRequest, **changes: str | None) -> str:
    """This page's query string with `changes` made (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}"


@require_GET
@login_required
def dtro_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with selectors.one_snapshot():  # the state shown and the timeline agree
        dtro = _dtro_or_404(request, pk)
        revision = dtro.current_revision
        timeline = selectors.timeline(dtro)
    document = revision.document if revision is not None else {}
    awaiting = next(
        (r for r in timeline.revisions if r.state == RevisionState.AWAITING_APPROVAL), None
    )
    issues, advice = split_by_severity(revision.validation_issues if revision else None)
    provisions = provision_page(
        document, page=request.GET.get("page"), query=request.GET.get("q", "")
    )
    # A big order's map and drawing show the provisions listed, not thousands of places,
    # unless the officer asks for the whole order (`?map=all`: a page of megabytes).
    whole_map = request.GET.get("map") == "all"
    part = provisions.is_part and not whole_map
    drawn = with_provisions(document, provisions.positions) if part else document
    context = {
        "page_title": str(dtro),
        "dtro": dtro,
        "revision": revision,
        "awaiting": awaiting,
        "provisions": provisions,
        "provision_pagination": govuk_pagination(
            request, provisions.number, provisions.pages, fragment="provisions"
        ),
        "preview": document_preview(drawn),
        "map": map_features(drawn),
        "whole_map": whole_map and provisions.is_part,
        "whole_map_query": _with_query(request, map="all"),
        "part_map_query": _with_query(request, map=None),
        "map_options": map_options(dtro.authority, exclude=dtro.pk),
        "issues": issues,
        "advice": advice,
        "rejection": selectors.rejection_of(revision),
        "service_rejection": selectors.last_rejected_submission(dtro),
        "timeline": timeline,
        "sending_note": _sending_note(revision),
        "poll_seconds": POLL_SECONDS,
        **_actions(dtro, awaiting, timeline),
    }
    return render(request, "dtro_app/dtros/detail.html", context)


@require_GET
@login_required
def dtro_timeline(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The timeline alone, for htmx polling while a change is in delivery."""
    with selectors.one_snapshot():
        dtro = get_for_user_or_404(Dtro, request, pk=pk)
        timeline = selectors.timeline(dtro)
    response = render(
        request,
        "dtro_app/dtros/_timeline.html",
        {"dtro": dtro, "timeline": timeline, "poll_seconds": POLL_SECONDS},
    )
    # Delivery just settled: reload the whole page so its state and actions catch up.
    if request.GET.get("polling") and not timeline.is_pending and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def dtro_send_for_approval(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    if dtro.current_revision is None:
        messages.error(request, "This D-TRO has nothing to send yet.")
        return redirect(dtro)
    try:
        drafts.send_for_approval(
            dtro.current_revision, user=request.user, note=request.POST.get("note", "").strip()
        )
    except DraftingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{dtro.reference} has been sent to a supervisor for approval.")
    return redirect(dtro)


@require_POST
@login_required
def dtro_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    awaiting = selectors.awaiting_revision(dtro)
    if awaiting is None:
        messages.error(request, "Nothing about this D-TRO is awaiting approval.")
        return redirect(dtro)
    try:
        drafts.withdraw_from_approval(awaiting, user=request.user)
    except DraftingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{dtro.reference} has been withdrawn from approval.")
    return redirect(dtro)


@require_http_methods(["GET", "POST"])
@login_required
def dtro_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard a D-TRO the service cannot hold, or ask to delete one it holds."""
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    refusal = drafts.discard_refusal(dtro)
    # Discard what the service cannot hold; ask to delete what it holds (it has a service
    # id); in between (a create being sent, or failed with an unknown outcome) say why not.
    at_service = refusal is not None and dtro.service_id is not None
    if request.method == "POST":
        try:
            if at_service:
                drafts.request_deletion(
                    dtro, user=request.user, note=request.POST.get("note", "").strip()
                )
            else:
                reference = dtro.reference
                drafts.delete_draft(dtro, user=request.user)
                messages.success(request, f"Draft {reference} has been discarded.")
                return redirect("dtro_app:dashboard")
        except DraftingError as exc:
            messages.error(request, str(exc))
            return redirect(dtro)
        messages.success(
            request, f"The deletion of {dtro.reference} has been sent to a supervisor for approval."
        )
        return redirect(dtro)
    return render(
        request,
        "dtro_app/dtros/delete.html",
        {
            "page_title": f"Delete {dtro}",
            "dtro": dtro,
            "at_service": at_service,
            "cannot_discard_because": None if at_service else refusal,
            "never_accepted": not at_service and dtro.submissions.exists(),
        },
    )


@require_POST
@login_required
def dtro_clear_review(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    if dtro.needs_review:
        drafts.clear_review(dtro, user=request.user)
        messages.success(request, f"The review flag on {dtro.reference} has been cleared.")
    return redirect(dtro)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    authorities = list(TrafficAuthority.objects.for_user(request.user))
    filters = selectors.DashboardFilters.from_params(request.GET)
    board = selectors.dashboard(request.user, filters, request.GET.get("page", 1))
    return render(
        request,
        "dtro_app/dashboard.html",
        {
            "page_title": "Your D-TROs",
            "authorities": authorities,
            "board": board,
            "pagination": govuk_pagination(
                request, board.page.number, board.page.paginator.num_pages
            ),
            "filters": filters,
            "create_url": reverse("dtro_app:dtro_create"),
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "dtro_app/accessibility.html", {"page_title": "Accessibility"})


@require_GET
@login_required
def authority_detail(request: HttpRequest, code: int) -> HttpResponse:
    authority = authority_for_user_or_404(request, code)
    members = authority.memberships.filter(is_active=True).select_related("user")
    return render(
        request,
        "dtro_app/authority_detail.html",
        {"page_title": authority.name, "authority": authority, "members": members},
    )
