from __future__ import annotations

from django.apps import AppConfig


class StreetworksConfig(AppConfig):
    name = "streetworks"
    verbose_name = "Street Manager"
    default_auto_field = "django.db.models.BigAutoField"
