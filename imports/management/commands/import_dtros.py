"""Import D-TRO files, folders and zips (or adopt the service's CSV export) for one TRA."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtro_app.models import Membership, TrafficAuthority
from dtro_validation import InputError
from imports import services
from imports.models import ImportBatch, Outcome

_PROBLEMS = (Outcome.INVALID, Outcome.UNREADABLE)


class Command(BaseCommand):
    help = (
        "Import D-TRO .json/.json.gz files, folders (recursively) and zips as drafts of one "
        "TRA, or with --adopt link the orders of the service's CSV export as published "
        "without sending anything. Exit code 0 when every file imported cleanly, 1 otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files, folders or zips (or one .csv).")
        parser.add_argument("--tra", required=True, type=int, help="The TRA's code.")
        parser.add_argument(
            "--user", help="Email of the officer recorded as the author (default: a member)."
        )
        parser.add_argument("--adopt", action="store_true", help="Adopt the service's CSV export.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the batch for the Celery workers and return at once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = TrafficAuthority.objects.filter(code=options["tra"]).first()
        if authority is None:
            raise CommandError(f"No traffic regulation authority has the code {options['tra']}.")
        user = self._user(authority, options.get("user"))
        try:
            batch = services.start_import(
                authority=authority, user=user, paths=options["paths"], adopt=options["adopt"]
            )
        except InputError as exc:
            raise CommandError(exc.message) from exc
        if options["background"]:
            services.enqueue(batch)
            self.stdout.write(f"Import {batch.pk} queued: {batch.total:,} files.")
            return
        while services.process_next_chunk(batch.pk):
            pass
        if not self._report(ImportBatch.objects.get(pk=batch.pk)):
            raise SystemExit(1)

    def _user(self, authority: TrafficAuthority, email: str | None) -> Any:
        users = get_user_model().objects
        if email:
            user = users.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"No user has the email {email}.")
            if not Membership.objects.filter(user=user, authority=authority).exists():
                raise CommandError(f"{email} is not a member of {authority.name}.")
            return user
        membership = (
            Membership.objects.filter(authority=authority).select_related("user").order_by("pk")
        ).first()
        if membership is None:
            raise CommandError(f"{authority.name} has no members; give --user.")
        return membership.user

    def _report(self, batch: ImportBatch) -> bool:
        for record in batch.files.select_related("dtro").order_by("position").iterator():
            where = f" -> {record.dtro.reference}" if record.dtro else ""
            self.stdout.write(f"{record.name}: {record.get_outcome_display()}{where}")
            for error in record.errors[:20]:
                path = f" ({error.get('path')})" if error.get("path") else ""
                self.stdout.write(f"    {error.get('message')}{path}")
        counts = services.outcome_counts(batch)
        totals = ", ".join(
            f"{count:,} {Outcome(outcome).label.lower()}"
            for outcome, count in counts.items()
            if count
        )
        self.stdout.write(f"Import {batch.pk}: {batch.processed:,} of {batch.total:,}. {totals}")
        if batch.failure:
            self.stderr.write(f"The import stopped: {batch.failure}")
            return False
        return not any(counts[outcome] for outcome in _PROBLEMS)
