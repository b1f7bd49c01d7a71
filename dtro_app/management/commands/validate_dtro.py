"""`python manage.py validate_dtro FILE... [--format json] [--tra CODE]`.

Exit status: 0 every file valid, 1 any invalid or unreadable, 2 usage error. Works before
`migrate` (schemas then come from DTRO_SPEC_DIR only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtro_validation import InputError, load_document, validate_document
from dtro_validation.collector import collector_paused
from dtro_validation.documents import MAX_RAW_BYTES


class Command(BaseCommand):
    help = "Validate D-TRO files (.json or .json.gz) as the D-TRO service would, and explain why."
    requires_system_checks: list[str] = []  # must run on a fresh checkout with no database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", metavar="FILE", help="D-TRO .json or .json.gz")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--tra", default=None, help="TRA code submitting the D-TROs: checks TRA ownership"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        if not files:
            raise CommandError("Give at least one D-TRO file to validate.", returncode=2)
        tra_code = None
        if options["tra"] is not None:
            try:
                tra_code = int(str(options["tra"]).strip())
            except ValueError:
                tra_code = None
            if tra_code is None or tra_code < 1:
                raise CommandError(
                    f"--tra must be a TRA code (a positive whole number), not {options['tra']!r}.",
                    returncode=2,
                )
        missing = [f for f in files if not Path(f).is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}", returncode=2)

        # The collector stays off across reading, parsing and checking each file: validation
        # alone would turn it back on in between and pay one pass over the order's objects
        # (see dtro_validation/collector.py). By the end each order is freed, so turning it
        # back on costs nothing.
        with collector_paused():
            results = [self._validate(Path(f), tra_code) for f in files]
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
        else:
            for result in results:
                self._write_text(result)
        if not all(r["valid"] for r in results):
            sys.exit(1)

    def _validate(self, path: Path, tra_code: int | None) -> dict[str, Any]:
        try:
            if path.stat().st_size > MAX_RAW_BYTES:
                raw = path.open("rb").read(MAX_RAW_BYTES + 1)
            else:
                raw = path.read_bytes()
            document = load_document(raw, filename=path.name)
        except InputError as exc:
            return {
                "file": str(path),
                "valid": False,
                "schemaVersion": None,
                "errors": [{"path": "", "code": exc.code, "message": exc.message}],
                "advice": [],
            }
        except OSError as exc:
            return {
                "file": str(path),
                "valid": False,
                "schemaVersion": None,
                "errors": [{"path": "", "code": "unreadable", "message": str(exc)}],
                "advice": [],
            }
        report = validate_document(document, tra_code=tra_code)
        return {
            "file": str(path),
            "valid": report.is_valid,
            "schemaVersion": report.schema_version,
            "errors": [
                {"path": i.path, "code": i.code, "message": i.message} for i in report.errors
            ],
            # What the service accepts but an officer may want to check; never fails the file.
            "advice": [
                {"path": i.path, "code": i.code, "message": i.message} for i in report.advice
            ],
        }

    def _write_text(self, result: dict[str, Any]) -> None:
        version = f" (schema {result['schemaVersion']})" if result["schemaVersion"] else ""
        if result["valid"]:
            self.stdout.write(self.style.SUCCESS(f"VALID    {result['file']}{version}"))
            self._write_advice(result)
            return
        count = len(result["errors"])
        self.stdout.write(
            self.style.ERROR(
                f"INVALID  {result['file']}{version}: {count} problem{'s' if count != 1 else ''}"
            )
        )
        for error in result["errors"]:
            where = error["path"] or "(whole document)"
            self.stdout.write(f"  - {where}  [{error['code']}]\n    {error['message']}")
        self._write_advice(result)

    def _write_advice(self, result: dict[str, Any]) -> None:
        for item in result.get("advice", []):
            where = item["path"] or "(whole document)"
            self.stdout.write(f"  advice: {where}  [{item['code']}]\n    {item['message']}")
