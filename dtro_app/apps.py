from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig

# Celery's autodiscovery looks for `<app>.tasks` only; these packages each keep their own.
TASK_MODULES = (
    "dtro_app.publishing.tasks",
    "dtro_app.catalogue.tasks",
    "dtro_app.approvals.tasks",
    "dtro_app.membership.tasks",
)


class DtroAppConfig(AppConfig):
    name = "dtro_app"
    verbose_name = "D-TROs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for module in TASK_MODULES:
            import_module(module)
