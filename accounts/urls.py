"""The portal's own account pages (allauth's are under the same /accounts/ prefix)."""

from __future__ import annotations

from django.urls import URLPattern, path

from accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern] = [
    path("email-settings/", views.email_settings, name="email_settings"),
]
