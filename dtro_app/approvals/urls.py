"""Supervisors' approval queue and decisions."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.approvals import views

urlpatterns: list[URLPattern] = [
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:revision_id>/", views.approval_decide, name="approval_decide"),
]
