from __future__ import annotations

from django.apps import AppConfig


class DtroAppConfig(AppConfig):
    name = "dtro_app"
    verbose_name = "D-TROs"
    default_auto_field = "django.db.models.BigAutoField"
