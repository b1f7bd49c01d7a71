"""JSON for the maps (static/js/map.js)."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.maps import views

urlpatterns: list[URLPattern] = [
    path("dtros/places/", views.orders_places, name="orders_places"),
]
