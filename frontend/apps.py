from __future__ import annotations

from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """GOV.UK Frontend for every app: form renderer, widgets, pagination, page furniture."""

    name = "frontend"
