"""Upgrading a D-TRO to a newer data-spec version: the report first, then the officer's
confirmation saves it as a new draft revision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.services import DraftingError
from dtro_app.drafting.upgrade import apply_upgrade, preview, upgrade_offer
from dtro_app.drafting.views.common import editable_dtro, int_or_none, saved_message
from dtro_validation.upgrade import UpgradeRefused

# A big order can make thousands of lines; the page lists this many of each kind.
LINES_SHOWN = 200


@login_required
@require_http_methods(["GET", "POST"])
def dtro_upgrade(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = editable_dtro(request, pk)
    offer = upgrade_offer(dtro)
    if offer is None:
        messages.info(request, f"{dtro.reference} has no newer schema version to upgrade to.")
        return redirect(dtro)
    error = None
    if request.method == "POST":
        try:
            revision, report = apply_upgrade(
                dtro,
                user=request.user,
                target=request.POST.get("target", ""),
                from_revision=int_or_none(request.POST.get("revision")),
            )
        except DraftingError as exc:
            error = str(exc)
        else:
            saved_message(request, dtro, revision)
            messages.info(request, f"{dtro.reference} upgraded to version {report.to_version}.")
            return redirect(dtro)
    try:
        report = preview(offer)
    except UpgradeRefused as exc:
        messages.error(request, str(exc))
        return redirect(dtro)
    asked = [line for line in report.needs_person if not line.from_validation]
    listed: dict[str, list[Any]] = {
        "changes": report.changes,
        "asked": asked,
        "problems": report.problems,
        "placeholders": report.placeholders,
    }
    context: dict[str, Any] = {
        "page_title": f"Upgrade {dtro.reference} to version {offer.target}",
        "dtro": dtro,
        "offer": offer,
        "report": report,
        "error": error,
        "asked": asked,
        "problems": report.problems,
        "lines_shown": LINES_SHOWN,
        # How many of each kind the page leaves out.
        "more": {kind: max(0, len(lines) - LINES_SHOWN) for kind, lines in listed.items()},
    }
    return render(request, "dtro_app/drafting/upgrade.html", context, status=400 if error else 200)
