"""The portal's pages, one include per package; every name stays in the `dtro_app` namespace."""

from __future__ import annotations

from django.urls import include, path

app_name = "dtro_app"

urlpatterns = [
    path("", include("dtro_app.maps.urls")),
    path("", include("dtro_app.orders.urls")),
    path("", include("dtro_app.drafting.urls")),
    path("", include("dtro_app.catalogue.urls")),
    path("", include("dtro_app.approvals.urls")),
    path("", include("dtro_app.publishing.urls")),
    path("", include("dtro_app.membership.urls")),
]
