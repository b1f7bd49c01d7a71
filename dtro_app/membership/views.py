"""Accepting an invitation to join a TRA (for someone who already has an account).

The emailed link works only for the invited account, signed in: anyone else (or a used,
withdrawn or expired link) sees the same "not valid" page, which says nothing about who
was invited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dtro_app.membership import services as user_service


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
