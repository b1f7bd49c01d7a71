from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sandbox import faults


class Command(BaseCommand):
    help = "Print the faults the sandbox has injected, by kind, as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="set every count to zero first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            faults.reset_counts()
        self.stdout.write(json.dumps(faults.injected_counts(), sort_keys=True))
