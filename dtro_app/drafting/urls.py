"""Creating and editing D-TROs: guided form, JSON editor, upload, amend and revoke."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.drafting import views

urlpatterns: list[URLPattern] = [
    path("dtros/new/", views.dtro_create, name="dtro_create"),
    path("dtros/new/form/", views.dtro_create_form, name="dtro_create_form"),
    path("dtros/new/json/", views.dtro_create_json, name="dtro_create_json"),
    path("dtros/new/upload/", views.dtro_create_upload, name="dtro_create_upload"),
    path("dtros/<int:pk>/edit/form/", views.dtro_edit_form, name="dtro_edit_form"),
    path("dtros/<int:pk>/edit/json/", views.dtro_edit_json, name="dtro_edit_json"),
    path("dtros/<int:pk>/revoke/", views.dtro_revoke, name="dtro_revoke"),
    path("validate/", views.validate_json, name="validate_json"),
]
