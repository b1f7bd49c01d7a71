"""Someone with an account accepting an invitation to join another TRA."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.membership import views

urlpatterns: list[URLPattern] = [
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
