from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dtro_app.demo import DEMO_AUTHORITIES
from dtro_app.models import TrafficAuthority
from streetworks.services import use_emulator_account


class Command(BaseCommand):
    help = (
        "Give each demo TRA a Street Manager account on the bundled emulator "
        "(/streetmanager-sandbox/v6). Idempotent; `run_portal` calls this."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        emulator_url = options["base_url"].rstrip("/") + "/streetmanager-sandbox/v6"
        for code, _name in DEMO_AUTHORITIES:
            authority = TrafficAuthority.objects.filter(code=code).first()
            if authority is None:
                continue
            use_emulator_account(authority, emulator_url)
        self.stdout.write(f"Demo TRAs look up street works in the emulator at {emulator_url}")
