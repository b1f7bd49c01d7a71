"""The signed-in user's own settings pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.email_settings import (
    IN_SHORT,
    ApprovalEmailsForm,
    digest_time,
    preference_of,
    receives_approval_emails,
)


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    supervises = receives_approval_emails(request.user)
    form = ApprovalEmailsForm(request.POST or None, instance=preference_of(request.user))
    if request.method == "POST" and supervises and form.is_valid():
        preference = form.save()
        messages.success(
            request,
            f"Saved. Emails about orders awaiting your approval: "
            f"{IN_SHORT[preference.approval_emails]}.",
        )
        return redirect("accounts:email_settings")
    return render(
        request,
        "accounts/email_settings.html",
        {"form": form, "supervises": supervises, "digest_time": digest_time()},
    )
