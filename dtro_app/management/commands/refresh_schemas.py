from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dtro_app.catalogue.schema_refresh import preferred_credential, refresh_schemas
from dtro_app.client import ApiError


class Command(BaseCommand):
    help = "Fetch the D-TRO service's schema versions, schemas and rules into the local cache."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tra", type=int, help="Use this TRA's credential")

    def handle(self, *args: Any, **options: Any) -> None:
        credential = preferred_credential(options.get("tra"))
        if credential is None:
            raise CommandError("No active API credential: add one in the admin first")
        try:
            versions = refresh_schemas(credential)
        except ApiError as exc:
            raise CommandError(f"The D-TRO service did not answer: {exc}") from exc
        self.stdout.write(f"Cached schema versions {', '.join(versions)} from {credential}")
