from __future__ import annotations

from django.apps import AppConfig


class OutboundConfig(AppConfig):
    name = "outbound"
    verbose_name = "Outbound calls"
    default_auto_field = "django.db.models.BigAutoField"
