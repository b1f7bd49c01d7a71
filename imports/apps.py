from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = "Bulk imports of back catalogues"

    def ready(self) -> None:
        # Registered in every process, so enqueueing by name works in the web process too.
        import_module("imports.tasks")
