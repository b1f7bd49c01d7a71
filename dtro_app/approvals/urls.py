"""Supervisors' approval queue and decisions."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.approvals import bulk_views, views

urlpatterns: list[URLPattern] = [
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:revision_id>/", views.approval_decide, name="approval_decide"),
    path("approvals/batch/", bulk_views.batch_approvals, name="batch_approvals"),
    path("approvals/batch/review/", bulk_views.batch_approval_review, name="batch_approval_review"),
    path("batches/<uuid:batch_id>/", bulk_views.batch_detail, name="batch_detail"),
]
