"""Reading the files of a batch one at a time: zip entries, files on disk, CSV export rows.

Nothing big is held: a zip's entries are inflated one by one and each stops at the single
upload's limit (`MAX_RAW_BYTES`), so a 30 MB entry or a gzip bomb becomes one file's problem.
The whole zip is refused up front when it is a zip bomb (too many entries, or more inflated
bytes in all than `MAX_TOTAL_BYTES`); Python's zip reader never inflates an entry past the
size its directory declares, so those declared sizes bound what is read.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings

from dtro_validation import MAX_RAW_BYTES, InputError

# Enough for a county's whole back catalogue; far below what would exhaust the disk or a worker.
MAX_ENTRIES = int(getattr(settings, "IMPORT_MAX_ENTRIES", 20_000))
MAX_TOTAL_BYTES = int(getattr(settings, "IMPORT_MAX_TOTAL_BYTES", 2 * 1024**3))
# The service's export holds whole orders in one CSV field; no order is over 25 MB inflated.
MAX_CSV_FIELD = 32 * 1024 * 1024
_DOCUMENT_SUFFIXES = (".json", ".json.gz", ".gz")
_IGNORED_PARTS = ("__MACOSX",)


@dataclass
class Entry:
    """One file of a batch. `read` returns its bytes, or raises InputError (plain English)."""

    position: int
    name: str
    size: int
    read: Callable[[], bytes]


@dataclass
class ExportRow:
    """One row of the service's CSV export."""

    position: int
    service_id: str
    schema_version: str
    tra_code: int | None
    data: Any
    problem: str = ""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_large(size: int) -> InputError:
    return InputError(
        "too_large",
        f"The file is {_mb(size)}; the D-TRO service accepts at most "
        f"{MAX_RAW_BYTES // (1024 * 1024)} MB per order. Compress it as .json.gz or split "
        f"the order.",
    )


def _refusal_of_name(name: str) -> InputError | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        return InputError(
            "unsafe_path",
            "The file's name points outside the zip (it contains '..' or starts with '/'), so "
            "it was not opened.",
        )
    lower = name.lower()
    if lower.endswith(".zip"):
        return InputError(
            "nested_zip", "A zip inside the zip is not opened. Add its files to the main zip."
        )
    if not lower.endswith(_DOCUMENT_SUFFIXES):
        return InputError("bad_type", "Only .json and .json.gz files are imported.")
    return None


def _refused(error: InputError) -> Callable[[], bytes]:
    def read() -> bytes:
        raise error

    return read


