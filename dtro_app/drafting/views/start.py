"""Choosing how to create a D-TRO: guided form, JSON editor or upload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.guided.forms import (
    StartForm,
)
from dtro_app.drafting.views.common import (
    authorities,
)

# --- choosing how to create -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dtro_create(request: HttpRequest) -> HttpResponse:
    officer_authorities = authorities(request)
    form = StartForm(request.POST or None, authorities=officer_authorities)
    if request.method == "POST" and form.is_valid():
        target = {
            "form": "dtro_app:dtro_create_form",
            "json": "dtro_app:dtro_create_json",
            "upload": "dtro_app:dtro_create_upload",
        }[form.cleaned_data["method"]]
        query = QueryDict(mutable=True)
        query.update(
            {
                "version": form.cleaned_data["schema_version"],
                "authority": form.cleaned_data["authority"],
            }
        )
        return redirect(f"{reverse(target)}?{query.urlencode()}")
    return render(
        request,
        "dtro_app/drafting/start.html",
        {"page_title": "Create a D-TRO", "form": form},
    )
