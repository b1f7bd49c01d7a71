from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sandbox import gateway

_CHOICES = {"on": True, "off": False, "env": None}


class Command(BaseCommand):
    help = (
        "Change the sandbox's service-wide switches at run time (no restart) and print the "
        "switches in force as one JSON object. Without options it only prints them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--spike-arrest",
            metavar="PER_MINUTE[:BURST]",
            help="proxy-wide spike arrest, e.g. 120:2; 0 turns it off; 'env' restores the "
            "environment's SANDBOX_SPIKE_ARREST_PER_MINUTE and _BURST",
        )
        parser.add_argument("--refuse-duplicates", choices=sorted(_CHOICES))
        parser.add_argument("--track-in-flight", choices=sorted(_CHOICES))

    def handle(self, *args: Any, **options: Any) -> None:
        spike = options["spike_arrest"]
        if spike == "env":
            gateway.set_spike_arrest(None, None)
        elif spike is not None:
            rate, _, burst = spike.partition(":")
            try:
                gateway.set_spike_arrest(int(rate), int(burst) if burst else None)
            except ValueError as exc:
                raise CommandError(f"--spike-arrest wants PER_MINUTE[:BURST], not {spike}") from exc
        if options["refuse_duplicates"] is not None:
            gateway.set_refuse_duplicates(_CHOICES[options["refuse_duplicates"]])
        if options["track_in_flight"] is not None:
            gateway.set_track_in_flight(_CHOICES[options["track_in_flight"]])
        self.stdout.write(json.dumps(asdict(gateway.switches()), sort_keys=True))
