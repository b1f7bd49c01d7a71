"""Reading an officer's JSON: the editor's text and uploaded files, each problem in plain words."""

from __future__ import annotations

import json
from typing import Any

from dtro_validation import MAX_RAW_BYTES, InputError, load_document
from dtro_validation.limits import parse_json


class _NotJson(Exception):
    def __init__(self, problem: dict[str, Any]) -> None:
        super().__init__(problem["message"])
        self.problem = problem


def _parse_json(text: str) -> Any:
    """The editor's text as JSON, or _NotJson with a message (and line/column if known)."""
    try:
        return parse_json(text)
    except InputError as exc:
        raise _NotJson({"message": exc.message, "line": None}) from exc
    except json.JSONDecodeError as exc:
        raise _NotJson(
            {
                "message": (
                    f"This is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
                ),
                "line": exc.lineno,
                "column": exc.colno,
            }
        ) from exc
    except RecursionError as exc:
        problem = {"message": "This JSON nests too deeply to be a D-TRO.", "line": None}
        raise _NotJson(problem) from exc


def _read_upload(upload: Any) -> Any:
    if upload is None:
        raise InputError("missing", "Select a .json or .json.gz file to upload.")
    name = upload.name or ""
    if not name.lower().endswith((".json", ".json.gz", ".gz")):
        raise InputError("bad_type", "The selected file must be a .json or .json.gz file.")
    if upload.size > MAX_RAW_BYTES:
        # Checked before reading: the file is already on disk, not in memory.
        raise InputError(
            "too_large",
            f"The file is {upload.size / (1024 * 1024):.1f} MB; the D-TRO service accepts at "
            f"most {MAX_RAW_BYTES // (1024 * 1024)} MB per submission. Compress it as "
            f".json.gz or split the order.",
        )
    return load_document(upload.read(), filename=name)
