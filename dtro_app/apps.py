from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.signals import setting_changed

# Celery's autodiscovery looks for `<app>.tasks` only; these packages each keep their own.
TASK_MODULES = (
    "dtro_app.publishing.tasks",
    "dtro_app.catalogue.tasks",
    "dtro_app.approvals.tasks",
    "dtro_app.membership.tasks",
    "dtro_app.orders.tasks",
    "dtro_app.notifications.tasks",
)


class DtroAppConfig(AppConfig):
    name = "dtro_app"
    verbose_name = "D-TROs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for module in TASK_MODULES:
            import_module(module)
        configure_validation()
        # Tests override these settings; validation follows without reading settings itself.
        setting_changed.connect(_validation_setting_changed, dispatch_uid="dtro-validation")


def configure_validation() -> None:
    """Hand the portal's settings to the validation package, which reads none itself."""
    from dtro_app.catalogue.schema_refresh import cached_schema_versions
    from dtro_validation.config import configure

    configure(
        cached_versions=cached_schema_versions,
        spec_dir=settings.DTRO_SPEC_DIR or "",
        inactive_versions=settings.DTRO_INACTIVE_SCHEMA_VERSIONS,
        max_values=settings.DTRO_VALIDATION_MAX_VALUES,
        max_depth=settings.DTRO_VALIDATION_MAX_DEPTH,
        max_issues=settings.DTRO_VALIDATION_MAX_ISSUES,
        allow_candidate_schemas=settings.DTRO_ALLOW_CANDIDATE_SCHEMAS,
    )


_VALIDATION_SETTINGS = frozenset(
    {
        "DTRO_SPEC_DIR",
        "DTRO_INACTIVE_SCHEMA_VERSIONS",
        "DTRO_VALIDATION_MAX_VALUES",
        "DTRO_VALIDATION_MAX_DEPTH",
        "DTRO_VALIDATION_MAX_ISSUES",
        "DTRO_ALLOW_CANDIDATE_SCHEMAS",
    }
)


def _validation_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _VALIDATION_SETTINGS:
        configure_validation()
