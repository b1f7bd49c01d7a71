"""Creating and editing D-TROs: guided form, JSON editor, upload, amend and revoke."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.drafting.views import editor, guided, revoke, shrink, start, upgrade, upload

urlpatterns: list[URLPattern] = [
    path("dtros/new/", start.dtro_create, name="dtro_create"),
    path("dtros/new/form/", guided.dtro_create_form, name="dtro_create_form"),
    path("dtros/new/json/", editor.dtro_create_json, name="dtro_create_json"),
    path("dtros/new/upload/", upload.dtro_create_upload, name="dtro_create_upload"),
    path("dtros/<int:pk>/edit/form/", guided.dtro_edit_form, name="dtro_edit_form"),
    path("dtros/<int:pk>/edit/json/", editor.dtro_edit_json, name="dtro_edit_json"),
    path(
        "dtros/<int:pk>/edit/json/document/",
        editor.dtro_json_document,
        name="dtro_json_document",
    ),
    path("dtros/<int:pk>/revoke/", revoke.dtro_revoke, name="dtro_revoke"),
    path("dtros/<int:pk>/upgrade/", upgrade.dtro_upgrade, name="dtro_upgrade"),
    path("dtros/<int:pk>/shrink/", shrink.dtro_shrink, name="dtro_shrink"),
    path("validate/", editor.validate_json, name="validate_json"),
]
