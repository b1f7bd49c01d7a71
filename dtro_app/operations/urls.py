"""For orchestrators and Prometheus: no sign-in (metrics has its own access rule)."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.operations import views

urlpatterns: list[URLPattern] = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
]
