"""Revoking a published D-TRO in full or in part."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.revocation import RevocationError, build_revocation
from dtro_app.drafting.services import (
    DraftingError,
    save_draft,
)
from dtro_app.drafting.views.common import (
    editable_dtro,
    saved_message,
)
from dtro_app.models import DtroStatus, RevisionOrigin
from dtro_validation.document_parts import provisions_of

# --- revoke ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dtro_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = editable_dtro(request, pk)
    basis = dtro.published_revision or dtro.current_revision
    # Only what the service is known to hold can be revoked (a create still in delivery,
    # or whose outcome is unknown, is not yet something to revoke).
    if dtro.service_id is None or basis is None or dtro.status == DtroStatus.DELETED:
        messages.error(request, "Only a D-TRO published to the service can be revoked.")
        return redirect(dtro)
    provisions = provisions_of(basis.document)
    error = None
    if request.method == "POST":
        scope = request.POST.get("scope")
        chosen = request.POST.getlist("provisions")
        try:
            if scope not in {"full", "partial"}:
                raise RevocationError("Select whether to revoke the whole order or part of it.")
            document = build_revocation(
                basis.document, full=scope == "full", provision_references=chosen
            )
            revision = save_draft(
                dtro,
                user=request.user,
                document=document,
                origin=RevisionOrigin.REVOKE,
                note=request.POST.get("note", "")[:2000],
            )
        except (RevocationError, DraftingError) as exc:
            error = str(exc)
        else:
            saved_message(request, dtro, revision)
            return redirect(dtro)
    return render(
        request,
        "dtro_app/drafting/revoke.html",
        {
            "page_title": f"Revoke {dtro.reference}",
            "dtro": dtro,
            "provisions": provisions,
            "error": error,
            "scope": request.POST.get("scope", ""),
            "chosen": request.POST.getlist("provisions"),
        },
        status=400 if error else 200,
    )
