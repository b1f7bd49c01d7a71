from __future__ import annotations

from django.urls import include, path

# The API only: no admin and no sign-in pages (nobody signs in to the stand-alone sandbox).
urlpatterns = [
    path("v1/", include("sandbox.urls", namespace="sandbox-v1")),
    path("sandbox/v1/", include("sandbox.urls")),
]
