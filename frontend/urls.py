"""Routes of the frontend app. portal/urls.py includes them with
`path("", include("frontend.urls"))`."""

from __future__ import annotations

from django.urls import path

from frontend import views

app_name = "frontend"

urlpatterns = [
    path("tra-logo/<int:code>/", views.tra_logo, name="tra_logo"),
]
