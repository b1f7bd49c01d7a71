"""Drive the bundled Street Manager emulator from the command line (demos, manual tests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from streetworks.emulator import state


class Command(BaseCommand):
    help = (
        "Change a works' permit in the emulator and emit an update event "
        "(e.g. `change DC1000100001 --extend-days 2 --tm lane_closure`), list works, or reset."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="List the emulator's works")
        sub.add_parser("reset", help="Forget every change, fault and token")
        change = sub.add_parser("change", help="Change a works' active permit")
        change.add_argument("wrn")
        change.add_argument("--extend-days", type=int, default=0)
        change.add_argument("--tm", help="New traffic_management_type")
        change.add_argument("--status", help="New permit_status, e.g. cancelled")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reset":
            state.reset()
            self.stdout.write("Emulator reset")
            return
        works = state.load()["works"]
        if options["action"] == "list":
            for wrn, entry in sorted(works.items()):
                permit = entry["permits"][entry["active_permit"]]
                self.stdout.write(
                    f"{wrn}  {permit['street_name']}  USRN {permit['usrn']}  "
                    f"{permit['traffic_management_type']}  {permit['proposed_start_date'][:10]}"
                    f" to {permit['proposed_end_date'][:10]}"
                )
            return
        wrn = options["wrn"].upper()
        if wrn not in works:
            raise CommandError(f"The emulator has no works {wrn}")
        permit = works[wrn]["permits"][works[wrn]["active_permit"]]
        changes: dict[str, Any] = {}
        if options["extend_days"]:
            end = datetime.fromisoformat(permit["proposed_end_date"].replace("Z", "+00:00"))
            moved = end + timedelta(days=options["extend_days"])
            changes["proposed_end_date"] = moved.strftime("%Y-%m-%dT00:00:00.000Z")
        if options["tm"]:
            changes["traffic_management_type"] = options["tm"]
            changes["traffic_management_type_string"] = options["tm"].replace("_", " ").capitalize()
        if options["status"]:
            changes["permit_status"] = options["status"]
            changes["permit_status_string"] = options["status"].capitalize()
        if not changes:
            raise CommandError("Say what to change: --extend-days, --tm or --status")
        event = state.change_permit(wrn, **changes)
        self.stdout.write(f"Changed {wrn}; update event {event['update_id']} emitted")
