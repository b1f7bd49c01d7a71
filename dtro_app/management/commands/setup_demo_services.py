from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dtro_app.demo import DEMO_AUTHORITIES
from dtro_app.models import ApiCredential, Environment, TrafficAuthority
from sandbox.services import app_id_of, ensure_demo_app


class Command(BaseCommand):
    help = (
        "Create a sandbox publisher app for each demo TRA and point the portal's sandbox "
        "credentials at it (idempotent). `run_portal` calls this."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:

        sandbox_url = options["base_url"].rstrip("/") + "/sandbox/v1"
        for code, name in DEMO_AUTHORITIES:
            authority = TrafficAuthority.objects.get(code=code)
            client_id, client_secret = ensure_demo_app(code, f"{name} (demo publisher)")
            credential = ApiCredential.objects.filter(
                authority=authority, environment=Environment.SANDBOX
            ).first() or ApiCredential(authority=authority, environment=Environment.SANDBOX)
            credential.base_url = sandbox_url
            credential.client_id = client_id
            # Provision-level calls need it; the sandbox checks it is the app's own.
            credential.app_id = app_id_of(client_id)
            credential.set_secret(client_secret)
            credential.is_active = True
            credential.save()
        self.stdout.write(f"Demo TRAs publish to the bundled sandbox at {sandbox_url}")
