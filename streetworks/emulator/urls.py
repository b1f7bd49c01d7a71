"""Mounted at /streetmanager-sandbox/: `v6/<api>/...` like Street Manager's own hosts."""

from __future__ import annotations

from django.urls import path, re_path

from streetworks.emulator import views

app_name = "streetmanager_emulator"

urlpatterns = [
    path("v6/work/authenticate", views.authenticate, name="authenticate"),
    path("v6/work/works/<str:wrn>", views.work, name="work"),
    path("v6/work/works/<str:wrn>/permits/<str:prn>", views.permit, name="permit"),
    path("v6/party/refresh", views.refresh, name="refresh"),
    path("v6/party/logout", views.logout, name="logout"),
    path("v6/reporting/permits", views.reporting_permits, name="reporting-permits"),
    path("v6/event/works/updates", views.works_updates, name="works-updates"),
    path("v6/geojson/works", views.geojson_works, name="geojson-works"),
    path("v6/lookup/nsg/streets/<int:usrn>", views.nsg_street, name="nsg-street"),
    path("v6/lookup/nsg/search", views.nsg_search, name="nsg-search"),
    path("v6/lookup/nsg/streets/search", views.nsg_streets_near, name="nsg-streets-near"),
    path("v6/<str:api>/status", views.status, name="status"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
