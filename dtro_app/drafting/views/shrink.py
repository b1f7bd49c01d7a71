"""Making an order smaller: choose the tolerance and merging, see the sizes and the places
before and after, then save it as a new draft revision."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.services import DraftingError
from dtro_app.drafting.shrink import (
    MAX_TOLERANCE_METRES,
    apply_shrink,
    first_provisions,
    options_from,
    preview,
    shrink_offer,
)
from dtro_app.drafting.views.common import editable_dtro, int_or_none, saved_message
from dtro_app.maps.context import map_options
from dtro_app.maps.features import map_features
from dtro_validation.document_parts import provision_list_of
from dtro_validation.shrink import ShrinkOptions, merging_allowed

# A big order's preview maps its first provisions; both maps of all of it were megabytes.
PREVIEW_PROVISIONS = 50


@login_required
@require_http_methods(["GET", "POST"])
def dtro_shrink(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = editable_dtro(request, pk)
    offer = shrink_offer(dtro)
    if offer is None:
        messages.info(request, f"{dtro.reference} cannot be changed now, so it cannot be shrunk.")
        return redirect(dtro)
    asked = request.POST if request.method == "POST" else request.GET
    chosen = "tolerance" in asked
    error = None
    try:
        # Merging is on until the officer submits the form without it.
        options = options_from(asked.get("tolerance"), asked.get("merge") if chosen else True)
    except DraftingError as exc:
        error, options = str(exc), ShrinkOptions()
    if not merging_allowed(offer.revision.document):
        # Before 3.5.0 nothing is merged; the page and the saved note must not say otherwise.
        options = replace(options, merge=False)
    if request.method == "POST" and error is None:
        try:
            revision, report = apply_shrink(
                dtro,
                user=request.user,
                options=options,
                from_revision=int_or_none(asked.get("revision")),
            )
        except DraftingError as exc:
            error = str(exc)
        else:
            saved_message(request, dtro, revision)
            messages.info(
                request,
                f"{dtro.reference} is now {report.after.json_bytes / 1024:,.0f} KB "
                f"({report.saved_percent:.0f}% smaller).",
            )
            return redirect(dtro)
    document, report = preview(offer, options)
    original = offer.revision.document
    provisions = len(provision_list_of(original))
    after = map_features(first_provisions(document, PREVIEW_PROVISIONS))
    before = map_features(first_provisions(original, PREVIEW_PROVISIONS))
    context: dict[str, Any] = {
        "page_title": f"Make {dtro.reference} smaller",
        "dtro": dtro,
        "offer": offer,
        "report": report,
        "options": options,
        "tolerance_text": asked.get("tolerance", "") if error else f"{options.tolerance:g}",
        "max_tolerance": MAX_TOLERANCE_METRES,
        "merging_allowed": merging_allowed(original),
        "error": error,
        "map": None if after.is_empty and before.is_empty else after,
        "map_before": None if before.is_empty else before,
        "map_options": map_options(dtro.authority, exclude=dtro.pk),
        "map_is_part": provisions > PREVIEW_PROVISIONS,
        "preview_provisions": PREVIEW_PROVISIONS,
    }
    return render(request, "dtro_app/drafting/shrink.html", context, status=400 if error else 200)
