from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sandbox.services import save_app


class Command(BaseCommand):
    help = "Create or update a D-TRO sandbox app and print its client credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--tra", type=int, help="TRA code the app publishes for")
        parser.add_argument("--consumer", action="store_true", help="scope dc instead of dsp")
        parser.add_argument("--client-id")
        parser.add_argument("--client-secret")
        # Accepted so old scripts still run; the spike arrest is proxy-wide (sandbox_gateway).
        parser.add_argument(
            "--rate-limit", type=int, help="ignored: the spike arrest is one limit for the proxy"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        app, secret = save_app(
            name=options["name"],
            tra_code=options["tra"],
            consumer=options["consumer"],
            client_id=options["client_id"],
            client_secret=options["client_secret"],
        )
        if options["rate_limit"] is not None:
            self.stderr.write(
                "--rate-limit is ignored: the spike arrest is one limit for the whole proxy "
                "(SANDBOX_SPIKE_ARREST_PER_MINUTE or `sandbox_gateway --spike-arrest`)."
            )
        self.stdout.write(f"client_id={app.client_id}")
        if secret:
            self.stdout.write(f"client_secret={secret}")
        else:
            self.stdout.write("client_secret unchanged (pass --client-secret to set one)")
        self.stdout.write(f"app_id={app.application_name}")
        self.stdout.write(f"scope={app.scope} tra={app.tra_code}")
