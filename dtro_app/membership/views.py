"""Accepting an invitation to join a TRA (for someone who already has an account).

The emailed link works only for the invited account, signed in: anyone else (or a used,
withdrawn or expired link) sees the same "not valid" page, which says nothing about who
was invited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dtro_app.membership import services as user_service
from dtro_app.models import TrafficAuthority
from frontend.logos import logo_type


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = user_service.pending_invitation(token)
    if invitation is None or invitation.membership.user_id != request.user.pk:
        return render(request, "dtro_app/invitations/invalid.html", status=404)
    membership = invitation.membership
    if request.method == "POST":
        user_service.accept_invitation(request, invitation)
        messages.success(
            request,
            f"You are now {membership.get_role_display().lower()} of {membership.authority.name}.",
        )
        return redirect("dtro_app:dashboard")
    return render(
        request,
        "dtro_app/invitations/accept.html",
        {"membership": membership, "invitation": invitation},
    )


@require_GET
@login_required
def tra_logo(request: HttpRequest, code: int) -> FileResponse:
    """The logo of one of the user's TRAs, as the image its bytes show and nothing else."""
    authority = TrafficAuthority.objects.for_user(request.user).filter(code=code).first()
    if authority is None or not authority.logo:
        raise Http404("No logo")
    try:
        file = authority.logo.open("rb")
    except FileNotFoundError as missing:
        raise Http404("No logo") from missing
    kind = logo_type(file.read(8))
    file.seek(0)
    if kind is None:
        file.close()
        raise Http404("No logo")
    response = FileResponse(file, content_type=kind[0])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="tra-{authority.code}-logo.{kind[1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
