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
        parser.add_argument("--rate-limit", type=int, help="requests per minute (default 120)")

    def handle(self, *args: Any, **options: Any) -> None:
        app, secret = save_app(
            name=options["name"],
            tra_code=options["tra"],
            consumer=options["consumer"],
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            rate_limit_per_minute=options["rate_limit"],
        )
        self.stdout.write(f"client_id={app.client_id}")
        if secret:
            self.stdout.write(f"client_secret={secret}")
        else:
            self.stdout.write("client_secret unchanged (pass --client-secret to set one)")
        self.stdout.write(f"scope={app.scope} tra={app.tra_code}")