def check_zip(file: IO[bytes]) -> int:
    """The number of entries of a zip the import will take, or InputError for the whole zip."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = [info for info in archive.infolist() if not _skipped(info)]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError("bad_zip", "The file is not a zip file, or it is damaged.") from exc
    if len(infos) > MAX_ENTRIES:
        raise InputError(
            "too_many_files",
            f"The zip holds {len(infos):,} files; at most {MAX_ENTRIES:,} can be imported at "
            f"once. Split it into smaller zips.",
        )
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_TOTAL_BYTES:
        raise InputError(
            "zip_too_large",
            f"The zip expands to {_mb(inflated)}, more than the {_mb(MAX_TOTAL_BYTES)} one "
            f"import can take. Split it into smaller zips.",
        )
    if not infos:
        raise InputError("empty_zip", "The zip holds no files.")
    return len(infos)


def _skipped(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    return (
        info.is_dir()
        or any(part in _IGNORED_PARTS for part in parts)
        or (bool(parts) and parts[-1].startswith("."))
    )


def _zip_entries(path: Path | IO[bytes], start: int, label: str = "") -> Iterator[Entry]:
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not _skipped(info)]
        for offset, info in enumerate(infos):
            name = f"{label}{info.filename}"
            refusal = _refusal_of_name(info.filename)
            if refusal is None and info.file_size > MAX_RAW_BYTES:
                refusal = _too_large(info.file_size)
            if refusal is not None:
                yield Entry(start + offset, name, info.file_size, _refused(refusal))
                continue

            def read(info: zipfile.ZipInfo = info) -> bytes:
                try:
                    with archive.open(info) as member:
                        data = member.read(MAX_RAW_BYTES + 1)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise InputError("bad_zip", "This file of the zip is damaged.") from exc
                if len(data) > MAX_RAW_BYTES:
                    raise _too_large(len(data))
                return data

            yield Entry(start + offset, name, info.file_size, read)


def _disk_file(position: int, path: Path) -> Entry:
    size = path.stat().st_size
    refusal = _refusal_of_name(path.name)
    if refusal is None and size > MAX_RAW_BYTES:
        refusal = _too_large(size)
    if refusal is not None:
        return Entry(position, str(path), size, _refused(refusal))

    def read() -> bytes:
        with path.open("rb") as file:
            data = file.read(MAX_RAW_BYTES + 1)
        if len(data) > MAX_RAW_BYTES:
            raise _too_large(len(data))
        return data

    return Entry(position, str(path), size, read)


def expand_paths(paths: list[str]) -> list[str]:
    """Files, folders (walked recursively, in name order) and zips, as a list of files."""
    found: list[str] = []
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(
                    str(Path(root) / name) for name in sorted(files) if not name.startswith(".")
                )
        elif path.is_file():
            found.append(str(path))
        else:
            raise InputError("missing", f"{given} is not a file or a folder.")
    return found


def count_entries(paths: list[str]) -> int:
    total = 0
    for path in paths:
        if path.lower().endswith(".zip"):
            with open(path, "rb") as file:
                total += check_zip(file)
        else:
            total += 1
    return total


def entries_of_paths(paths: list[str], start: int = 0) -> Iterator[Entry]:
    """Every file, zips opened, numbered from 0; those before `start` are skipped cheaply."""
    position = 0
    for raw_path in paths:
        path = Path(raw_path)
        if path.suffix.lower() == ".zip":
            for entry in _zip_entries(path, position, label=f"{path}!"):
                position = entry.position + 1
                if entry.position >= start:
                    yield entry
        else:
            if position >= start:
                yield _disk_file(position, path)
            position += 1


def entries_of_zip(file: IO[bytes], start: int = 0) -> Iterator[Entry]:
    for entry in _zip_entries(file, 0):
        if entry.position >= start:
            yield entry


# --- the service's CSV export ---------------------------------------------------------------


def _raise_field_limit() -> None:
    # Only up: another reader in the process may already need more.
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(min(MAX_CSV_FIELD, sys.maxsize))


def _header_index(header: list[str]) -> dict[str, int]:
    # The service documents "Id, SchemaVersion, ..."; the sandbox serves camelCase.
    return {name.strip().lower().lstrip("\ufeff"): index for index, name in enumerate(header)}


def _tra_of(cells: list[str], columns: dict[str, int], data: Any) -> int | None:
    for column in ("currenttraowner", "tracreator"):
        if column in columns and cells[columns[column]].strip():
            try:
                return int(cells[columns[column]])
            except ValueError:
                return None
    source = data.get("source") if isinstance(data, dict) else None
    source = source or (data.get("Source") if isinstance(data, dict) else None)
    if isinstance(source, dict):
        for key in ("currentTraOwner", "traCreator"):
            if source.get(key) is not None:
                try:
                    return int(source[key])
                except (TypeError, ValueError):
                    return None
    return None


def export_rows(file: IO[bytes], start: int = 0) -> Iterator[ExportRow]:
    """The export's rows, streamed; a row that cannot be read is returned with `problem`."""
    import json

    _raise_field_limit()
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError("bad_csv", f"The CSV file cannot be read ({exc}).") from exc
    columns = _header_index(header)
    if not {"id", "schemaversion", "data"} <= columns.keys():
        raise InputError(
            "bad_csv",
            "This is not the D-TRO service's export: it needs the columns Id, SchemaVersion "
            "and Data.",
        )
    position = -1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            position += 1
            yield ExportRow(position, "", "", None, None, f"The row cannot be read ({exc}).")
            return
        position += 1
        if position < start:
            continue
        if len(cells) < len(header):
            yield ExportRow(position, "", "", None, None, "The row has missing columns.")
            continue
        service_id = cells[columns["id"]].strip()
        try:
            data = json.loads(cells[columns["data"]])
        except (json.JSONDecodeError, RecursionError):
            yield ExportRow(
                position, service_id, "", None, None, "The row's Data is not valid JSON."
            )
            continue
        yield ExportRow(
            position,
            service_id,
            cells[columns["schemaversion"]].strip(),
            _tra_of(cells, columns, data),
            data,
        )


def count_rows(file: IO[bytes]) -> int:
    """Rows of an export (records, not lines: a quoted field may span lines)."""
    _raise_field_limit()
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        return max(sum(1 for _ in csv.reader(text)) - 1, 0)
    except csv.Error as exc:
        raise InputError("bad_csv", f"The CSV file cannot be read ({exc}).") from exc
    finally:
        text.detach()
