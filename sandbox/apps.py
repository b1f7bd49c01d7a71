from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks


class SandboxConfig(AppConfig):
    name = "sandbox"
    verbose_name = "D-TRO sandbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        checks.register(fault_environment_names)


def fault_environment_names(**kwargs: Any) -> list[checks.CheckMessage]:
    """A misspelt SANDBOX_FAULT_* variable would leave a benchmark running with no faults."""
    from sandbox.faults import ENV_SWITCHES, unknown_environment_names

    known = ", ".join(f"SANDBOX_FAULT_{suffix}" for suffix in ENV_SWITCHES)
    return [
        checks.Error(
            f"{name} is not a sandbox fault switch.",
            hint=f"Known: {known}, SANDBOX_FAULT_SEED.",
            id="sandbox.E001",
        )
        for name in unknown_environment_names()
    ]
