"""Read-only pages over the D-TRO service: search, events, history, schemas, rules and export."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.catalogue import views

urlpatterns: list[URLPattern] = [
    path("search/", views.search, name="search"),
    path("events/", views.events, name="events"),
    path("schemas/", views.schemas, name="schemas"),
    path("schemas/<str:version>/", views.schema_detail, name="schema_detail"),
    path("rules/<str:version>/", views.rules, name="rules"),
    path("export/", views.export, name="export"),
    path("export/download/", views.export_download, name="export_download"),
    path("dtros/<int:pk>/held-record/", views.dtro_held_record, name="dtro_held_record"),
    path("dtros/<int:pk>/history/", views.dtro_history, name="dtro_history"),
    path("dtros/<int:pk>/history/diff/", views.dtro_history_diff, name="dtro_history_diff"),
    path("service/dtros/<uuid:service_id>/", views.service_dtro, name="service_dtro"),
]
