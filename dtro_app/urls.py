from __future__ import annotations

from django.urls import path

from dtro_app import views

app_name = "dtro_app"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("authorities/<int:code>/", views.authority_detail, name="authority_detail"),
    path("accessibility", views.accessibility, name="accessibility"),
]
