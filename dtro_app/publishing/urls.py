"""The supervisor's delivery health page."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.publishing import views

urlpatterns: list[URLPattern] = [
    path("delivery-health/", views.delivery_health_page, name="delivery_health"),
]
