from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dtro_app import selectors
from dtro_app.models import TrafficAuthority
from dtro_app.scoping import authority_for_user_or_404
from frontend.pagination import govuk_pagination


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
