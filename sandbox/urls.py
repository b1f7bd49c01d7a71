from __future__ import annotations

from django.urls import path, re_path

from sandbox import provision_views, views

app_name = "sandbox"

urlpatterns = [
    path("openapi.yaml", views.openapi, name="openapi"),
    path("oauth-generator", views.oauth_generator, name="oauth-generator"),
    path("dtros/createFromBody", views.create_from_body, name="create-from-body"),
    path("dtros/createFromFile", views.create_from_file, name="create-from-file"),
    path("dtros/updateFromBody/<uuid:dtro_id>", views.update_from_body, name="update-from-body"),
    path("dtros/updateFromFile/<uuid:dtro_id>", views.update_from_file, name="update-from-file"),
    path("dtros/sourceHistory/<uuid:dtro_id>", views.source_history, name="source-history"),
    path(
        "dtros/provisionHistory/<uuid:dtro_id>",
        views.provision_history,
        name="provision-history",
    ),
    path("dtros/all", views.dtros_all, name="dtros-all"),
    path("dtros/all.csv", views.dtros_all_csv, name="dtros-all-csv"),
    path("dtros/<uuid:dtro_id>", views.dtro_detail, name="dtro"),
    path(
        "provisions/createFromBody",
        provision_views.create_from_body,
        name="provisions-create-from-body",
    ),
    path("provisions/<uuid:provision_id>", provision_views.provision, name="provision"),
    path("events", views.events, name="events"),
    path("search", views.search, name="search"),
    path("schemas/versions", views.schema_versions, name="schema-versions"),
    path("schemas", views.schemas, name="schemas"),
    path("schemas/<uuid:schema_id>", views.schema_by_id, name="schema-by-id"),
    path("schemas/<str:version>", views.schema_by_version, name="schema-by-version"),
    path("rules/versions", views.rule_versions, name="rule-versions"),
    path("rules", views.rules, name="rules"),
    path("rules/<uuid:rule_id>", views.rules_by_id, name="rules-by-id"),
    path("rules/<str:version>", views.rules_by_version, name="rules-by-version"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
