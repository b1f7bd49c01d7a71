from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("v1/", include("sandbox.urls", namespace="sandbox-v1")),
    path("sandbox/v1/", include("sandbox.urls")),
]
