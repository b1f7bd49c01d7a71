from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dtro_app.drafting.services import DraftingError
from dtro_app.drafting.upgrade import upgrade_drafts


class Command(BaseCommand):
    help = (
        "Upgrade every draft D-TRO (never a published revision) below a data-spec version to "
        "it, as a new draft revision; one line per draft with its counts, then a total."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", required=True, help="The version to upgrade to, e.g. 4.0.0")
        parser.add_argument("--tra", type=int, help="Only this TRA's drafts (its code)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        try:
            lines = upgrade_drafts(options["to"], tra_code=options.get("tra"), dry_run=dry_run)
        except DraftingError as exc:
            raise CommandError(str(exc)) from exc
        upgraded = changes = for_a_person = refused = 0
        for line in lines:
            if line.report is None:
                refused += 1
                self.stdout.write(f"{line.dtro.reference}: not upgraded: {line.refusal}")
                continue
            report = line.report
            upgraded += 1
            changes += len(report.changes)
            for_a_person += len(report.needs_person)
            self.stdout.write(
                f"{line.dtro.reference}: {report.from_version} → {report.to_version}, "
                f"{len(report.changes)} changes, {len(report.needs_person)} for a person"
                f"{', valid' if report.is_valid else ''}"
            )
        verb = "would be upgraded (dry run: nothing saved)" if dry_run else "upgraded"
        self.stdout.write(
            f"Total: {upgraded} draft{'s' if upgraded != 1 else ''} {verb} to {options['to']}, "
            f"{changes} changes, {for_a_person} for a person, {refused} not upgraded."
        )
