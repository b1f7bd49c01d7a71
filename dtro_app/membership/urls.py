"""Invitations to join a TRA, and the TRA's logo for its members."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.membership import views

urlpatterns: list[URLPattern] = [
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("tra-logo/<int:code>/", views.tra_logo, name="tra_logo"),
]
